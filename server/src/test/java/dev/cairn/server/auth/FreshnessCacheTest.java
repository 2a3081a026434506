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
    try (SlowReload reload = new SlowReload()) {
      Future<String> reloader = reload.startOnAnotherThread();

      String meanwhile = reload.get();
      assertThat(reloader).isNotDone();
      reload.release();

      assertThat(meanwhile).isEqualTo("k#1");
      assertThat(reloader.get(60, TimeUnit.SECONDS)).isEqualTo("k#2");
      assertThat(reload.get()).isEqualTo("k#2");
    }
  }

  @Test
  void anAnswerNoLongerFreshIsNotReturnedEvenWhileAnotherCallerReloadsIt() throws Exception {
    try (SlowReload reload = new SlowReload()) {
      Future<String> reloader = reload.startOnAnotherThread();
      clock.advance(Duration.ofSeconds(1));

      String expired = reload.get();
      reload.release();

      assertThat(expired).isNotEqualTo("k#1");
      assertThat(reloader.get(60, TimeUnit.SECONDS)).isNotEqualTo("k#1");
    }
  }

  /**
   * A cache (fresh for 2 s, refreshed ahead after 1 s) holding {@code k#1}, 1 s old: the first
   * caller past the refresh-ahead time; a load on any thread but the test's waits for {@link
   * #release}.
   */
  private final class SlowReload implements AutoCloseable {
    private final FreshnessCache<String, String> cache =
        new FreshnessCache<>(clock, Duration.ofSeconds(2), Duration.ofSeconds(1), 10);
    private final CountDownLatch reloading = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final Thread test = Thread.currentThread();
    private final ExecutorService thread = Executors.newSingleThreadExecutor();

    SlowReload() {
      get();
      clock.advance(Duration.ofSeconds(1));
    }

    /** {@code k} from the cache, on the test's thread. */
    String get() {
      return cache.get("k", this::slowOnOtherThreads);
    }

    /** Asks for {@code k} on another thread and returns once its reload has begun. */
    Future<String> startOnAnotherThread() throws InterruptedException {
      Future<String> reloader = thread.submit(this::get);
      assertThat(reloading.await(60, TimeUnit.SECONDS)).isTrue();
      return reloader;
    }

    void release() {
      release.countDown();
    }

    private String slowOnOtherThreads(String key) {
      if (Thread.currentThread() != test) {
        reloading.countDown();
        await(release);
      }
      return load(key);
    }

    @Override
    public void close() {
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
