package dev.cairn.spec.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link FlagImpact}: every flag whose evaluation differs for some context after a change must be
 * named (checked by evaluating every flag for many contexts before and after), and flags that
 * cannot have changed are left out.
 */
class FlagImpactTest {
  private static final List<Variation> BOOLEAN =
      List.of(new Variation("on", true, ""), new Variation("off", false, ""));

  private static Flag flag(
      String key,
      boolean on,
      List<Prerequisite> prerequisites,
      List<Target> targets,
      List<Rule> rules,
      Serve fallthrough) {
    return new Flag(
        key,
        "",
        "",
        FlagKind.BOOLEAN,
        BOOLEAN,
        on,
        "off",
        prerequisites,
        targets,
        rules,
        fallthrough,
        List.of(),
        false,
        false,
        "");
  }

  private static Rule inSegment(String id, String segment) {
    return new Rule(
        id, "", List.of(new Clause("", "segmentMatch", List.of(segment))), new Serve.Fixed("on"));
  }

  private static Serve rollout(int onPercent) {
    return new Serve.Rollout(
        List.of(
            new Serve.WeightedVariation("on", onPercent * 1000),
            new Serve.WeightedVariation("off", (100 - onPercent) * 1000)),
        "");
  }

  private static Segment segment(String key, Set<String> included, List<SegmentRule> rules) {
    return new Segment(key, "", "", included, Set.of(), rules);
  }

  /**
   * Flags: {@code plain} (fallthrough off, reads nothing), {@code beta} (segment {@code testers}),
   * {@code nested} (segment {@code wide}, whose rule matches segment {@code testers}), {@code
   * gated} (prerequisite {@code beta} serving on, then on), {@code chained} (prerequisite {@code
   * gated}), {@code rolled} (a 30% rollout by user), {@code vip} (user u7 targeted).
   */
  private static FlagSet base() {
    Map<String, Flag> flags = new LinkedHashMap<>();
    flags.put(
        "plain", flag("plain", true, List.of(), List.of(), List.of(), new Serve.Fixed("off")));
    flags.put(
        "beta",
        flag(
            "beta",
            true,
            List.of(),
            List.of(),
            List.of(inSegment("r", "testers")),
            new Serve.Fixed("off")));
    flags.put(
        "nested",
        flag(
            "nested",
            true,
            List.of(),
            List.of(),
            List.of(inSegment("r", "wide")),
            new Serve.Fixed("off")));
    flags.put(
        "gated",
        flag(
            "gated",
            true,
            List.of(new Prerequisite("beta", "on")),
            List.of(),
            List.of(),
            new Serve.Fixed("on")));
    flags.put(
        "chained",
        flag(
            "chained",
            true,
            List.of(new Prerequisite("gated", "on")),
            List.of(),
            List.of(),
            new Serve.Fixed("on")));
    flags.put("rolled", flag("rolled", true, List.of(), List.of(), List.of(), rollout(30)));
    flags.put(
        "vip",
        flag(
            "vip",
            true,
            List.of(),
            List.of(new Target("on", List.of("u7"))),
            List.of(),
            new Serve.Fixed("off")));
    Map<String, Segment> segments = new LinkedHashMap<>();
    segments.put("testers", segment("testers", Set.of("u1", "u2"), List.of()));
    segments.put(
        "wide",
        segment(
            "wide",
            Set.of("u3"),
            List.of(
                new SegmentRule(
                    "r", List.of(new Clause("", "segmentMatch", List.of("testers")))))));
    return new FlagSet(flags, segments);
  }

