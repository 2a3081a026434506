package dev.cairn.spec.flags;

/**
 * A problem in a flags document, at {@code path}: dotted keys with list items named by their id
 * where they have one, e.g. {@code flags.checkout-v2.rules[beta].clauses[0].values[1]}.
 */
public record FlagProblem(String path, String message) {
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
