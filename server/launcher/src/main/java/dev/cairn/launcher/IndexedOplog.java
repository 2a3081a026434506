package dev.cairn.launcher;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * The stand-in's oplog: every entry is kept in the {@code local.oplog.rs} collection (so a data
 * file keeps it across restarts and a change stream resumes from a stored token) and in an
 * in-memory index ordered by timestamp, which change streams read from their position on.
 *
 * <p>Part of the embedded MongoDB stand-in (a fake; see {@link EmbeddedMongo}): no real {@code
 * mongod} can run on the machines Cairn is built and tested on. The library's own oplog streamed,
 * filtered and sorted the whole collection on every change-stream poll, which was two thirds of the
 * stand-in's CPU while Cairn's change feed followed a stream of writes (SyncBench, issue 18); a
 * poll here costs the entries written since the stream's last poll ({@link #entriesReadByPolls()}
 * counts them). The entries and events have the library's shape ({@link ChangeEvents}).
 *
 * <p>Thread-safe. Entries get their timestamp and enter the collection and the index under one
 * lock, so the index only ever grows at its end and a poll that reads an entry has seen every
 * earlier one. The clock starts after the newest stored entry ({@link OplogTimestamps}). {@link
 * #trim} drops entries from the oldest end of the index and the collection alike.
 */
final class IndexedOplog implements Oplog {
  private static final long ELECTION_TERM = 1L;

  private final MongoBackend backend;
  private final MongoCollection<Document> collection;
  private final CursorRegistry cursors;
  private final Clock clock;
  private final ConcurrentNavigableMap<Long, Document> index =
      new ConcurrentSkipListMap<>(Long::compareUnsigned);
  private final AtomicInteger size = new AtomicInteger();
  private final LongAdder readByPolls = new LongAdder();
  private final OplogTimestamps timestamps;
  private final UUID ui = UUID.randomUUID();
  private final Object appending = new Object();

  /**
   * Indexes the entries {@code collection} holds already.
   *
   * @param collection {@code local.oplog.rs}
   * @param cursors the backend's cursor registry, where change-stream cursors are registered
   */
  IndexedOplog(
      MongoBackend backend,
      MongoCollection<Document> collection,
      CursorRegistry cursors,
      Clock clock) {
    this.backend = backend;
    this.collection = collection;
    this.cursors = cursors;
    this.clock = clock;
    collection
        .queryAllAsStream()
        .forEach(entry -> index.put(ChangeEvents.timestampOf(entry), entry));
    size.set(index.size());
    this.timestamps = new OplogTimestamps(clock, index.isEmpty() ? 0 : index.lastKey());
  }

  @Override
  public void handleInsert(String namespace, List<Document> documents) {
    if (isOwn(namespace)) {
      return;
    }
    synchronized (appending) {
      for (Document document : documents) {
        append(entry(ChangeEvents.INSERT, namespace).append("o", document.cloneDeeply()));
      }
    }
  }

  @Override
  public void handleUpdate(
      String namespace, Document selector, Document query, List<Object> modifiedIds) {
    if (isOwn(namespace)) {
      return;
    }
    synchronized (appending) {
      for (Object id : modifiedIds) {
        append(
            entry(ChangeEvents.UPDATE, namespace)
                .append("o", query)
                .append("o2", new Document("_id", id)));
      }
    }
  }

  @Override
  public void handleDelete(String namespace, Document query, List<Object> deletedIds) {
    if (isOwn(namespace)) {
      return;
    }
    synchronized (appending) {
      for (Object id : deletedIds) {
        append(entry(ChangeEvents.DELETE, namespace).append("o", new Document("_id", id)));
      }
    }
  }

  @Override
  public void handleDropCollection(String namespace) {
    if (isOwn(namespace)) {
      return;
    }
    int dot = namespace.indexOf('.');
    synchronized (appending) {
      append(
          entry(ChangeEvents.COMMAND, namespace.substring(0, dot) + ".$cmd")
              .append("o", new Document("drop", namespace.substring(dot + 1))));
    }
  }

  /** Must hold {@link #appending}: the timestamp's order is the index's order. */
  private Document entry(String operation, String namespace) {
    return new Document()
        .append(ChangeEvents.TIMESTAMP, new BsonTimestamp(timestamps.next()))
        .append("t", ELECTION_TERM)
        .append("h", 0L)
        .append("v", 2L)
        .append(ChangeEvents.OPERATION, operation)
        .append(ChangeEvents.NAMESPACE, namespace)
        .append("ui", ui)
        .append(ChangeEvents.WALL, clock.instant());
  }

  /** Must hold {@link #appending}. In the collection first, so an indexed entry is stored. */
  private void append(Document entry) {
    collection.addDocument(entry);
    index.put(ChangeEvents.timestampOf(entry), entry);
    size.incrementAndGet();
  }

  private boolean isOwn(String namespace) {
    return collection.getFullName().equals(namespace);
  }

  /**
   * Opens a change stream on {@code namespace} from {@code startAfter}, {@code resumeAfter}, {@code
   * startAtOperationTime} (inclusive) or, without any, after the newest entry. Resuming after a
   * token at or after a drop of the collection answers {@code invalidate}, as the library does.
   */
  @Override
  public Cursor createCursor(Document changeStream, String namespace, Aggregation aggregation) {
    long position;
    boolean inclusive = false;
    if (changeStream.get("startAfter") != null) {
      position = ChangeEvents.timestampOf(changeStream.get("startAfter"));
    } else if (changeStream.get("resumeAfter") != null) {
      position = ChangeEvents.timestampOf(changeStream.get("resumeAfter"));
      if (droppedAtOrBefore(position, namespace)) {
        return new InvalidatedChangeStream(position);
      }
    } else if (changeStream.get("startAtOperationTime") instanceof BsonTimestamp operationTime) {
      position = operationTime.getValue();
      inclusive = true;
    } else {
      position = timestamps.last();
    }
    ChangeStreamCursor cursor =
        new ChangeStreamCursor(
            cursors.generateCursorId(),
            this,
            namespace,
            new ChangeEvents(backend, changeStream),
            aggregation,
            position,
            inclusive);
    cursors.add(cursor);
    return cursor;
  }

  private boolean droppedAtOrBefore(long position, String namespace) {
    return index.headMap(position, true).values().stream()
        .anyMatch(entry -> ChangeEvents.drops(entry, namespace));
  }

  /** The entries after {@code position} (or at it, if {@code inclusive}), oldest first. */
  Stream<Document> entriesFrom(long position, boolean inclusive) {
    return index.tailMap(position, inclusive).values().stream().peek(entry -> readByPolls.add(1));
  }

  /** How many entries change-stream polls have read, for tests that a poll reads only new ones. */
  long entriesReadByPolls() {
    return readByPolls.sum();
  }

  /** How many entries the oplog holds. */
  int size() {
    return size.get();
  }

  /**
   * Drops the oldest entries beyond the newest {@code maxEntries}, then those written more than
   * {@code maxAge} ago, from the index and the collection. Age is read from the oldest end and
   * stops at the first younger entry, so it costs the entries it drops (timestamps follow the wall
   * clock, so that end is the oldest).
   *
   * @return how many were dropped
   */
  long trim(int maxEntries, Duration maxAge) {
    Instant cutoff = clock.instant().minus(maxAge);
    long dropped = 0;
    while (size.get() > maxEntries && dropOldest()) {
      dropped++;
    }
    Map.Entry<Long, Document> oldest;
    while ((oldest = index.firstEntry()) != null
        && writtenAt(oldest.getValue()).isBefore(cutoff)
        && dropOldest()) {
      dropped++;
    }
    return dropped;
  }

  private boolean dropOldest() {
    Map.Entry<Long, Document> oldest = index.pollFirstEntry();
    if (oldest == null) {
      return false;
    }
    size.decrementAndGet();
    collection.removeDocument(oldest.getValue());
    return true;
  }

  private static Instant writtenAt(Document entry) {
    Object wall = entry.get(ChangeEvents.WALL);
    if (wall instanceof Instant instant) {
      return instant;
    }
    if (wall instanceof Date date) {
      return date.toInstant();
    }
    return Instant.ofEpochSecond(((BsonTimestamp) entry.get(ChangeEvents.TIMESTAMP)).getTime());
  }
}
