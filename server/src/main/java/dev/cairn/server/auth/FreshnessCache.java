package dev.cairn.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Remembers what a loader answered for a key for a fixed time, so that a value read from the
 * control plane on every request is read once per {@code freshFor} instead. A Caffeine cache whose
 * time is read from {@code clock}; holds at most {@code maxEntries}, evicting the least useful
 * beyond that, which only costs reloads. Thread-safe; the loader must not return null.
 *
 * <p>No answer is returned once it is {@code freshFor} old: a key without a fresh answer is loaded
 * by one thread at a time, and others asking for it meanwhile wait for that answer. An answer
 * {@code refreshAhead} old is reloaded by the first caller that finds it so, while every other
 * caller keeps getting it without waiting (before, all of a key's requests queued behind each
 * control-plane read every {@code freshFor}: up to tens of milliseconds under load, issue 18).
 */
final class FreshnessCache<K, V> {
  private record Answer<V>(V value, long loadedAt, AtomicBoolean reloading) {}

  private final Cache<K, Answer<V>> entries;
  private final Clock clock;
  private final long refreshAheadMillis;

  /** Without refresh-ahead: an answer is reloaded once it is {@code freshFor} old. */
  FreshnessCache(Clock clock, Duration freshFor, int maxEntries) {
    this(clock, freshFor, freshFor, maxEntries);
  }

  /**
   * @param refreshAhead the age at which one caller reloads an answer while others keep using it;
   *     at most {@code freshFor}
   */
  FreshnessCache(Clock clock, Duration freshFor, Duration refreshAhead, int maxEntries) {
    if (refreshAhead.compareTo(freshFor) > 0) {
      throw new IllegalArgumentException(
          "refreshAhead " + refreshAhead + " is later than freshFor " + freshFor);
    }
    this.clock = clock;
    this.refreshAheadMillis = refreshAhead.toMillis();
    this.entries =
        Caffeine.newBuilder()
            .expireAfterWrite(freshFor)
            .maximumSize(maxEntries)
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .executor(Runnable::run)
            .build();
  }

  V get(K key, Function<K, V> loader) {
    Answer<V> answer = entries.get(key, k -> load(k, loader));
    if (clock.millis() - answer.loadedAt() < refreshAheadMillis
        || !answer.reloading().compareAndSet(false, true)) {
      return answer.value();
    }
    try {
      Answer<V> fresh = load(key, loader);
      entries.asMap().replace(key, answer, fresh);
      return fresh.value();
    } finally {
      answer.reloading().set(false);
    }
  }

  private Answer<V> load(K key, Function<K, V> loader) {
    long at = clock.millis();
    return new Answer<>(loader.apply(key), at, new AtomicBoolean());
  }

  /** How many answers are kept, after pending evictions; for tests. */
  long size() {
    entries.cleanUp();
    return entries.estimatedSize();
  }
}
