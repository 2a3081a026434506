package dev.cairn.server.data;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.cairn.server.observability.MongoTracing;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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

  @Inject Tracer tracer;

  /**
   * MicroProfile Telemetry's own switch (default {@code true}). A command listener makes the driver
   * decode every command and reply into a {@code BsonDocument} for its events (measured: about a
   * sixth of a mutation's server CPU), so the tracing listener is only added when traces are on.
   */
  @Inject
  @ConfigProperty(name = "otel.sdk.disabled", defaultValue = "true")
  boolean tracingDisabled;

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
    return MongoClients.create(withTracing(settings(connection), !tracingDisabled, () -> tracer));
  }

  /** {@code settings}, plus the {@link MongoTracing} listener when {@code traced}. */
  static MongoClientSettings withTracing(
      MongoClientSettings settings, boolean traced, Supplier<Tracer> tracer) {
    if (!traced) {
      return settings;
    }
    return MongoClientSettings.builder(settings)
        .addCommandListener(new MongoTracing(tracer))
        .build();
  }

  /**
   * The client's settings: the connection string's, plus majority writes waiting for the journal
   * and majority reads on a replicated deployment (a connection string naming a replica set, an SRV
   * record or several hosts) unless the string sets its own concerns. Weaker settings lose
   * acknowledged writes on a failover (Jepsen, MongoDB 3.4–4.2.6); a single host (the embedded
   * stand-in, a standalone {@code mongod}) has no majority to wait for.
   */
  static MongoClientSettings settings(ConnectionString connection) {
    MongoClientSettings.Builder settings =
        MongoClientSettings.builder()
            .applyConnectionString(connection)
            .applyToClusterSettings(c -> c.serverSelectionTimeout(5, TimeUnit.SECONDS))
            .applicationName("cairn-server");
    boolean replicated =
        connection.getRequiredReplicaSetName() != null
            || connection.isSrvProtocol()
            || connection.getHosts().size() > 1;
    if (replicated && connection.getWriteConcern() == null) {
      settings.writeConcern(WriteConcern.MAJORITY.withJournal(true));
    }
    if (replicated && connection.getReadConcern() == null) {
      settings.readConcern(ReadConcern.MAJORITY);
    }
    return settings.build();
  }

  void close(@Disposes MongoClient client) {
    client.close();
  }
}
