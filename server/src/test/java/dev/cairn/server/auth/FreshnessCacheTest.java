package dev.cairn.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.server.data.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class FreshnessCacheTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
  private final AtomicInteger loads = new AtomicInteger();

  private String load(String key) {
    return key + "#" + loads.incrementAndGet();
  }

  @Test
  void anAnswerIsReusedUntilItIsNoLongerFreshAndThenLoadedAgain() {
    FreshnessCache<String, String> cache = new FreshnessCache<>(clock, Duration.ofSeconds(2), 10);

    String first = cache.get("k", this::load);
    clock.advance(Duration.ofMillis(1999));
    String reused = cache.get("k", this::load);
    clock.advance(Duration.ofMillis(1));
    String reloaded = cache.get("k", this::load);

    assertThat(first).isEqualTo("k#1");
    assertThat(reused).isEqualTo("k#1");
    assertThat(reloaded).isEqualTo("k#2");
  }

  @Test
  void aFullCacheEvictsInsteadOfGrowing() {
    FreshnessCache<String, String> cache = new FreshnessCache<>(clock, Duration.ofSeconds(2), 2);

    for (int i = 0; i < 50; i++) {
      cache.get("k" + i, this::load);
    }

    assertThat(cache.size()).isLessThanOrEqualTo(2);
    assertThat(loads).hasValue(50);
  }

  @Test
  void anAnswerIsReloadedByTheFirstCallerPastTheRefreshAheadTime() {
    FreshnessCache<String, String> cache =
        new FreshnessCache<>(clock, Duration.ofSeconds(2), Duration.ofSeconds(1), 10);

    String first = cache.get("k", this::load);
    clock.advance(Duration.ofMillis(999));
    String reused = cache.get("k", this::load);
    clock.advance(Duration.ofMillis(1));
    String reloaded = cache.get("k", this::load);
    clock.advance(Duration.ofMillis(999));
    String reloadedReused = cache.get("k", this::load);

    assertThat(List.of(first, reused, reloaded, reloadedReused))
        .containsExactly("k#1", "k#1", "k#2", "k#2");
  }

  @Test
  void whileOneCallerReloadsAnAnswerTheOthersGetItWithoutWaiting() throws Exception {
    FreshnessCache<String, String> cache =
        new FreshnessCache<>(clock, Duration.ofSeconds(2), Duration.ofSeconds(1), 10);
    CountDownLatch reloading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread test = Thread.currentThread();
    Function<String, String> slowOnOtherThreads =
        key -> {
          if (Thread.currentThread() != test) {
            reloading.countDown();
            await(release);
          }
          return load(key);
        };
    cache.get("k", slowOnOtherThreads);
    clock.advance(Duration.ofSeconds(1));
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<String> reloader = thread.submit(() -> cache.get("k", slowOnOtherThreads));
      assertThat(reloading.await(60, TimeUnit.SECONDS)).isTrue();

      String meanwhile = cache.get("k", slowOnOtherThreads);
      assertThat(reloader).isNotDone();
      release.countDown();

      assertThat(meanwhile).isEqualTo("k#1");
      assertThat(reloader.get(60, TimeUnit.SECONDS)).isEqualTo("k#2");
      assertThat(cache.get("k", slowOnOtherThreads)).isEqualTo("k#2");
    } finally {
      release.countDown();
      thread.shutdownNow();
    }
  }

  @Test
  void anAnswerNoLongerFreshIsNotReturnedEvenWhileAnotherCallerReloadsIt() throws Exception {
    FreshnessCache<String, String> cache =
        new FreshnessCache<>(clock, Duration.ofSeconds(2), Duration.ofSeconds(1), 10);
    CountDownLatch reloading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread test = Thread.currentThread();
    Function<String, String> slowOnOtherThreads =
        key -> {
          if (Thread.currentThread() != test) {
            reloading.countDown();
            await(release);
          }
          return load(key);
        };
    cache.get("k", slowOnOtherThreads);
    clock.advance(Duration.ofSeconds(1));
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<String> reloader = thread.submit(() -> cache.get("k", slowOnOtherThreads));
      assertThat(reloading.await(60, TimeUnit.SECONDS)).isTrue();
      clock.advance(Duration.ofSeconds(1));

      String expired = cache.get("k", slowOnOtherThreads);
      release.countDown();

      assertThat(expired).isNotEqualTo("k#1");
      assertThat(reloader.get(60, TimeUnit.SECONDS)).isNotEqualTo("k#1");
    } finally {
      release.countDown();
      thread.shutdownNow();
    }
  }

  @Test
  void refreshAheadLaterThanFreshnessIsRefused() {
    assertThatThrownBy(
            () -> new FreshnessCache<>(clock, Duration.ofSeconds(1), Duration.ofSeconds(2), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refreshAhead");
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("not released within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
