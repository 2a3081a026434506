package dev.cairn.spec.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlagStalenessTest {
  private static final Instant CHANGED = Instant.parse("2026-01-01T00:00:00Z");

  private static Flag flag(Map<String, Object> entry) {
    return FlagSetReader.readFlag("f", entry);
  }

  @Test
  void aTemporaryFlagServingOneVariationToEveryoneFor30DaysIsStale() {
    Flag launched = flag(Map.of("type", "boolean", "default", true, "temporary", true));

    assertThat(FlagStaleness.isStale(launched, CHANGED, CHANGED.plus(Duration.ofDays(30))))
        .isTrue();
    assertThat(FlagStaleness.isStale(launched, CHANGED, CHANGED.plus(Duration.ofDays(29))))
        .isFalse();
  }

  @Test
  void aFlagWithARuleServingAnotherVariationOrAPermanentFlagIsNotStale() {
    Flag targeted =
        flag(
            Map.of(
                "type",
                "boolean",
                "default",
                false,
                "temporary",
                true,
                "rules",
                List.of(Map.of("clauses", List.of(), "rollout", 10, "value", true))));
    Flag permanent = flag(Map.of("type", "boolean", "default", true));
    Instant later = CHANGED.plus(Duration.ofDays(90));

    assertThat(FlagStaleness.isStale(targeted, CHANGED, later)).isFalse();
    assertThat(FlagStaleness.isStale(permanent, CHANGED, later)).isFalse();
  }

  @Test
  void aRolloutAtZeroPercentServesOnlyTheRest() {
    Flag zero =
        flag(
            Map.of(
                "type",
                "boolean",
                "default",
                false,
                "temporary",
                true,
                "rules",
                List.of(Map.of("rollout", 0, "value", true))));

    assertThat(FlagStaleness.reachableVariations(zero)).containsExactly("false");
  }
}
