package dev.cairn.server.flags;

import dev.cairn.spec.flags.FlagEvaluator;
import dev.cairn.spec.flags.FlagSet;

/** A tenant's flag set at one version, compiled for evaluation. Immutable. */
public record FlagSnapshot(long version, FlagEvaluator evaluator) {
  static FlagSnapshot of(long version, FlagSet set) {
    return new FlagSnapshot(version, FlagEvaluator.of(set));
  }

  public FlagSet flagSet() {
    return evaluator.flagSet();
  }
}
