package dev.cairn.server.realtime;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Clock;

/**
 * The process's file descriptors as the budget of new realtime connections. Each connection holds
 * one descriptor for its life; without a budget the realtime connections of a busy node could take
 * every descriptor the process may open, and then requests could not be accepted and the database
 * driver could not open a connection (it fails every operation until it can). A new realtime
 * connection is therefore refused while fewer than {@code reserve} descriptors (at most a tenth of
 * the limit) are left below the process's limit.
 *
 * <p>Counting the open descriptors lists {@code /proc/self/fd}, which takes time at tens of
 * thousands of them: the count is read at most once per {@code sampleMillis}, and the connections
 * admitted since are added to it. Closed connections are noticed at the next reading. Thread-safe;
 * the clock is injected so tests advance time.
 */
public final class FileBudget {
  /** The process's descriptors: how many are open, and its limit (negative when unknown). */
  public interface Descriptors {
    long open();

    long max();
  }

  /** A budget that admits everything (tests; platforms that do not report descriptors). */
  public static final FileBudget UNLIMITED =
      new FileBudget(
          new Descriptors() {
            @Override
            public long open() {
              return 0;
            }

            @Override
            public long max() {
              return -1;
            }
          },
          0,
          Clock.systemUTC(),
          1000);

  private final Descriptors descriptors;
  private final int reserve;
  private final Clock clock;
  private final long sampleMillis;
  private final long max;
  private long sampledAt = Long.MIN_VALUE;
  private long sampled;
  private long admittedSince;

  /**
   * @param reserve descriptors kept for everything but realtime connections; at most a tenth of the
   *     process's limit
   * @param sampleMillis how long a count of the open descriptors is used
   */
  public FileBudget(Descriptors descriptors, int reserve, Clock clock, long sampleMillis) {
    this.descriptors = descriptors;
    this.clock = clock;
    this.sampleMillis = sampleMillis;
    this.max = descriptors.max();
    // A process with a small limit (1,024 is a common default) keeps a tenth of it, not most of it.
    this.reserve = max < 0 ? reserve : (int) Math.min(reserve, max / 10);
  }

  /** This process's descriptors as the JVM reports them (unlimited where it does not). */
  public static FileBudget ofThisProcess(int reserve, Clock clock) {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (!(os instanceof com.sun.management.UnixOperatingSystemMXBean unix)) {
      return UNLIMITED;
    }
    return new FileBudget(
        new Descriptors() {
          @Override
          public long open() {
            return unix.getOpenFileDescriptorCount();
          }

          @Override
          public long max() {
            return unix.getMaxFileDescriptorCount();
          }
        },
        reserve,
        clock,
        250);
  }

  /** Takes a descriptor for a new connection; false when that would eat into the reserve. */
  public synchronized boolean tryAdmit() {
    if (max < 0) {
      return true;
    }
    long now = clock.millis();
    if (sampledAt == Long.MIN_VALUE || now - sampledAt >= sampleMillis || now < sampledAt) {
      sampled = descriptors.open();
      sampledAt = now;
      admittedSince = 0;
    }
    if (sampled + admittedSince + 1 > max - reserve) {
      return false;
    }
    admittedSince++;
    return true;
  }

  /** The process's limit, negative when unknown. */
  public long max() {
    return max;
  }

  /** Descriptors kept for everything but realtime connections. */
  public int reserve() {
    return reserve;
  }
}
