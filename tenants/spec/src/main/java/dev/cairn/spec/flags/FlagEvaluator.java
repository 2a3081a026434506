package dev.cairn.spec.flags;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates a {@link FlagSet} for contexts: deterministic, no I/O, never throws for a broken flag
 * (it answers ERROR instead). Made once per flag-set version ({@link #of}), which compiles every
 * clause; immutable and thread-safe afterwards.
 *
 * <p>Order for a flag: not on → OFF with the off variation; a prerequisite that is off, missing or
 * serves another variation → PREREQUISITE_FAILED with the off variation; the context's key in a
 * target → TARGET_MATCH; the first rule whose clauses all hold → RULE_MATCH; else FALLTHROUGH.
 */
public final class FlagEvaluator {
  /** Segments may refer to segments; deeper than this is treated as not contained (a cycle). */
  private static final int MAX_SEGMENT_DEPTH = 10;

  /** Put at the bottom of the prerequisite path when a cycle is found: every flag on it fails. */
  private static final String CYCLE = "\0cycle";

  private final FlagSet set;
  private final Map<String, CompiledFlag> flags = new HashMap<>();
  private final Map<String, CompiledSegment> segments = new HashMap<>();

  private FlagEvaluator(FlagSet set) {
    this.set = set;
    set.segments().forEach((key, segment) -> segments.put(key, new CompiledSegment(segment)));
    set.flags().forEach((key, flag) -> flags.put(key, new CompiledFlag(flag)));
  }

  public static FlagEvaluator of(FlagSet set) {
    return new FlagEvaluator(set);
  }

  public FlagSet flagSet() {
    return set;
  }

  /** Evaluates flag {@code key}; a missing flag gives ERROR / FLAG_NOT_FOUND. */
  public Evaluation evaluate(String key, EvaluationContext context) {
    CompiledFlag flag = flags.get(key);
    if (flag == null) {
      return Evaluation.error(key, FlagKind.JSON, Reason.ErrorKind.FLAG_NOT_FOUND);
    }
    return evaluate(flag, context, new ArrayDeque<>());
  }

  /** Every flag that is not archived, in document order. */
  public Map<String, Evaluation> evaluateAll(EvaluationContext context) {
    Map<String, Evaluation> all = new LinkedHashMap<>();
    for (Flag flag : set.flags().values()) {
      if (!flag.archived()) {
        all.put(flag.key(), evaluate(flags.get(flag.key()), context, new ArrayDeque<>()));
      }
    }
    return all;
  }

  private Evaluation evaluate(
      CompiledFlag compiled, EvaluationContext context, Deque<String> path) {
    Flag flag = compiled.flag;
    if (path.contains(flag.key())) {
      path.addLast(CYCLE);
      return Evaluation.error(flag.key(), flag.kind(), Reason.ErrorKind.MALFORMED_FLAG);
    }
    if (!flag.on()) {
      return off(flag, Reason.of(Reason.Kind.OFF));
    }
    path.push(flag.key());
    try {
      for (Prerequisite prerequisite : flag.prerequisites()) {
        CompiledFlag required = flags.get(prerequisite.flag());
        if (required == null) {
          return off(flag, Reason.prerequisiteFailed(prerequisite.flag()));
        }
        Evaluation result = evaluate(required, context, path);
        if (CYCLE.equals(path.peekLast())) {
          return Evaluation.error(flag.key(), flag.kind(), Reason.ErrorKind.MALFORMED_FLAG);
        }
        if (!required.flag.on()
            || !result.variation().map(prerequisite.variation()::equals).orElse(false)) {
          return off(flag, Reason.prerequisiteFailed(prerequisite.flag()));
        }
      }
      String user = context.key().orElse(null);
      if (user != null) {
        String targeted = compiled.targets.get(user);
        if (targeted != null) {
          return serve(flag, targeted, Reason.of(Reason.Kind.TARGET_MATCH));
        }
      }
      for (int i = 0; i < flag.rules().size(); i++) {
        if (compiled.ruleMatches(i, context, this::inSegment)) {
          Rule rule = flag.rules().get(i);
          return serve(flag, rule.serve(), context, rolled -> Reason.ruleMatch(rule.id(), rolled));
        }
      }
      return serve(flag, flag.fallthrough(), context, Reason::fallthrough);
    } finally {
      path.pop();
    }
  }

  private Evaluation off(Flag flag, Reason reason) {
    if (flag.offVariation() == null || flag.offVariation().isEmpty()) {
      return new Evaluation(flag.key(), flag.kind(), Optional.empty(), Optional.empty(), reason);
    }
    return serve(flag, flag.offVariation(), reason);
  }

  private Evaluation serve(Flag flag, String variation, Reason reason) {
    return flag.variation(variation)
        .map(
            v ->
                new Evaluation(
                    flag.key(), flag.kind(), Optional.of(v.name()), Optional.of(v.value()), reason))
        .orElseGet(
            () -> Evaluation.error(flag.key(), flag.kind(), Reason.ErrorKind.MALFORMED_FLAG));
  }

  private interface RolloutReason {
    Reason of(boolean inRollout);
  }

  private Evaluation serve(
      Flag flag, Serve serve, EvaluationContext context, RolloutReason reason) {
    if (serve instanceof Serve.Fixed fixed) {
      return serve(flag, fixed.variation(), reason.of(false));
    }
    if (serve instanceof Serve.Rollout rollout && !rollout.variations().isEmpty()) {
      int bucket =
          context
              .get(rollout.bucketBy())
              .map(value -> Bucketing.bucket(flag.key(), flag.salt(), Values.bucketText(value)))
              .orElse(0);
      List<Serve.WeightedVariation> variations = rollout.variations();
      int sum = 0;
      for (Serve.WeightedVariation weighted : variations) {
        sum += weighted.weight();
        if (bucket < sum) {
          return serve(flag, weighted.variation(), reason.of(true));
        }
      }
      return serve(flag, variations.get(variations.size() - 1).variation(), reason.of(true));
    }
    return Evaluation.error(flag.key(), flag.kind(), Reason.ErrorKind.MALFORMED_FLAG);
  }

  /** Whether {@code context} is in segment {@code key} (a missing segment holds no one). */
  public boolean inSegment(String key, EvaluationContext context) {
    return inSegment(key, context, 0);
  }

  private boolean inSegment(String key, EvaluationContext context, int depth) {
    CompiledSegment segment = segments.get(key);
    if (segment == null || depth > MAX_SEGMENT_DEPTH) {
      return false;
    }
    return segment.contains(context, this::inSegment, depth);
  }

  private static final class CompiledFlag {
    final Flag flag;
    final Map<String, String> targets = new HashMap<>();
    final CompiledClause[][] rules;

    CompiledFlag(Flag flag) {
      this.flag = flag;
      for (Target target : flag.targets()) {
        target.users().forEach(user -> targets.putIfAbsent(user, target.variation()));
      }
      rules = new CompiledClause[flag.rules().size()][];
      for (int i = 0; i < rules.length; i++) {
        rules[i] =
            flag.rules().get(i).clauses().stream()
                .map(CompiledClause::new)
                .toArray(CompiledClause[]::new);
      }
    }

    boolean ruleMatches(
        int index, EvaluationContext context, CompiledClause.SegmentMembership segments) {
      for (CompiledClause clause : rules[index]) {
        if (!clause.matches(context, segments, 0)) {
          return false;
        }
      }
      return true;
    }
  }

  private static final class CompiledSegment {
    final Segment segment;
    final CompiledClause[][] rules;

    CompiledSegment(Segment segment) {
      this.segment = segment;
      rules = new CompiledClause[segment.rules().size()][];
      for (int i = 0; i < rules.length; i++) {
        rules[i] =
            segment.rules().get(i).clauses().stream()
                .map(CompiledClause::new)
                .toArray(CompiledClause[]::new);
      }
    }

    boolean contains(
        EvaluationContext context, CompiledClause.SegmentMembership segments, int depth) {
      String user = context.key().orElse(null);
      if (user != null && segment.included().contains(user)) {
        return true;
      }
      if (user != null && segment.excluded().contains(user)) {
        return false;
      }
      for (CompiledClause[] rule : rules) {
        boolean all = true;
        for (CompiledClause clause : rule) {
          if (!clause.matches(context, segments, depth)) {
            all = false;
            break;
          }
        }
        if (all) {
          return true;
        }
      }
      return false;
    }
  }
}
