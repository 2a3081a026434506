package dev.cairn.server.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.spec.flags.Evaluation;
import dev.cairn.spec.flags.EvaluationContext;
import dev.cairn.spec.flags.FlagSet;
import dev.cairn.spec.flags.FlagSetReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A subscriber's flags after a change ({@link FlagSubscriptions#reevaluate}) evaluate only what the
 * change can have changed, and still equal a full evaluation for every caller: callers on either
 * side of a segment get their own values.
 */
class FlagReevaluationTest {
  private final FlagSubscriptions subscriptions = new FlagSubscriptions();

  private static FlagSet flags(List<String> members, boolean betaOn) {
    return FlagSetReader.read(
        Map.of(
            "version",
            1,
            "segments",
            Map.of("testers", Map.of("included", members)),
            "flags",
            ordered(
                "beta",
                Map.of(
                    "kind",
                    "boolean",
                    "variations",
                    List.of(
                        Map.of("name", "on", "value", true), Map.of("name", "off", "value", false)),
                    "on",
                    betaOn,
                    "offVariation",
                    "off",
                    "rules",
                    List.of(
                        Map.of(
                            "id",
                            "t",
                            "clauses",
                            List.of(
                                Map.of(
                                    "attribute",
                                    "",
                                    "op",
                                    "segmentMatch",
                                    "values",
                                    List.of("testers"))),
                            "variation",
                            "on")),
                    "fallthrough",
                    Map.of("variation", "off")),
                "theme",
                Map.of(
                    "kind", "string",
                    "variations",
                        List.of(
                            Map.of("name", "light", "value", "light"),
                            Map.of("name", "dark", "value", "dark")),
                    "targets", List.of(Map.of("variation", "dark", "users", List.of("ann"))),
                    "fallthrough", Map.of("variation", "light")))));
  }

  /** Two entries in this order (the document order flags are evaluated and sent in). */
  private static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(k1, v1);
    map.put(k2, v2);
    return map;
  }

  private static EvaluationContext user(String key) {
    return EvaluationContext.of(key, Map.of(), Map.of());
  }

  private static Object value(Map<String, Evaluation> served, String key) {
    return served.get(key).value().orElseThrow();
  }

  @Test
  void callersOnEitherSideOfAChangedSegmentGetTheirOwnValuesEqualToAFullEvaluation() {
    FlagSnapshot before = FlagSnapshot.of(1, flags(List.of("ann"), true));
    FlagSnapshot after = FlagSnapshot.of(2, flags(List.of("bob"), true));
    for (String key : List.of("ann", "bob", "cid")) {
      Map<String, Evaluation> served = before.evaluator().evaluateAll(user(key));
      Map<String, Evaluation> now = subscriptions.reevaluate(before, served, after, user(key));
      assertThat(now).isEqualTo(after.evaluator().evaluateAll(user(key)));
      assertThat(List.copyOf(now.keySet())).containsExactly("beta", "theme");
      // theme reads nothing the change touched: kept, not evaluated again
      assertThat(now.get("theme")).isSameAs(served.get("theme"));
    }
    Map<String, Evaluation> ann =
        subscriptions.reevaluate(
            before, before.evaluator().evaluateAll(user("ann")), after, user("ann"));
    Map<String, Evaluation> bob =
        subscriptions.reevaluate(
            before, before.evaluator().evaluateAll(user("bob")), after, user("bob"));
    assertThat(value(ann, "beta")).isEqualTo(false);
    assertThat(value(bob, "beta")).isEqualTo(true);
    assertThat(value(ann, "theme")).isEqualTo("dark");
    assertThat(value(bob, "theme")).isEqualTo("light");
  }

  @Test
  void aToggleReevaluatesTheToggledFlagForEveryCaller() {
    FlagSnapshot off = FlagSnapshot.of(1, flags(List.of("ann"), false));
    FlagSnapshot on = FlagSnapshot.of(2, flags(List.of("ann"), true));
    for (String key : List.of("ann", "bob")) {
      Map<String, Evaluation> served = off.evaluator().evaluateAll(user(key));
      Map<String, Evaluation> now = subscriptions.reevaluate(off, served, on, user(key));
      assertThat(now).isEqualTo(on.evaluator().evaluateAll(user(key)));
      assertThat(value(now, "beta")).isEqualTo(key.equals("ann"));
    }
  }

  @Test
  void theSameSnapshotOrAChangeNothingReadsKeepsWhatWasServed() {
    FlagSnapshot one = FlagSnapshot.of(1, flags(List.of("ann"), true));
    FlagSnapshot same = FlagSnapshot.of(2, flags(List.of("ann"), true));
    Map<String, Evaluation> served = one.evaluator().evaluateAll(user("ann"));
    assertThat(subscriptions.reevaluate(one, served, one, user("ann"))).isSameAs(served);
    assertThat(subscriptions.reevaluate(one, served, same, user("ann"))).isSameAs(served);
  }

  @Test
  void aFlagAddedMakesEveryFlagEvaluatedAgainInDocumentOrder() {
    FlagSnapshot before = FlagSnapshot.of(1, flags(List.of("ann"), true));
    FlagSet grown =
        flags(List.of("ann"), true)
            .with(
                FlagSetReader.readFlag(
                    "fresh", Map.of("type", "boolean", "default", true, "on", true)));
    FlagSnapshot after = FlagSnapshot.of(2, grown);
    Map<String, Evaluation> served = before.evaluator().evaluateAll(user("ann"));
    Map<String, Evaluation> now = subscriptions.reevaluate(before, served, after, user("ann"));
    assertThat(List.copyOf(now.keySet())).containsExactly("beta", "theme", "fresh");
    assertThat(now).isEqualTo(after.evaluator().evaluateAll(user("ann")));
  }
}
