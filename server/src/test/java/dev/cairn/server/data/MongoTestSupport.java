package dev.cairn.server.data;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.cairn.launcher.EmbeddedMongo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-memory embedded MongoDB stand-in and a driver client on it, for one test class. As a
 * {@code static final} field annotated {@code RegisterExtension} it starts with the class and stops
 * after the class's last test.
 */
public final class MongoTestSupport implements AutoCloseable, AfterAllCallback {
  private final EmbeddedMongo server;
  private final MongoClient client;

  public MongoTestSupport() {
    try {
      server = EmbeddedMongo.start("localhost", 0, Optional.empty());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    client = MongoClients.create(server.connectionString());
  }

  public MongoClient client() {
    return client;
  }

  /** The stand-in's connection string, for a test that needs a client of its own. */
  public String connectionString() {
    return server.connectionString();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
