package dev.cairn.server.realtime;

import dev.cairn.server.TenantId;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per tenant for new realtime connections: {@code perSecond} sustained, bursts up to
 * the same number. Thread-safe; the clock is injected so tests advance time.
 */
final class ConnectionRate {
  private final int perSecond;
  private final Clock clock;
  private final ConcurrentHashMap<TenantId, Bucket> buckets = new ConcurrentHashMap<>();

  ConnectionRate(int perSecond, Clock clock) {
    this.perSecond = perSecond;
    this.clock = clock;
  }

  /** Takes one token; false when the tenant is over its rate. */
  boolean tryAcquire(TenantId tenant) {
    return buckets
        .computeIfAbsent(tenant, t -> new Bucket(perSecond, clock.millis()))
        .take(clock.millis());
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
