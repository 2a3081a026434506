package dev.cairn.launcher;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bson.Document;

/**
 * The embedded MongoDB stand-in ({@code mongo-java-server}): a fake, used only because no real
 * {@code mongod} can be installed on the machines Cairn is developed and tested on. It speaks the
 * wire protocol to the official driver, keeps its data in an H2 MVStore file (or in memory for
 * tests), and has its oplog enabled so that collection change streams work. It has no transactions;
 * see DESIGN.md for its other limits. Production uses a real replica set.
 *
 * <p>The oplog is capped, as a replica set's is: every {@link #TRIM_EVERY} (by age every 10 s) it
 * keeps at most {@link #OPLOG_ENTRIES} entries of the last {@link #OPLOG_AGE}. The stand-in keeps
 * its oplog as a plain collection and scans all of it on every change-stream poll (measured: 0.3 µs
 * per entry, 30 ms per poll at 100,000 entries), so an uncapped oplog made every poll slower with
 * every write. A change stream resumed from a trimmed position reports lost history, as MongoDB
 * does. Writes to collections no change stream follows are not logged at all ({@link
 * WatchedNamespacesOplog}).
 */
public final class EmbeddedMongo implements AutoCloseable {
  static final int OPLOG_ENTRIES = 2_000;
  static final Duration OPLOG_AGE = Duration.ofMinutes(10);
  static final Duration TRIM_EVERY = Duration.ofMillis(250);

  private static final Logger LOG = Logger.getLogger(EmbeddedMongo.class.getName());

  private final MongoServer server;
  private final String host;
  private final int port;
  private final MongoClient client;
  private final ScheduledExecutorService trimmer;
  private long trims; // only the trimmer's thread touches it

  private EmbeddedMongo(MongoServer server, String host, int port) {
    this.server = server;
    this.host = host;
    this.port = port;
    this.client = MongoClients.create(connectionString());
    this.trimmer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "embedded-mongo-oplog-trimmer");
              t.setDaemon(true);
              return t;
            });
    trimmer.scheduleWithFixedDelay(
        this::trimQuietly, TRIM_EVERY.toMillis(), TRIM_EVERY.toMillis(), TimeUnit.MILLISECONDS);
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
      backend =
          new H2Backend(dataFile.get().toString()) {
            @Override
            protected Oplog createOplog() {
              return followedOnly(this, super.createOplog());
            }
          };
    } else {
      backend =
          new MemoryBackend() {
            @Override
            protected Oplog createOplog() {
              return followedOnly(this, super.createOplog());
            }
          };
    }
    MongoServer server = new MongoServer(backend);
    server.enableOplog();
    server.bind(host, port);
    return new EmbeddedMongo(server, host, server.getLocalAddress().getPort());
  }

  @SuppressWarnings("unchecked")
  private static Oplog followedOnly(AbstractMongoBackend backend, Oplog own) {
    return new WatchedNamespacesOplog(
        own,
        (de.bwaldvogel.mongo.MongoCollection<de.bwaldvogel.mongo.bson.Document>)
            backend.resolveDatabase("local").resolveCollection("oplog.rs", true));
  }

  public int port() {
    return port;
  }

  /** A connection string for the official driver. */
  public String connectionString() {
    return "mongodb://" + host + ":" + port;
  }

  /**
   * Drops oplog entries beyond the newest {@code maxEntries} and those older than {@code maxAge}.
   *
   * @return how many were dropped
   */
  long trimOplog(int maxEntries, Duration maxAge) {
    MongoCollection<Document> oplog = client.getDatabase("local").getCollection("oplog.rs");
    long dropped =
        oplog
            .deleteMany(
                Filters.lt("wall", new Date(System.currentTimeMillis() - maxAge.toMillis())))
            .getDeletedCount();
    long count = oplog.estimatedDocumentCount();
    if (count > maxEntries) {
      Document oldestKept =
          oplog
              .find()
              .sort(Sorts.ascending("ts"))
              .skip((int) (count - maxEntries))
              .limit(1)
              .projection(Projections.include("ts"))
              .first();
      if (oldestKept != null) {
        dropped += oplog.deleteMany(Filters.lt("ts", oldestKept.get("ts"))).getDeletedCount();
      }
    }
    return dropped;
  }

  private void trimQuietly() {
    try {
      // The count check is cheap; dropping by age scans the oplog, so it runs every 40th time (10
      // s).
      if (++trims % 40 == 0
          || client.getDatabase("local").getCollection("oplog.rs").estimatedDocumentCount()
              > OPLOG_ENTRIES) {
        trimOplog(OPLOG_ENTRIES, OPLOG_AGE);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "could not trim the oplog; trying again later", e);
    }
  }

  /** Stops accepting connections and closes the backend, flushing the data file. */
  @Override
  public void close() {
    trimmer.shutdownNow();
    try {
      trimmer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
    server.shutdown();
  }
}
