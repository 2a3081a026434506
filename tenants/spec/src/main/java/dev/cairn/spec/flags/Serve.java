package dev.cairn.spec.flags;

import java.util.List;

/** What a rule or the fallthrough serves: one variation, or a percentage rollout. */
public sealed interface Serve {
  /** Always {@code variation}. */
  record Fixed(String variation) implements Serve {}

  /**
   * A percentage rollout: the context's bucket ({@link Bucketing}) of the attribute {@code
   * bucketBy} (default {@code key}) picks a variation by cumulative weight, in the listed order.
   * Weights are in thousandths of a percent and sum to 100,000.
   */
  record Rollout(List<WeightedVariation> variations, String bucketBy) implements Serve {
    public Rollout {
      variations = List.copyOf(variations);
      bucketBy = bucketBy == null || bucketBy.isEmpty() ? "key" : bucketBy;
    }
  }

  /** A variation and its share of a rollout in thousandths of a percent (25% = 25,000). */
  record WeightedVariation(String variation, int weight) {}
}
