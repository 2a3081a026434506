package dev.cairn.spec.flags;

import java.util.List;
import java.util.Optional;

/**
 * A feature flag. Evaluated in this order ({@link FlagEvaluator}): off (serve {@code
 * offVariation}); prerequisites; individual targets; rules, first match wins; the fallthrough.
 *
 * @param salt mixed into the rollout hash; defaults to the key ({@link Bucketing})
 * @param temporary a release flag meant to be removed (versus a permanent operational flag)
 */
public record Flag(
    String key,
    String name,
    String description,
    FlagKind kind,
    List<Variation> variations,
    boolean on,
    String offVariation,
    List<Prerequisite> prerequisites,
    List<Target> targets,
    List<Rule> rules,
    Serve fallthrough,
    List<String> tags,
    boolean temporary,
    boolean archived,
    String salt) {
  public Flag {
    variations = List.copyOf(variations);
    prerequisites = List.copyOf(prerequisites);
    targets = List.copyOf(targets);
    rules = List.copyOf(rules);
    tags = List.copyOf(tags);
    name = name == null ? "" : name;
    description = description == null ? "" : description;
    salt = salt == null || salt.isEmpty() ? key : salt;
  }

  public Optional<Variation> variation(String name) {
    return variations.stream().filter(v -> v.name().equals(name)).findFirst();
  }

  /** A copy switched on or off. */
  public Flag withOn(boolean on) {
    return new Flag(
        key,
        name,
        description,
        kind,
        variations,
        on,
        offVariation,
        prerequisites,
        targets,
        rules,
        fallthrough,
        tags,
        temporary,
        archived,
        salt);
  }
}
