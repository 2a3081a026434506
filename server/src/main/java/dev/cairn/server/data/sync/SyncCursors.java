package dev.cairn.server.data.sync;

import dev.cairn.server.data.RecordCursor;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;

/**
 * Database cursors of paginated list and sync queries, kept open between pages on the node that
 * served the last page. A client that asks for the next page on the same node continues the same
 * cursor instead of starting a new query after the last {@code _id}: one query per sync rather than
 * one per page. On the embedded MongoDB, which sorts the whole collection for every query, that
 * turns a 100,000-record base sync from quadratic into linear; on MongoDB it saves an index seek
 * and a round trip per page.
 *
 * <p>It is only a shortcut: every {@code nextToken} also carries the last {@code _id}, so a page
 * asked of another node, after a restart, after {@link #idleTimeout}, or while the cursor is busy
 * with a concurrent request for the same page, is answered by a fresh query with the same result
 * order. At most {@code maxParked} cursors are kept (each holds up to one batch of records in
 * memory); beyond that, pages are answered the stateless way. Thread-safe.
 */
public final class SyncCursors {
  private record Parked(RecordCursor cursor, Document binding, Object lastId, long parkedAt) {}

  private final ConcurrentHashMap<String, Parked> parked = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration idleTimeout;
  private final int maxParked;
  private volatile long lastSweep;

  public SyncCursors(Clock clock, Duration idleTimeout, int maxParked) {
    this.clock = clock;
    this.idleTimeout = idleTimeout;
    this.maxParked = maxParked;
  }

  /** Keeps cursors 30 s between pages, at most 64 at once. */
  public static SyncCursors defaults(Clock clock) {
    return new SyncCursors(clock, Duration.ofSeconds(30), 64);
  }

  /**
   * Parks a cursor positioned after {@code lastId} for the query {@code binding}.
   *
   * @return the id to put into the next page's token, or empty when the cursor was closed instead
   */
  Optional<String> park(RecordCursor cursor, Document binding, Object lastId) {
    sweep();
    if (parked.size() >= maxParked) {
      cursor.close();
      return Optional.empty();
    }
    String id = UUID.randomUUID().toString();
    parked.put(id, new Parked(cursor, binding, lastId, clock.millis()));
    return Optional.of(id);
  }

  /**
   * Takes out the cursor parked under {@code id} if it belongs to the query {@code binding} and
   * stands right after {@code lastId}; the caller then owns it (reads, parks again or closes).
   */
  Optional<RecordCursor> take(String id, Document binding, Object lastId) {
    sweep();
    Parked found = parked.remove(id);
    if (found == null) {
      return Optional.empty();
    }
    if (!found.binding().equals(binding)
        || !Objects.equals(found.lastId(), lastId)
        || clock.millis() - found.parkedAt() >= idleTimeout.toMillis()) {
      found.cursor().close();
      return Optional.empty();
    }
    return Optional.of(found.cursor());
  }

  /** How many cursors are parked; for tests and metrics. */
  int parked() {
    return parked.size();
  }

  /** Closes cursors idle longer than the timeout; runs at most once a second. */
  private void sweep() {
    long now = clock.millis();
    if (now - lastSweep < 1000) {
      return;
    }
    lastSweep = now;
    Iterator<Map.Entry<String, Parked>> it = parked.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Parked> entry = it.next();
      if (now - entry.getValue().parkedAt() >= idleTimeout.toMillis()
          && parked.remove(entry.getKey(), entry.getValue())) {
        entry.getValue().cursor().close();
      }
    }
  }

  /** Closes every parked cursor. */
  public void closeAll() {
    for (String id : parked.keySet()) {
      Parked p = parked.remove(id);
      if (p != null) {
        p.cursor().close();
      }
    }
  }
}
