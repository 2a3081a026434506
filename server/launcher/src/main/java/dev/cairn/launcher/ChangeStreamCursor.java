package dev.cairn.launcher;

import de.bwaldvogel.mongo.backend.AbstractCursor;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A change stream's server-side cursor: each poll reads the oplog's index from the stream's
 * position on, so it costs the entries written since the last poll, not the whole oplog.
 *
 * <p>Part of the embedded MongoDB stand-in (a fake; see {@link EmbeddedMongo}). The position moves
 * past every entry a poll read, also those the stream's namespace or pipeline left out, so they are
 * not read again; when a poll stops at its batch size, it moves to the last event returned, as the
 * library's cursor does. One client drives a cursor at a time (the driver's getMore calls on it do
 * not overlap).
 */
final class ChangeStreamCursor extends AbstractCursor {
  private final IndexedOplog oplog;
  private final String namespace;
  private final ChangeEvents events;
  private final Aggregation aggregation;
  private long position;
  private boolean inclusive;

  /**
   * @param position the timestamp the stream starts at
   * @param inclusive whether the entry at {@code position} itself is returned
   */
  ChangeStreamCursor(
      long id,
      IndexedOplog oplog,
      String namespace,
      ChangeEvents events,
      Aggregation aggregation,
      long position,
      boolean inclusive) {
    super(id);
    this.oplog = oplog;
    this.namespace = namespace;
    this.events = events;
    this.aggregation = aggregation;
    this.position = position;
    this.inclusive = inclusive;
  }

  /** A change stream never runs dry: the next poll may find new entries. */
  @Override
  public boolean isEmpty() {
    return false;
  }

  @Override
  public List<Document> takeDocuments(int numberToReturn) {
    long[] lastRead = {position};
    boolean[] readAny = {false};
    Stream<Document> read =
        oplog
            .entriesFrom(position, inclusive)
            .peek(
                entry -> {
                  lastRead[0] = ChangeEvents.timestampOf(entry);
                  readAny[0] = true;
                })
            .filter(entry -> ChangeEvents.concerns(entry, namespace))
            .map(events::of);
    Stream<Document> returned = aggregation.runStagesAsStream(read);
    if (numberToReturn > 0) {
      returned = returned.limit(numberToReturn);
    }
    List<Document> batch = returned.collect(Collectors.toList());
    if (numberToReturn > 0 && batch.size() == numberToReturn) {
      moveAfter(lastReturned(batch, lastRead[0]));
    } else if (readAny[0]) {
      moveAfter(lastRead[0]);
    }
    return batch;
  }

  private static long lastReturned(List<Document> batch, long lastRead) {
    Object token = batch.get(batch.size() - 1).get("_id");
    return token == null ? lastRead : ChangeEvents.timestampOf(token);
  }

  private void moveAfter(long timestamp) {
    position = timestamp;
    inclusive = false;
  }
}
