package dev.cairn.server.data;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one {@link MongoClient} of this node, built from {@code cairn.mongo.uri} ({@code
 * CAIRN_MONGO_URI}). The client is thread-safe and pools its connections; it is closed when the
 * application stops.
 */
@ApplicationScoped
public class MongoClientProducer {
  @Inject
  @ConfigProperty(name = "cairn.mongo.uri")
  String uri;

  @Produces
  @ApplicationScoped
  MongoClient mongoClient() {
    ConnectionString connection;
    try {
      connection = new ConnectionString(uri);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "cairn.mongo.uri is not a MongoDB connection string (" + e.getMessage() + ")", e);
    }
    return MongoClients.create(
        MongoClientSettings.builder()
            .applyConnectionString(connection)
            .applyToClusterSettings(c -> c.serverSelectionTimeout(5, TimeUnit.SECONDS))
            .applicationName("cairn-server")
            .build());
  }

  void close(@Disposes MongoClient client) {
    client.close();
  }
}
