package dev.cairn.launcher;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The embedded MongoDB stand-in ({@code mongo-java-server}): a fake, used only because no real
 * {@code mongod} can be installed on the machines Cairn is developed and tested on. It speaks the
 * wire protocol to the official driver, keeps its data in an H2 MVStore file (or in memory for
 * tests), and has its oplog enabled so that collection change streams work. It has no transactions;
 * see DESIGN.md for its other limits. Production uses a real replica set.
 */
public final class EmbeddedMongo implements AutoCloseable {
  private final MongoServer server;
  private final String host;
  private final int port;

  private EmbeddedMongo(MongoServer server, String host, int port) {
    this.server = server;
    this.host = host;
    this.port = port;
  }

  /**
   * Starts a server bound to {@code host:port}.
   *
   * @param dataFile the MVStore file that keeps the data across restarts, or empty for memory only
   * @param port the port, or 0 for a free one
   */
  public static EmbeddedMongo start(String host, int port, Optional<Path> dataFile)
      throws IOException {
    MongoBackend backend;
    if (dataFile.isPresent()) {
      Files.createDirectories(dataFile.get().toAbsolutePath().getParent());
      backend = new H2Backend(dataFile.get().toString());
    } else {
      backend = new MemoryBackend();
    }
    MongoServer server = new MongoServer(backend);
    server.enableOplog();
    server.bind(host, port);
    return new EmbeddedMongo(server, host, server.getLocalAddress().getPort());
  }

  public int port() {
    return port;
  }

  /** A connection string for the official driver. */
  public String connectionString() {
    return "mongodb://" + host + ":" + port;
  }

  /** Stops accepting connections and closes the backend, flushing the data file. */
  @Override
  public void close() {
    server.shutdown();
  }
}
