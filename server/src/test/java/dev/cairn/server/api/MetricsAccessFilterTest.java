package dev.cairn.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricsAccessFilterTest {
  @Test
  void onlyTheConfiguredBearerTokenOpensMetrics() {
    Optional<String> token = Optional.of("scrape-me");

    assertThat(MetricsAccessFilter.allowed(token, "Bearer scrape-me")).isTrue();
    assertThat(MetricsAccessFilter.allowed(token, "bearer scrape-me")).isTrue();
    assertThat(MetricsAccessFilter.allowed(token, "Bearer scrape-m")).isFalse();
    assertThat(MetricsAccessFilter.allowed(token, "Basic c2NyYXBlLW1l")).isFalse();
    assertThat(MetricsAccessFilter.allowed(token, null)).isFalse();
  }

  @Test
  void withoutAConfiguredTokenMetricsAreNeverServed() {
    assertThat(MetricsAccessFilter.allowed(Optional.empty(), "Bearer ")).isFalse();
    assertThat(MetricsAccessFilter.allowed(Optional.of(" "), "Bearer  ")).isFalse();
    assertThat(MetricsAccessFilter.allowed(Optional.empty(), "Bearer anything")).isFalse();
  }
}
