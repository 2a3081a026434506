package dev.cairn.launcher;

import de.bwaldvogel.mongo.bson.BsonTimestamp;
import java.time.Clock;

/**
 * Hands out the stand-in's oplog timestamps: the wall clock's second in the high 32 bits and a
 * counter in the low ones, strictly increasing, and always after the newest entry the oplog held
 * when it was opened.
 *
 * <p>Part of the embedded MongoDB stand-in (a fake; see {@link EmbeddedMongo}). The library's own
 * clock counts from 1 again in every process, so after a restart within the same second a new entry
 * could sort before a position a change stream had stored, and the stream would never see it. Not
 * thread-safe: {@link IndexedOplog} calls it under its append lock.
 */
final class OplogTimestamps {
  private final Clock clock;
  private volatile long last;

  /**
   * @param newest the newest timestamp already in the oplog (its {@link BsonTimestamp#getValue()}),
   *     or 0 for an empty oplog
   */
  OplogTimestamps(Clock clock, long newest) {
    this.clock = clock;
    this.last = newest;
  }

  /** A timestamp after every one handed out or stored before. */
  long next() {
    long firstOfThisSecond = (clock.instant().getEpochSecond() << 32) | 1L;
    last = Long.compareUnsigned(firstOfThisSecond, last) > 0 ? firstOfThisSecond : last + 1;
    return last;
  }

  /** The newest timestamp handed out (or stored); a stream opened now starts after it. */
  long last() {
    return last;
  }
}
