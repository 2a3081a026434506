package dev.cairn.spec.flags;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a flag is stale, so its code path can probably be removed. Two reasons, each over a stale
 * period ({@link #AFTER}, 30 days, unless the server is told otherwise):
 *
 * <ul>
 *   <li>{@link Reason#ONE_VARIATION}: a temporary flag has served one variation to everyone for the
 *       period. Decided from the flag's configuration, not from traffic: a flag serves one
 *       variation to everyone when every path through it (off, targets, rules, rollouts with a
 *       non-zero weight, the fallthrough, and the off variation a failed prerequisite serves) ends
 *       in the same variation; "for the period" is then the time since its last change.
 *   <li>{@link Reason#NOT_EVALUATED}: no client has had the flag evaluated for the period (counted
 *       from its last change when no client ever did), whether temporary or not.
 * </ul>
 *
 * Archived flags are never stale.
 */
public final class FlagStaleness {
  public static final Duration AFTER = Duration.ofDays(30);

  private FlagStaleness() {}

  /** The variations some context can be served. */
  public static Set<String> reachableVariations(Flag flag) {
    Set<String> out = new LinkedHashSet<>();
    if (!flag.on()) {
      if (flag.offVariation() != null && !flag.offVariation().isEmpty()) {
        out.add(flag.offVariation());
      }
      return out;
    }
    if (!flag.prerequisites().isEmpty()
        && flag.offVariation() != null
        && !flag.offVariation().isEmpty()) {
      out.add(flag.offVariation());
    }
    flag.targets().forEach(t -> out.add(t.variation()));
    flag.rules().forEach(r -> add(r.serve(), out));
    add(flag.fallthrough(), out);
    return out;
  }

  private static void add(Serve serve, Set<String> out) {
    if (serve instanceof Serve.Fixed fixed) {
      out.add(fixed.variation());
    } else if (serve instanceof Serve.Rollout rollout) {
      rollout.variations().stream()
          .filter(w -> w.weight() > 0)
          .forEach(w -> out.add(w.variation()));
    }
  }

  /** Why a flag is stale. */
  public enum Reason {
    /** A temporary flag serves one variation to everyone, unchanged for the stale period. */
    ONE_VARIATION("serves one variation to everyone"),
    /** No client had it evaluated for the stale period. */
    NOT_EVALUATED("no client evaluated it");

    private final String sentence;

    Reason(String sentence) {
      this.sentence = sentence;
    }

    /** A short sentence for a person, e.g. "no client evaluated it". */
    public String sentence() {
      return sentence;
    }
  }

  /** Stale: temporary, one reachable variation, and unchanged since at least 30 days. */
  public static boolean isStale(Flag flag, Instant lastChanged, Instant now) {
    return staleness(flag, lastChanged, Optional.empty(), now, AFTER)
        .filter(r -> r == Reason.ONE_VARIATION)
        .isPresent();
  }

  /**
   * Why {@code flag} is stale at {@code now}, or empty when it is not.
   *
   * @param lastChanged when the flag last changed
   * @param lastEvaluated when a client last had it evaluated; empty when none ever did (or when
   *     that is not known: then only {@link Reason#ONE_VARIATION} can be answered)
   * @param after the stale period
   */
  public static Optional<Reason> staleness(
      Flag flag,
      Instant lastChanged,
      Optional<Instant> lastEvaluated,
      Instant now,
      Duration after) {
    if (flag.archived()) {
      return Optional.empty();
    }
    boolean unchanged = !lastChanged.plus(after).isAfter(now);
    if (flag.temporary() && unchanged && reachableVariations(flag).size() == 1) {
      return Optional.of(Reason.ONE_VARIATION);
    }
    // a change counts as a start: a flag created or edited recently has not had its chance yet
    Instant lastSeen = lastEvaluated.filter(e -> e.isAfter(lastChanged)).orElse(lastChanged);
    return lastSeen.plus(after).isAfter(now) ? Optional.empty() : Optional.of(Reason.NOT_EVALUATED);
  }
}
