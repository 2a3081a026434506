package dev.cairn.server.auth;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The signing keys of each issuer, fetched on first use and kept. A key that is not in the cached
 * set (a rotated key, or a forged {@code kid}) causes a refetch, but at most one fetch per {@link
 * #MIN_REFETCH_INTERVAL} per issuer, however many such tokens arrive: an unknown-{@code kid} flood
 * costs the issuer one request per 10 s. Sets older than {@link #MAX_AGE} are refreshed on next use
 * (so removed keys stop working); a failed refresh keeps the old set. Keyed by the issuer's
 * configured JWKS URI, or by the issuer when its keys are found through discovery. Thread-safe:
 * concurrent callers for one issuer wait for a single fetch.
 */
final class JwksCache {
  static final Duration MIN_REFETCH_INTERVAL = Duration.ofSeconds(10);
  static final Duration MAX_AGE = Duration.ofMinutes(10);

  private final KeySetFetcher fetcher;
  private final Clock clock;
  private final ConcurrentMap<Source, Entry> entries = new ConcurrentHashMap<>();

  JwksCache(KeySetFetcher fetcher, Clock clock) {
    this.fetcher = fetcher;
    this.clock = clock;
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
    Entry entry = entries.computeIfAbsent(source, s -> new Entry());
    synchronized (entry) {
      Instant now = clock.instant();
      IOException failure = null;
      if (entry.keys == null || entry.olderThan(now, MAX_AGE)) {
        failure = entry.refreshIfAllowed(source, now);
      }
      List<JWK> matches = entry.select(selector);
      if (matches.isEmpty()) {
        IOException refetch = entry.refreshIfAllowed(source, now);
        failure = refetch != null ? refetch : failure;
        matches = entry.select(selector);
      }
      if (matches.isEmpty() && failure != null) {
        throw failure;
      }
      return matches;
    }
  }

  /** One issuer's cached keys. Guarded by its own monitor. */
  private final class Entry {
    private JWKSet keys;
    private Instant fetchedAt;
    private Instant lastAttempt;
    private URI resolvedUri;

    boolean olderThan(Instant now, Duration age) {
      return fetchedAt != null && !now.isBefore(fetchedAt.plus(age));
    }

    List<JWK> select(JWKSelector selector) {
      return keys == null ? List.of() : selector.select(keys);
    }

    /** Fetches unless the last attempt was under {@link #MIN_REFETCH_INTERVAL} ago. */
    IOException refreshIfAllowed(Source source, Instant now) {
      if (lastAttempt != null && now.isBefore(lastAttempt.plus(MIN_REFETCH_INTERVAL))) {
        return null;
      }
      lastAttempt = now;
      try {
        if (resolvedUri == null) {
          resolvedUri =
              source.jwksUri().isPresent()
                  ? source.jwksUri().get()
                  : fetcher.discoverJwksUri(source.issuer());
        }
        keys = fetcher.fetch(resolvedUri);
        fetchedAt = now;
        return null;
      } catch (IOException | RuntimeException e) {
        return new IOException(
            "the signing keys of issuer `"
                + source.issuer()
                + "` could not be fetched ("
                + e.getMessage()
                + "); check the issuer's jwksUri and that it is reachable from Cairn",
            e);
      }
    }
  }
}
