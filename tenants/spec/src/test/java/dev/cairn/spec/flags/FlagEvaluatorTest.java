package dev.cairn.spec.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlagEvaluatorTest {
  private static Flag rollout(int percent) {
    return FlagSetReader.readFlag(
        "gradual",
        Map.of(
            "kind", "boolean",
            "variations",
                List.of(Map.of("name", "on", "value", true), Map.of("name", "off", "value", false)),
            "fallthrough",
                Map.of(
                    "rollout",
                    Map.of(
                        "variations",
                        List.of(
                            Map.of("variation", "on", "weight", percent),
                            Map.of("variation", "off", "weight", 100 - percent))))));
  }

  private static boolean served(FlagEvaluator evaluator, String user) {
    return (Boolean)
        evaluator
            .evaluate("gradual", EvaluationContext.of(user, Map.of(), Map.of()))
            .value()
            .orElseThrow();
  }

  @Test
  void everyUserInATenPercentRolloutStaysInWhenItGrowsToFiftyPercent() {
    FlagEvaluator ten = FlagEvaluator.of(FlagSet.EMPTY.with(rollout(10)));
    FlagEvaluator fifty = FlagEvaluator.of(FlagSet.EMPTY.with(rollout(50)));
    int inTen = 0;
    int inFifty = 0;
    for (int i = 0; i < 10_000; i++) {
      String user = "user-" + i;
      boolean a = served(ten, user);
      boolean b = served(fifty, user);
      if (a) {
        inTen++;
        assertThat(b).as(user + " left the rollout when it grew").isTrue();
      }
      if (b) {
        inFifty++;
      }
    }
    assertThat(inTen).isBetween(900, 1100);
    assertThat(inFifty).isBetween(4800, 5200);
  }

  @Test
  void evaluationIsDeterministicAcrossEvaluatorInstances() {
    for (int i = 0; i < 100; i++) {
      assertThat(served(FlagEvaluator.of(FlagSet.EMPTY.with(rollout(37))), "u" + i))
          .isEqualTo(served(FlagEvaluator.of(FlagSet.EMPTY.with(rollout(37))), "u" + i));
    }
  }

  @Test
  void clientAttributesNeverOverrideTokenClaimsOrTheKey() {
    EvaluationContext context =
        EvaluationContext.of(
            "alice",
            Map.of("groups", List.of("staff"), "email", "alice@example.com"),
            Map.of("groups", List.of("beta"), "key", "mallory", "appVersion", "2.0.0"));

    assertThat(context.attributes())
        .containsEntry("groups", List.of("staff"))
        .containsEntry("key", "alice")
        .containsEntry("appVersion", "2.0.0")
        .containsEntry("email", "alice@example.com");
  }

  @Test
  void evaluateAllLeavesArchivedFlagsOut() {
    Flag live = FlagSetReader.readFlag("live", Map.of("type", "boolean", "default", true));
    Flag old =
        FlagSetReader.readFlag("old", Map.of("type", "boolean", "default", true, "archived", true));
    FlagEvaluator evaluator = FlagEvaluator.of(FlagSet.EMPTY.with(live).with(old));

    assertThat(evaluator.evaluateAll(EvaluationContext.of("u", Map.of(), Map.of())))
        .containsOnlyKeys("live");
  }

  @Test
  void aThousandMemberSegmentMatchesByKey() {
    java.util.Set<String> members = new java.util.HashSet<>();
    for (int i = 0; i < 1000; i++) {
      members.add("m" + i);
    }
    Segment big = new Segment("big", "", "", members, java.util.Set.of(), List.of());
    Flag flag =
        FlagSetReader.readFlag(
            "f",
            Map.of(
                "type",
                "boolean",
                "default",
                false,
                "rules",
                List.of(Map.of("segment", "big", "value", true))));
    FlagEvaluator evaluator = FlagEvaluator.of(FlagSet.EMPTY.with(big).with(flag));

    assertThat(evaluator.evaluate("f", EvaluationContext.of("m999", Map.of(), Map.of())).value())
        .contains(true);
    assertThat(evaluator.evaluate("f", EvaluationContext.of("x1", Map.of(), Map.of())).value())
        .contains(false);
  }
}
