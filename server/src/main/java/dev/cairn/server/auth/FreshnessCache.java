package dev.cairn.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Remembers what a loader answered for a key for a fixed time, so that a value read from the
 * control plane on every request is read once per {@code freshFor} instead. A Caffeine cache whose
 * time is read from {@code clock}; holds at most {@code maxEntries}, evicting the least useful
 * beyond that, which only costs reloads. Thread-safe; a key is loaded by one thread at a time, and
 * others asking for it meanwhile wait for that answer. The loader must not return null.
 */
final class FreshnessCache<K, V> {
  private final Cache<K, V> entries;

  FreshnessCache(Clock clock, Duration freshFor, int maxEntries) {
    this.entries =
        Caffeine.newBuilder()
            .expireAfterWrite(freshFor)
            .maximumSize(maxEntries)
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .executor(Runnable::run)
            .build();
  }

  V get(K key, Function<K, V> loader) {
    return entries.get(key, loader);
  }

  /** How many answers are kept, after pending evictions; for tests. */
  long size() {
    entries.cleanUp();
    return entries.estimatedSize();
  }
}
