package dev.cairn.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void delaysGrowExponentiallyWithJitterAndStayCappedForeverAfter() {
    RetryPolicy lowest = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0.0);
    RetryPolicy highest =
        new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0.999999);

    assertThat(lowest.delay(1)).isEqualTo(Duration.ofMillis(50));
    assertThat(highest.delay(1)).isBetween(Duration.ofMillis(99), Duration.ofMillis(100));
    assertThat(lowest.delay(4)).isEqualTo(Duration.ofMillis(400));
    assertThat(highest.delay(1_000)).isBetween(Duration.ofMillis(9_999), Duration.ofSeconds(10));
    assertThat(lowest.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(5));
  }
}