  private static List<EvaluationContext> contexts() {
    List<EvaluationContext> contexts = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      contexts.add(EvaluationContext.of("u" + i, Map.of(), Map.of()));
    }
    return contexts;
  }

  /**
   * The check that fails if two callers who should now differ were served alike: for every context,
   * every flag whose evaluation (value, variation, reason) changed is in the impact, or the impact
   * is whole when the list of evaluated flags changed.
   */
  private static FlagImpact assertSound(FlagSet before, FlagSet after) {
    FlagImpact impact = FlagImpact.between(before, after);
    FlagEvaluator was = FlagEvaluator.of(before);
    FlagEvaluator is = FlagEvaluator.of(after);
    for (EvaluationContext context : contexts()) {
      Map<String, Evaluation> then = was.evaluateAll(context);
      Map<String, Evaluation> now = is.evaluateAll(context);
      if (!List.copyOf(then.keySet()).equals(List.copyOf(now.keySet()))) {
        assertThat(impact.whole()).as("the evaluated flags changed as a list").isTrue();
        continue;
      }
      if (impact.whole()) {
        continue;
      }
      now.forEach(
          (key, evaluation) ->
              assertThat(impact.flags().contains(key) || evaluation.equals(then.get(key)))
                  .as(key + " changed for " + context.key().orElseThrow() + " but is not named")
                  .isTrue());
    }
    return impact;
  }

  private static FlagSet withFlag(FlagSet set, String key, UnaryOperator<Flag> change) {
    return set.with(change.apply(set.flags().get(key)));
  }

  @Test
  void togglingAFlagImpactsItAndTheFlagsThatNameItAsAPrerequisiteTransitively() {
    FlagSet before = base();
    FlagSet after = withFlag(before, "beta", f -> f.withOn(false));
    assertThat(assertSound(before, after).flags()).containsExactly("beta", "gated", "chained");
  }

  @Test
  void aMemberAddedToASegmentImpactsTheFlagsMatchingItAndASegmentWhoseRuleMatchesIt() {
    FlagSet before = base();
    Segment testers = before.segments().get("testers");
    FlagSet after = before.with(segment("testers", Set.of("u1", "u2", "u9"), testers.rules()));
    FlagImpact impact = assertSound(before, after);
    assertThat(impact.flags()).containsExactly("beta", "nested", "gated", "chained");
    // u9 really changes on a flag reached only through the nested segment
    EvaluationContext u9 = EvaluationContext.of("u9", Map.of(), Map.of());
    assertThat(FlagEvaluator.of(before).evaluate("nested", u9).value()).contains(false);
    assertThat(FlagEvaluator.of(after).evaluate("nested", u9).value()).contains(true);
  }

  @Test
  void aRolloutOrATargetChangeImpactsOnlyThatFlag() {
    FlagSet before = base();
    Flag rolled = before.flags().get("rolled");
    FlagSet grown = before.with(flag("rolled", true, List.of(), List.of(), List.of(), rollout(60)));
    assertThat(rolled.fallthrough()).isNotEqualTo(grown.flags().get("rolled").fallthrough());
    assertThat(assertSound(before, grown).flags()).containsExactly("rolled");
    FlagSet retargeted =
        before.with(
            flag(
                "vip",
                true,
                List.of(),
                List.of(new Target("on", List.of("u8"))),
                List.of(),
                new Serve.Fixed("off")));
    assertThat(assertSound(before, retargeted).flags()).containsExactly("vip");
  }

  @Test
  void addingArchivingOrReorderingFlagsMakesTheImpactWhole() {
    FlagSet before = base();
    Flag plain = before.flags().get("plain");
    FlagSet added =
        before.with(flag("fresh", true, List.of(), List.of(), List.of(), new Serve.Fixed("on")));
    assertThat(assertSound(before, added).whole()).isTrue();
    FlagSet archived =
        before.with(
            new Flag(
                "plain",
                "",
                "",
                FlagKind.BOOLEAN,
                BOOLEAN,
                true,
                "off",
                List.of(),
                List.of(),
                List.of(),
                plain.fallthrough(),
                List.of(),
                false,
                true,
                ""));
    assertThat(assertSound(before, archived).whole()).isTrue();
    Map<String, Flag> reordered = new LinkedHashMap<>();
    reordered.put("vip", before.flags().get("vip"));
    before.flags().forEach(reordered::putIfAbsent);
    assertThat(FlagImpact.between(before, new FlagSet(reordered, before.segments())).whole())
        .isTrue();
  }

  @Test
  void aSegmentAddedWhileAFlagAlreadyMatchedItImpactsThatFlag() {
    FlagSet before = base().withoutSegment("testers");
    FlagSet after = base();
    assertThat(assertSound(before, after).flags())
        .containsExactly("beta", "nested", "gated", "chained");
  }

  @Test
  void aChangeNothingReadsImpactsNothing() {
    FlagSet before = base();
    FlagSet after = before.with(new Segment("unused", "", "", Set.of("u1"), Set.of(), List.of()));
    assertThat(assertSound(before, after).none()).isTrue();
    assertThat(FlagImpact.between(before, before).none()).isTrue();
  }

  /**
   * Random chains of changes (toggles, members, rollouts, targets, prerequisites, segments added
   * and removed) from the same base: each step's impact must name every flag that changed for any
   * of 200 users.
   */
  @Test
  void randomChangesNeverLeaveAChangedFlagUnnamed() {
    Random random = new Random(14);
    List<String> keys = List.copyOf(base().flags().keySet());
    FlagSet current = base();
    for (int step = 0; step < 150; step++) {
      FlagSet next;
      String key = keys.get(random.nextInt(keys.size()));
      switch (random.nextInt(6)) {
        case 0 -> next = withFlag(current, key, f -> f.withOn(!f.on()));
        case 1 -> {
          String segmentKey = random.nextBoolean() ? "testers" : "wide";
          Segment s = current.segments().get(segmentKey);
          Set<String> members = Set.of("u" + random.nextInt(200), "u" + random.nextInt(200));
          next = current.with(segment(segmentKey, members, s == null ? List.of() : s.rules()));
        }
        case 2 ->
            next =
                current.with(
                    flag(key, true, List.of(), List.of(), List.of(), rollout(random.nextInt(101))));
        case 3 ->
            next =
                current.with(
                    flag(
                        key,
                        true,
                        List.of(),
                        List.of(new Target("on", List.of("u" + random.nextInt(200)))),
                        List.of(inSegment("r", random.nextBoolean() ? "testers" : "wide")),
                        new Serve.Fixed("off")));
        case 4 -> {
          String required = keys.get(random.nextInt(keys.size()));
          next =
              withFlag(
                  current,
                  key,
                  f ->
                      new Flag(
                          f.key(),
                          "",
                          "",
                          FlagKind.BOOLEAN,
                          BOOLEAN,
                          f.on(),
                          "off",
                          required.equals(f.key())
                              ? List.of()
                              : List.of(new Prerequisite(required, "on")),
                          f.targets(),
                          f.rules(),
                          f.fallthrough(),
                          List.of(),
                          false,
                          false,
                          ""));
        }
        default ->
            next =
                random.nextBoolean()
                    ? current.withoutSegment("testers")
                    : current.with(
                        segment("testers", Set.of("u" + random.nextInt(200)), List.of()));
      }
      assertSound(current, next);
      current = next;
    }
  }
}
