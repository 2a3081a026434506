package dev.cairn.client.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Jittered exponential backoff without a limit on attempts: attempt {@code n} (from 1) waits a
 * random time between half and all of {@code min(max, base * 2^(n-1))} ("equal jitter"), so that
 * many clients coming back at once spread out. Retrying never ends: a queued mutation is never
 * dropped for having failed often. Immutable and thread-safe.
 */
public final class RetryPolicy {
  private final Duration base;
  private final Duration max;
  private final DoubleSupplier random;

  public RetryPolicy(Duration base, Duration max, DoubleSupplier random) {
    if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException(
          "retry base must be > 0 and max >= base, got base " + base + " max " + max);
    }
    this.base = base;
    this.max = max;
    this.random = random;
  }

  public static RetryPolicy defaults() {
    return new RetryPolicy(
        Duration.ofMillis(250),
        Duration.ofSeconds(30),
        () -> ThreadLocalRandom.current().nextDouble());
  }

  /** The wait before retry {@code attempt} (1 = the first retry). */
  public Duration delay(int attempt) {
    int shift = Math.min(Math.max(attempt - 1, 0), 30);
    long ceiling = Math.min(max.toMillis(), base.toMillis() << shift);
    if (ceiling <= 0 || ceiling > max.toMillis()) {
      ceiling = max.toMillis();
    }
    long half = ceiling / 2;
    return Duration.ofMillis(half + (long) (random.getAsDouble() * (ceiling - half)));
  }
}
