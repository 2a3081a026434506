package dev.cairn.server.realtime;

import dev.cairn.server.TenantId;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Says in the node's log why this node refused or ended a realtime connection itself (over a limit,
 * failed or ended credentials, no {@code connection_init} in time, a protocol violation, a client
 * too slow to read, the node stopping): one line per connection with its tenant, its connection id
 * (the upgrade request's id) and the reason. What a client ends itself, or a dropped TCP
 * connection, is not logged here.
 *
 * <p>Rate-limited, since many clients may be refused at once (e.g. a tenant over its connection
 * rate): at most {@link #LINES_PER_WINDOW} lines per {@link #WINDOW_MS}; the closes left out are
 * counted and the next line logged says how many. Thread-safe.
 */
final class CloseLog {
  static final String LOGGER = "dev.cairn.server.realtime.connections";
  static final int LINES_PER_WINDOW = 20;
  static final long WINDOW_MS = 10_000;

  private static final Logger LOG = Logger.getLogger(LOGGER);

  private final Clock clock;
  private long windowStart = Long.MIN_VALUE;
  private int linesInWindow;
  private long leftOut;

  CloseLog(Clock clock) {
    this.clock = clock;
  }

  /**
   * A connection this node closes (or refuses) itself.
   *
   * @param tenant the tenant the connection is for
   * @param connectionId the connection's id (its upgrade request's id)
   * @param code the WebSocket close code sent, or the HTTP status of a refused upgrade
   * @param reason why, in words an operator can act on
   * @param level {@link Level#WARNING} for a limit or a misbehaving client, {@link Level#INFO} for
   *     an ordinary end (credentials ended, the node stopping)
   */
  void closed(TenantId tenant, String connectionId, int code, String reason, Level level) {
    long skipped;
    synchronized (this) {
      long now = clock.millis();
      if (windowStart == Long.MIN_VALUE || now - windowStart >= WINDOW_MS) {
        windowStart = now;
        linesInWindow = 0;
      }
      if (linesInWindow >= LINES_PER_WINDOW) {
        leftOut++;
        return;
      }
      linesInWindow++;
      skipped = leftOut;
      leftOut = 0;
    }
    LogRecord record =
        new LogRecord(
            level,
            "realtime connection "
                + connectionId
                + " of tenant "
                + (tenant == null ? "(none)" : tenant.slug())
                + " closed by the server ("
                + code
                + "): "
                + reason
                + (skipped > 0
                    ? " [" + skipped + " more such closes were not logged before this one]"
                    : ""));
    record.setLoggerName(LOGGER);
    LOG.log(record);
  }

  /** Closes counted but not logged since the last line; for tests. */
  synchronized long leftOut() {
    return leftOut;
  }
}
