package dev.cairn.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.data.MutableClock;
import java.time.Duration;
import java.time.Instant;
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
}
