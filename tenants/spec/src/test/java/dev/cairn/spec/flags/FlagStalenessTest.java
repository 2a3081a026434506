package dev.cairn.spec.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  @Test
  void aFlagNoClientEvaluatedForTheStalePeriodIsStaleWhetherTemporaryOrNot() {
    Flag permanent = flag(Map.of("type", "boolean", "default", true));
    Duration period = Duration.ofDays(30);
    Instant evaluated = CHANGED.plus(Duration.ofDays(10));

    assertThat(
            FlagStaleness.staleness(
                permanent, CHANGED, Optional.of(evaluated), evaluated.plus(period), period))
        .contains(FlagStaleness.Reason.NOT_EVALUATED);
    assertThat(
            FlagStaleness.staleness(
                permanent,
                CHANGED,
                Optional.of(evaluated),
                evaluated.plus(period).minusSeconds(1),
                period))
        .isEmpty();
  }

  @Test
  void aFlagNeverEvaluatedCountsFromItsLastChangeAndAnArchivedFlagIsNeverStale() {
    Flag permanent = flag(Map.of("type", "boolean", "default", true));
    Flag archived = flag(Map.of("type", "boolean", "default", true, "archived", true));
    Duration period = Duration.ofSeconds(45);

    assertThat(
            FlagStaleness.staleness(
                permanent, CHANGED, Optional.empty(), CHANGED.plusSeconds(44), period))
        .isEmpty();
    assertThat(
            FlagStaleness.staleness(
                permanent, CHANGED, Optional.empty(), CHANGED.plusSeconds(45), period))
        .contains(FlagStaleness.Reason.NOT_EVALUATED);
    // an evaluation before the last change does not count: the change restarts the period
    assertThat(
            FlagStaleness.staleness(
                permanent,
                CHANGED,
                Optional.of(CHANGED.minusSeconds(100)),
                CHANGED.plusSeconds(44),
                period))
        .isEmpty();
    assertThat(
            FlagStaleness.staleness(
                archived, CHANGED, Optional.empty(), CHANGED.plus(Duration.ofDays(400)), period))
        .isEmpty();
  }

  @Test
  void aTemporaryFlagServingOneVariationIsStaleForThatReasonEvenWhenEvaluated() {
    Flag launched = flag(Map.of("type", "boolean", "default", true, "temporary", true));
    Instant now = CHANGED.plus(Duration.ofDays(31));

    assertThat(
            FlagStaleness.staleness(launched, CHANGED, Optional.of(now), now, FlagStaleness.AFTER))
        .contains(FlagStaleness.Reason.ONE_VARIATION);
  }
}
