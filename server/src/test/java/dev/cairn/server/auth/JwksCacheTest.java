package dev.cairn.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.cairn.server.data.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The cache's bounds and locking, with an in-memory {@link KeySetFetcher} whose fetches a test can
 * hold open (a fake: a real server cannot be paused mid-answer on cue; the HTTP fetcher is tested
 * against real servers in {@link AppAuthenticatorTest}).
 */
class JwksCacheTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final Map<URI, CountDownLatch> holds = new ConcurrentHashMap<>();
  private final Map<URI, RSAKey> keys = new ConcurrentHashMap<>();
  private final CountDownLatch slowFetchStarted = new CountDownLatch(1);

  private final KeySetFetcher fetcher =
      new KeySetFetcher() {
        @Override
        public URI discoverJwksUri(String issuer) {
          return URI.create(issuer + "/certs");
        }

        @Override
        public JWKSet fetch(URI jwksUri) throws IOException {
          CountDownLatch hold = holds.get(jwksUri);
          if (hold != null) {
            slowFetchStarted.countDown();
            try {
              hold.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return new JWKSet(keys.computeIfAbsent(jwksUri, u -> TestIssuer.newKey()).toPublicJWK());
        }
      };

  private static JwksCache.Source source(String issuer) {
    return new JwksCache.Source(issuer, Optional.of(URI.create(issuer + "/certs")));
  }

  private static JWKSelector any() {
    return new JWKSelector(new JWKMatcher.Builder().build());
  }

  @Test
  void aSlowIssuerDoesNotHoldUpTokensOfOtherIssuers() throws Exception {
    JwksCache cache = new JwksCache(fetcher, clock);
    CountDownLatch release = new CountDownLatch(1);
    holds.put(URI.create("https://slow.test/certs"), release);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<?> slow = pool.submit(() -> cache.select(source("https://slow.test"), any()));
      assertThat(slowFetchStarted.await(10, TimeUnit.SECONDS)).isTrue();

      assertThat(cache.select(source("https://fast.test"), any())).hasSize(1);

      release.countDown();
      slow.get(10, TimeUnit.SECONDS);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void whileAnIssuersKeysAreRefetchedItsCachedKeysKeepServingWithoutWaiting() throws Exception {
    JwksCache cache = new JwksCache(fetcher, clock);
    assertThat(cache.select(source("https://idp.test"), any())).hasSize(1);
    clock.advance(JwksCache.MAX_AGE.plusSeconds(1));
    CountDownLatch release = new CountDownLatch(1);
    holds.put(URI.create("https://idp.test/certs"), release);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> refreshing = pool.submit(() -> cache.select(source("https://idp.test"), any()));
      assertThat(slowFetchStarted.await(10, TimeUnit.SECONDS)).isTrue();

      Future<Integer> meanwhile =
          pool.submit(() -> cache.select(source("https://idp.test"), any()).size());

      assertThat(meanwhile.get(10, TimeUnit.SECONDS)).isEqualTo(1);
      release.countDown();
      refreshing.get(10, TimeUnit.SECONDS);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void theCacheIsBoundedByTheWeightOfTheKeySets() throws Exception {
    JwksCache cache = new JwksCache(fetcher, clock, 20_000);

    for (int i = 0; i < 200; i++) {
      cache.select(source("https://issuer" + i + ".test"), any());
    }

    assertThat(cache.size()).isLessThan(200).isGreaterThan(0);
  }
}
