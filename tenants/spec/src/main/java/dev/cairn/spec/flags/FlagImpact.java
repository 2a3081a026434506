package dev.cairn.spec.flags;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which flags a change of the flag set can make evaluate differently, for any context: so that a
 * caller's other flags, which evaluate as before for every context, need not be evaluated again.
 *
 * <p>Why this is exact enough to rely on: {@link FlagEvaluator} is a pure function of the flag set
 * and the context, and a flag's evaluation reads only its own definition, the definitions of the
 * flags it names as prerequisites (and theirs, transitively, including whether they exist), and the
 * segments its rules match on (and the segments their rules match on, transitively, including
 * whether they exist). So a flag is {@linkplain #flags() impacted} when its definition changed, or
 * it names as a prerequisite an impacted or added/removed flag, or one of its rules matches an
 * impacted segment; a segment is impacted when its definition (members, exclusions, rules) changed,
 * it was added or removed, or one of its rules matches an impacted segment. Definitions are
 * compared whole (a changed description counts as a change), which can only make the set larger.
 * Evaluations of all other flags are the same before and after for every context.
 *
 * <p>When the flags a caller is served change as a list (a flag added, removed, archived or
 * unarchived, or the document order changed), the result is {@linkplain #whole() whole}: evaluate
 * everything again.
 *
 * @param whole every flag must be evaluated again (the evaluated list itself changed)
 * @param flags when not whole, the served flags that may evaluate differently, in document order
 */
public record FlagImpact(boolean whole, Set<String> flags) {
  /** Nothing changed that evaluation reads. */
  public static final FlagImpact NONE = new FlagImpact(false, Set.of());

  public FlagImpact {
    flags = Collections.unmodifiableSet(new LinkedHashSet<>(flags));
  }

  /** Whether nothing needs to be evaluated again. */
  public boolean none() {
    return !whole && flags.isEmpty();
  }

  /** What changing {@code before} into {@code after} can change in evaluations. */
  public static FlagImpact between(FlagSet before, FlagSet after) {
    if (before == after) {
      return NONE;
    }
    List<String> servedBefore = served(before);
    List<String> servedAfter = served(after);
    if (!servedBefore.equals(servedAfter)) {
      return new FlagImpact(true, Set.of());
    }
    Set<String> segments = changed(before.segments(), after.segments());
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Segment segment : after.segments().values()) {
        if (!segments.contains(segment.key()) && matchesAny(segmentClauses(segment), segments)) {
          segments.add(segment.key());
          grew = true;
        }
      }
    }
    Set<String> flags = changed(before.flags(), after.flags());
    grew = true;
    while (grew) {
      grew = false;
      for (Flag flag : after.flags().values()) {
        if (!flags.contains(flag.key())
            && (matchesAny(flagClauses(flag), segments) || namesAny(flag, flags))) {
          flags.add(flag.key());
          grew = true;
        }
      }
    }
    Set<String> impacted = new LinkedHashSet<>();
    for (String key : servedAfter) {
      if (flags.contains(key)) {
        impacted.add(key);
      }
    }
    return impacted.isEmpty() ? NONE : new FlagImpact(false, impacted);
  }

  /** The flags {@link FlagEvaluator#evaluateAll} evaluates, in its order. */
  private static List<String> served(FlagSet set) {
    List<String> keys = new ArrayList<>();
    for (Flag flag : set.flags().values()) {
      if (!flag.archived()) {
        keys.add(flag.key());
      }
    }
    return keys;
  }

  /** Keys added, removed or defined differently. */
  private static <T> Set<String> changed(Map<String, T> before, Map<String, T> after) {
    Set<String> keys = new HashSet<>();
    before.forEach(
        (key, value) -> {
          if (!Objects.equals(value, after.get(key))) {
            keys.add(key);
          }
        });
    after.keySet().stream().filter(key -> !before.containsKey(key)).forEach(keys::add);
    return keys;
  }

  private static boolean namesAny(Flag flag, Set<String> flags) {
    for (Prerequisite prerequisite : flag.prerequisites()) {
      if (flags.contains(prerequisite.flag())) {
        return true;
      }
    }
    return false;
  }

  private static List<Clause> flagClauses(Flag flag) {
    List<Clause> clauses = new ArrayList<>();
    flag.rules().forEach(rule -> clauses.addAll(rule.clauses()));
    return clauses;
  }

  private static List<Clause> segmentClauses(Segment segment) {
    List<Clause> clauses = new ArrayList<>();
    segment.rules().forEach(rule -> clauses.addAll(rule.clauses()));
    return clauses;
  }

  /**
   * Whether a segment-match clause names one of {@code segments}, read as {@link CompiledClause}
   * reads it (its values in canonical form, the strings among them being segment keys).
   */
  private static boolean matchesAny(List<Clause> clauses, Set<String> segments) {
    if (segments.isEmpty()) {
      return false;
    }
    for (Clause clause : clauses) {
      if (Operator.named(clause.op()).orElse(null) != Operator.SEGMENT_MATCH) {
        continue;
      }
      for (Object value : clause.values()) {
        if (Values.canonical(value) instanceof String key && segments.contains(key)) {
          return true;
        }
      }
    }
    return false;
  }
}
