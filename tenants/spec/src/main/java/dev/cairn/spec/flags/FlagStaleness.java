package dev.cairn.spec.flags;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Whether a temporary flag is stale: it has served one variation to everyone for {@link #AFTER} (30
 * days), so its code path can be removed. Decided from the flag's configuration, not from traffic:
 * a flag serves one variation to everyone when every path through it (off, targets, rules, rollouts
 * with a non-zero weight, the fallthrough, and the off variation a failed prerequisite serves) ends
 * in the same variation; "for 30 days" is then the time since its last change.
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

  /** Stale: temporary, one reachable variation, and unchanged since at least 30 days. */
  public static boolean isStale(Flag flag, Instant lastChanged, Instant now) {
    return flag.temporary()
        && !flag.archived()
        && reachableVariations(flag).size() == 1
        && !lastChanged.plus(AFTER).isAfter(now);
  }
}
