package dev.cairn.server.graphql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * One token bucket per key: each holds up to {@code burst} tokens and gains {@code perSecond}
 * tokens a second; a request takes one. Buckets live in a bounded Caffeine cache; a bucket unused
 * for longer than it takes to fill is forgotten, which changes nothing (it would be full again).
 * Time comes from the injected {@link Clock}, so tests advance it instead of sleeping. Thread-safe.
 *
 * @param <K> the key, e.g. a tenant or a (tenant, caller) pair
 */
final class TokenBuckets<K> {
  private final double perSecond;
  private final double burst;
  private final Clock clock;
  private final Cache<K, Bucket> buckets;

  /**
   * @param perSecond tokens added per second, greater than 0
   * @param burst most tokens a bucket holds, at least 1
   * @param maxKeys most buckets kept at once
   */
  TokenBuckets(double perSecond, int burst, int maxKeys, Clock clock) {
    if (!(perSecond > 0) || burst < 1) {
      throw new IllegalArgumentException(
          "a rate limit needs a rate above 0 and a burst of at least 1, not "
              + perSecond
              + "/s with burst "
              + burst);
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.clock = clock;
    long fillMillis = (long) Math.ceil(burst / perSecond * 1000);
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(maxKeys)
            .expireAfterAccess(Duration.ofMillis(Math.max(fillMillis * 2, 60_000)))
            .build();
  }

  /**
   * Takes a token from {@code key}'s bucket.
   *
   * @return empty when taken; otherwise how long until a token is available (nothing taken)
   */
  Optional<Duration> take(K key) {
    return buckets.get(key, k -> new Bucket(clock.millis())).take(clock.millis());
  }

  /** Gives back a token taken by {@link #take}, when a later check refused the request. */
  void giveBack(K key) {
    Bucket bucket = buckets.getIfPresent(key);
    if (bucket != null) {
      bucket.giveBack();
    }
  }

  private final class Bucket {
    private double tokens = burst;
    private long updatedAt;

    Bucket(long now) {
      this.updatedAt = now;
    }

    synchronized Optional<Duration> take(long now) {
      if (now > updatedAt) {
        tokens = Math.min(burst, tokens + (now - updatedAt) * perSecond / 1000.0);
        updatedAt = now;
      }
      if (tokens >= 1) {
        tokens -= 1;
        return Optional.empty();
      }
      return Optional.of(Duration.ofMillis((long) Math.ceil((1 - tokens) / perSecond * 1000)));
    }

    synchronized void giveBack() {
      tokens = Math.min(burst, tokens + 1);
    }
  }
}
