package dev.cairn.launcher;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The embedded MongoDB stand-in ({@code mongo-java-server}): a fake, used only because no real
 * {@code mongod} can be installed on the machines Cairn is developed and tested on. It speaks the
 * wire protocol to the official driver, keeps its data in an H2 MVStore file (or in memory for
 * tests), and has its oplog enabled so that collection change streams work. It has no transactions;
 * see DESIGN.md for its other limits. Production uses a real replica set.
 *
 * <p>Its oplog is the stand-in's own {@link IndexedOplog}: entries kept in {@code local.oplog.rs}
 * and indexed by timestamp in memory, so a change-stream poll reads only the entries after the
 * stream's position (the library's oplog streamed, filtered and sorted the whole collection on
 * every poll). Writes to collections no change stream follows are not logged at all ({@link
 * WatchedNamespacesOplog}). The oplog is capped, as a replica set's is: every {@link #TRIM_EVERY}
 * it keeps at most {@link #OPLOG_ENTRIES} entries of the last {@link #OPLOG_AGE}. Unlike MongoDB, a
 * change stream resumed from a trimmed position does not report lost history: it goes on from the
 * oldest entry kept.
 */
public final class EmbeddedMongo implements AutoCloseable {
  static final int OPLOG_ENTRIES = 2_000;
  static final Duration OPLOG_AGE = Duration.ofMinutes(10);
  static final Duration TRIM_EVERY = Duration.ofMillis(250);

  private static final Logger LOG = Logger.getLogger(EmbeddedMongo.class.getName());

  private static final String OPLOG_COLLECTION = "oplog.rs";

  private final MongoServer server;
  private final IndexedOplog oplog;
  private final String host;
  private final int port;
  private final ScheduledExecutorService trimmer;

  private EmbeddedMongo(MongoServer server, IndexedOplog oplog, String host, int port) {
    this.server = server;
    this.oplog = oplog;
    this.host = host;
    this.port = port;
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
    AtomicReference<IndexedOplog> made = new AtomicReference<>();
    MongoBackend backend;
    if (dataFile.isPresent()) {
      Files.createDirectories(dataFile.get().toAbsolutePath().getParent());
      backend =
          new H2Backend(dataFile.get().toString()) {
            @Override
            protected Oplog createOplog() {
              return standInOplog(this, getCursorRegistry(), made);
            }
          };
    } else {
      backend =
          new MemoryBackend() {
            @Override
            protected Oplog createOplog() {
              return standInOplog(this, getCursorRegistry(), made);
            }
          };
    }
    MongoServer server = new MongoServer(backend);
    server.enableOplog();
    server.bind(host, port);
    return new EmbeddedMongo(server, made.get(), host, server.getLocalAddress().getPort());
  }

  /**
   * The oplog {@code backend} logs through: {@link IndexedOplog} over {@code local.oplog.rs},
   * logging only namespaces a change stream follows ({@link WatchedNamespacesOplog}).
   */
  @SuppressWarnings("unchecked")
  private static Oplog standInOplog(
      AbstractMongoBackend backend, CursorRegistry cursors, AtomicReference<IndexedOplog> made) {
    MongoDatabase local = backend.resolveDatabase("local");
    MongoCollection<Document> entries =
        (MongoCollection<Document>) local.resolveCollection(OPLOG_COLLECTION, false);
    if (entries == null) {
      entries = (MongoCollection<Document>) local.createCollectionOrThrowIfExists(OPLOG_COLLECTION);
    }
    IndexedOplog oplog = new IndexedOplog(backend, entries, cursors, backend.getClock());
    made.set(oplog);
    return new WatchedNamespacesOplog(oplog, entries);
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
    return oplog.trim(maxEntries, maxAge);
  }

  /** The oplog, for tests of what its change-stream polls read. */
  IndexedOplog oplog() {
    return oplog;
  }

  private void trimQuietly() {
    try {
      trimOplog(OPLOG_ENTRIES, OPLOG_AGE);
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
    server.shutdown();
  }
}
