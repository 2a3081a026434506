package dev.cairn.server.realtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;

/**
 * A token bucket per key (a tenant, a remote address) for new realtime connections: {@code
 * perSecond} sustained, bursts up to the same number. At most {@code maxKeys} buckets are kept, and
 * a bucket unused for a minute is dropped (a new one starts full, which is what the old one would
 * have refilled to), so keys chosen by callers cannot grow it without bound. Thread-safe; the clock
 * is injected so tests advance time.
 */
final class ConnectionRate<K> {
  private final int perSecond;
  private final Clock clock;
  private final Cache<K, Bucket> buckets;

  ConnectionRate(int perSecond, int maxKeys, Clock clock) {
    this.perSecond = perSecond;
    this.clock = clock;
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(maxKeys)
            .expireAfterAccess(Duration.ofMinutes(1))
            .ticker(() -> clock.millis() * 1_000_000L)
            .executor(Runnable::run)
            .build();
  }

  /** Takes one token; false when the key is over its rate. */
  boolean tryAcquire(K key) {
    return buckets.get(key, k -> new Bucket(perSecond, clock.millis())).take(clock.millis());
  }

  /** Buckets kept; for tests. */
  long size() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }

  private static final class Bucket {
    private final int capacity;
    private double tokens;
    private long last;

    Bucket(int capacity, long now) {
      this.capacity = capacity;
      this.tokens = capacity;
      this.last = now;
    }

    synchronized boolean take(long now) {
      tokens = Math.min(capacity, tokens + (now - last) * capacity / 1000.0);
      last = now;
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    }
  }
}
