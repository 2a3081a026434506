package dev.cairn.server.changes;

import com.mongodb.MongoException;
import com.mongodb.client.ChangeStreamIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.changestream.FullDocument;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToIntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.Decoder;
import org.bson.codecs.DecoderContext;

/**
 * This node's one cursor on the change journal: a change stream on the journal collection (inserts
 * only), so a change committed on any node reaches this node in commit order. The cursor's position
 * is stored per node in {@code cairn.feedPositions} (at most once per second, and at stop), and a
 * restarted node resumes from it; a change may then be delivered twice, never skipped, unless
 * MongoDB no longer holds that history (then the feed starts afresh and logs a warning; clients
 * catch up through delta sync when they reconnect). Entries are delivered in the batches the cursor
 * reads them in, one span per batch ({@link ChangeFeedTracing}). The cursor hands over the change
 * events as they arrive ({@link RawBsonDocument}) and the feed decodes only each event's journal
 * entry, with the collection's own {@link Document} codec: the driver's {@code
 * ChangeStreamDocument} (a POJO codec) cost a third of the feed thread's CPU (JFR of SyncBench,
 * issue 18).
 */
public final class ChangeFeed implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ChangeFeed.class.getName());
  static final String POSITIONS = "feedPositions";
  private static final long SAVE_EVERY_MS = 1000;
  private static final long AWAIT_MS = 250;

  /**
   * An empty answer faster than this means the server did not wait for new entries (MongoDB waits
   * up to {@link #AWAIT_MS}; the embedded stand-in answers at once), so the feed pauses briefly
   * instead of spinning: 1, 2, 4, 8, 16, then 20 ms while the journal stays quiet (an idle node's
   * polls cost it 1.9% of a core at 10 ms).
   */
  private static final long SERVER_WAITED_NANOS = TimeUnit.MILLISECONDS.toNanos(AWAIT_MS / 5);

  private static final long MAX_IDLE_PAUSE_MS = 20;

  /**
   * While entries keep coming, the feed asks for more at most this often: every answer in between
   * would carry an entry or two, and each request costs the database a cursor read and this node
   * tens of µs of CPU in the driver. Adds at most this much to a change's delivery.
   */
  static final long BUSY_POLL_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private static final String FULL_DOCUMENT = "fullDocument";

  private static final DecoderContext DECODING = DecoderContext.builder().build();

  private final MongoCollection<Document> journal;
  private final Decoder<Document> entries;
  private final MongoCollection<Document> positions;
  private final String nodeId;
  private final ToIntFunction<ChangeEntry> sink;
  private final ChangeFeedTracing tracing;
  private final Clock clock;
  private final Thread thread;
  private final CountDownLatch started = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile MongoCursor<RawBsonDocument> cursor;

  /**
   * @param nodeId identifies this node's stored position; stable across restarts of the node
   * @param sink receives every change, on the feed's own thread, in journal order, and answers how
   *     many deliveries it made of it
   */
  public ChangeFeed(
      MongoClient client,
      String nodeId,
      ToIntFunction<ChangeEntry> sink,
      ChangeFeedTracing tracing,
      ThreadFactory threads,
      Clock clock) {
    this.journal =
        client
            .getDatabase(MongoChangeJournal.DATABASE)
            .getCollection(MongoChangeJournal.COLLECTION);
    this.entries = journal.getCodecRegistry().get(Document.class);
    this.positions = client.getDatabase(MongoChangeJournal.DATABASE).getCollection(POSITIONS);
    this.nodeId = nodeId;
    this.sink = sink;
    this.tracing = tracing;
    this.clock = clock;
    this.thread = threads.newThread(this::run);
    this.thread.setName("cairn-change-feed");
  }

  /**
   * Starts delivering and waits up to 30 s for the cursor to open. If MongoDB is not reachable by
   * then, the feed keeps trying in the background and this returns anyway (with a warning), so a
   * node can start while its database comes up.
   */
  public ChangeFeed start() throws InterruptedException {
    thread.start();
    if (!started.await(30, TimeUnit.SECONDS)) {
      LOG.warning("the change feed could not open its cursor within 30 s; it keeps trying");
    }
    return this;
  }

  private void run() {
    BsonDocument token = storedPosition();
    long lastSaved = clock.millis();
    BsonDocument unsaved = null;
    while (running) {
      try (MongoCursor<RawBsonDocument> c = open(token)) {
        cursor = c;
        started.countDown();
        int quietPolls = 0;
        while (running) {
          long polled = System.nanoTime();
          RawBsonDocument change = c.tryNext();
          if (change != null) {
            quietPolls = 0;
          } else if (System.nanoTime() - polled < SERVER_WAITED_NANOS) {
            idlePause(quietPolls++);
          }
          if (change != null) {
            List<Document> batch = new ArrayList<>();
            // the rest of the batch the cursor holds already (no round trip)
            while (change != null) {
              if (change.get(FULL_DOCUMENT) instanceof BsonDocument entry) {
                batch.add(decode(entry));
              }
              token = change.getDocument("_id"); // the event's resume token
              change = c.available() > 0 ? c.tryNext() : null;
            }
            if (!batch.isEmpty()) {
              tracing.deliver(batch, this::deliver);
            }
            unsaved = token;
            pauseNanos(busyPause(System.nanoTime() - polled));
          }
          if (unsaved != null && clock.millis() - lastSaved >= SAVE_EVERY_MS) {
            save(unsaved);
            unsaved = null;
            lastSaved = clock.millis();
          }
        }
      } catch (MongoException e) {
        if (!running) {
          break;
        }
        if (isHistoryLost(e)) {
          LOG.warning("the journal no longer holds this node's position; starting from now");
          token = null;
        } else {
          LOG.log(Level.WARNING, "the change feed failed; reopening it", e);
        }
        pause();
      }
    }
    if (unsaved != null) {
      save(unsaved);
    }
  }

  private MongoCursor<RawBsonDocument> open(BsonDocument token) {
    ChangeStreamIterable<Document> stream =
        journal
            .watch(List.of(Aggregates.match(Filters.eq("operationType", "insert"))))
            .fullDocument(FullDocument.DEFAULT)
            .maxAwaitTime(AWAIT_MS, TimeUnit.MILLISECONDS);
    if (token != null) {
      stream = stream.resumeAfter(token);
    }
    return stream.withDocumentClass(RawBsonDocument.class).cursor();
  }

  /** A journal entry as the collection's codec reads it, as the driver's change event held it. */
  private Document decode(BsonDocument entry) {
    return entry instanceof RawBsonDocument raw
        ? raw.decode(entries)
        : entries.decode(new BsonDocumentReader(entry), DECODING);
  }

  private int deliver(Document entry) {
    try {
      return sink.applyAsInt(MongoChangeJournal.fromDocument(entry));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "a journal entry could not be delivered: " + entry.get("_id"), e);
      return 0;
    }
  }

  private BsonDocument storedPosition() {
    Document stored = positions.find(Filters.eq("_id", nodeId)).first();
    if (stored == null || stored.get("token") == null) {
      return null;
    }
    return BsonDocument.parse(stored.getString("token"));
  }

  private void save(BsonDocument token) {
    try {
      positions.replaceOne(
          Filters.eq("_id", nodeId),
          new Document("_id", nodeId).append("token", token.toJson()).append("at", clock.millis()),
          new ReplaceOptions().upsert(true));
    } catch (MongoException e) {
      LOG.log(Level.WARNING, "could not store the change feed position", e);
    }
  }

  private static boolean isHistoryLost(MongoException e) {
    return e.getCode() == 286 || e.getCode() == 280;
  }

  private void idlePause(int quietPolls) {
    long millis = Math.min(MAX_IDLE_PAUSE_MS, 1L << Math.min(quietPolls, 5));
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /**
   * How long to wait before the next request, {@code sincePoll} after the last one that answered.
   */
  static long busyPause(long sincePoll) {
    return Math.max(0, BUSY_POLL_GAP_NANOS - sincePoll);
  }

  private void pauseNanos(long nanos) {
    if (nanos > 0) {
      LockSupport.parkNanos(nanos);
      if (Thread.interrupted()) {
        running = false;
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(1000); // back off before reopening against a failing server
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Stops delivering, stores the position, and waits for the feed's thread to end. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(TimeUnit.SECONDS.toMillis(10));
  }
}
