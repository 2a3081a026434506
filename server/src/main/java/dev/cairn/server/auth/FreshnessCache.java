package dev.cairn.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Remembers what a loader answered for a key for a fixed time, so that a value read from the
 * control plane on every request is read once per {@code freshFor} instead. Holds at most {@code
 * maxEntries}; when full it starts over, which only costs reloads. Thread-safe; two threads may
 * load the same key at once, and the later answer wins.
 */
final class FreshnessCache<K, V> {
  private record Loaded<V>(V value, long loadedAt) {}

  private final ConcurrentHashMap<K, Loaded<V>> entries = new ConcurrentHashMap<>();
  private final Clock clock;
  private final long freshForMillis;
  private final int maxEntries;

  FreshnessCache(Clock clock, Duration freshFor, int maxEntries) {
    this.clock = clock;
    this.freshForMillis = freshFor.toMillis();
    this.maxEntries = maxEntries;
  }

  V get(K key, Function<K, V> loader) {
    long now = clock.millis();
    Loaded<V> loaded = entries.get(key);
    if (loaded != null && now - loaded.loadedAt() < freshForMillis) {
      return loaded.value();
    }
    V value = loader.apply(key);
    if (entries.size() >= maxEntries) {
      entries.clear();
    }
    entries.put(key, new Loaded<>(value, now));
    return value;
  }
}
