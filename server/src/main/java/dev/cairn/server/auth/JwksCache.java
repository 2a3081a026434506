package dev.cairn.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The signing keys of each issuer, fetched on first use and kept. A key that is not in the cached
 * set (a rotated key, or a forged {@code kid}) causes a refetch, but at most one fetch per {@link
 * #MIN_REFETCH_INTERVAL} per issuer, however many such tokens arrive: an unknown-{@code kid} flood
 * costs the issuer one request per 10 s. Sets older than {@link #MAX_AGE} are refreshed on next use
 * (so removed keys stop working); a failed refresh keeps the old set. Keyed by the issuer's
 * configured JWKS URI, or by the issuer when its keys are found through discovery.
 *
 * <p>Bounded: a Caffeine cache weighed by the size of each key set ({@link #MAX_WEIGHT} bytes in
 * all) that also forgets issuers unused for {@link #IDLE_EXPIRY}. No lock is held while fetching:
 * one caller per issuer fetches; concurrent callers for that issuer go on with the keys they have,
 * and only callers that have no matching key wait (at most {@link #MAX_WAIT}) for the fetch's
 * result. Callers of other issuers are never held up. A failed fetch is logged (at most once per
 * {@link #MIN_REFETCH_INTERVAL} per issuer) with the reason. Thread-safe.
 */
final class JwksCache {
  private static final Logger LOG = Logger.getLogger(JwksCache.class.getName());

  static final Duration MIN_REFETCH_INTERVAL = Duration.ofSeconds(10);
  static final Duration MAX_AGE = Duration.ofMinutes(10);
  static final Duration IDLE_EXPIRY = Duration.ofHours(1);
  static final Duration MAX_WAIT = Duration.ofSeconds(10);
  static final long MAX_WEIGHT = 16L * 1024 * 1024;

  private final KeySetFetcher fetcher;
  private final Clock clock;
  private final Cache<Source, Entry> entries;
  private final ConcurrentMap<Source, CompletableFuture<Outcome>> inFlight =
      new ConcurrentHashMap<>();

  JwksCache(KeySetFetcher fetcher, Clock clock) {
    this(fetcher, clock, MAX_WEIGHT);
  }

  /** With a smaller bound, for tests of eviction. */
  JwksCache(KeySetFetcher fetcher, Clock clock, long maxWeight) {
    this.fetcher = fetcher;
    this.clock = clock;
    this.entries =
        Caffeine.newBuilder()
            .maximumWeight(maxWeight)
            .weigher((Source s, Entry e) -> e.weight())
            .expireAfterAccess(IDLE_EXPIRY)
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .executor(Runnable::run)
            .build();
  }

  /**
   * Where an issuer's keys are: its configured JWKS URI, or discovery from the issuer.
   *
   * @param jwksUri empty = discover from {@code issuer}
   */
  record Source(String issuer, Optional<URI> jwksUri) {}

  /**
   * The keys of {@code source} that {@code selector} matches, refetching (rate limited) when none
   * does.
   *
   * @throws IOException naming the issuer when no key matches and the keys could not be fetched
   */
  List<JWK> select(Source source, JWKSelector selector) throws IOException {
    Instant now = clock.instant();
    Entry entry = entries.getIfPresent(source);
    IOException failure = null;
    if (entry == null || entry.keys() == null || entry.olderThan(now, MAX_AGE)) {
      // with keys at hand, a refresh another caller runs is not waited for (stale while revalidate)
      Outcome o = refresh(source, entry, now, entry == null || entry.keys() == null);
      entry = o.entry();
      failure = o.failure();
    }
    List<JWK> matches = entry.select(selector);
    if (matches.isEmpty()) {
      Outcome o = refresh(source, entry, now, true);
      entry = o.entry();
      failure = o.failure() != null ? o.failure() : failure;
      matches = entry.select(selector);
    }
    if (matches.isEmpty() && failure != null) {
      throw failure;
    }
    return matches;
  }

  /** How many issuers are cached; for tests. */
  long size() {
    entries.cleanUp();
    return entries.estimatedSize();
  }

  /** One issuer's keys as last fetched; immutable, replaced as a whole. */
  private record Entry(JWKSet keys, Instant fetchedAt, Instant lastAttempt, URI resolvedUri) {
    static final int OVERHEAD = 512;

    boolean olderThan(Instant now, Duration age) {
      return fetchedAt != null && !now.isBefore(fetchedAt.plus(age));
    }

    boolean attemptedWithin(Instant now, Duration interval) {
      return lastAttempt != null && now.isBefore(lastAttempt.plus(interval));
    }

    List<JWK> select(JWKSelector selector) {
      return keys == null ? List.of() : selector.select(keys);
    }

    int weight() {
      return OVERHEAD + (keys == null ? 0 : keys.toString(true).length());
    }
  }

  private record Outcome(Entry entry, IOException failure) {}

  /** Fetches unless the last attempt was under {@link #MIN_REFETCH_INTERVAL} ago. */
  private Outcome refresh(Source source, Entry current, Instant now, boolean waitForRunning) {
    if (current != null && current.attemptedWithin(now, MIN_REFETCH_INTERVAL)) {
      return new Outcome(current, null);
    }
    CompletableFuture<Outcome> mine = new CompletableFuture<>();
    CompletableFuture<Outcome> running = inFlight.putIfAbsent(source, mine);
    if (running != null) {
      return waitForRunning ? await(source, running, current) : new Outcome(current, null);
    }
    try {
      Entry latest = entries.getIfPresent(source);
      if (latest != null && latest.attemptedWithin(now, MIN_REFETCH_INTERVAL)) {
        Outcome o = new Outcome(latest, null);
        mine.complete(o);
        return o;
      }
      Outcome o = fetch(source, latest != null ? latest : current, now);
      entries.put(source, o.entry());
      mine.complete(o);
      return o;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(source, mine);
    }
  }

  private Outcome fetch(Source source, Entry previous, Instant now) {
    URI resolved = previous == null ? null : previous.resolvedUri();
    try {
      if (resolved == null) {
        resolved =
            source.jwksUri().isPresent()
                ? source.jwksUri().get()
                : fetcher.discoverJwksUri(source.issuer());
      }
      JWKSet keys = fetcher.fetch(resolved);
      return new Outcome(new Entry(keys, now, now, resolved), null);
    } catch (IOException | RuntimeException e) {
      IOException failure =
          new IOException(
              "the signing keys of issuer `"
                  + source.issuer()
                  + "` could not be fetched ("
                  + e.getMessage()
                  + "); check the issuer's jwksUri and that it is reachable from Cairn",
              e);
      LOG.log(Level.WARNING, failure.getMessage());
      Entry kept =
          previous == null
              ? new Entry(null, null, now, resolved)
              : new Entry(previous.keys(), previous.fetchedAt(), now, previous.resolvedUri());
      return new Outcome(kept, failure);
    }
  }

  private static Outcome await(Source source, CompletableFuture<Outcome> running, Entry current) {
    try {
      return running.get(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(orEmpty(current), interrupted(source));
    } catch (ExecutionException | TimeoutException e) {
      return new Outcome(
          orEmpty(current),
          new IOException(
              "the signing keys of issuer `" + source.issuer() + "` are not available"));
    }
  }

  private static Entry orEmpty(Entry e) {
    return e != null ? e : new Entry(null, null, null, null);
  }

  private static IOException interrupted(Source source) {
    return new IOException("interrupted while waiting for the keys of issuer " + source.issuer());
  }
}
