package dev.cairn.spec.flags;

import java.util.Optional;

/**
 * The clause operators, by their wire names. Dates are ISO-8601 instants or epoch milliseconds;
 * semantic versions follow semver.org 2.0 (a missing minor or patch counts as 0).
 */
public enum Operator {
  IN("in"),
  NOT_IN("notIn"),
  STARTS_WITH("startsWith"),
  ENDS_WITH("endsWith"),
  CONTAINS("contains"),
  MATCHES("matches"),
  LESS_THAN("lessThan"),
  LESS_THAN_OR_EQUAL("lessThanOrEqual"),
  GREATER_THAN("greaterThan"),
  GREATER_THAN_OR_EQUAL("greaterThanOrEqual"),
  BEFORE("before"),
  AFTER("after"),
  SEMVER_EQUAL("semVerEqual"),
  SEMVER_LESS_THAN("semVerLessThan"),
  SEMVER_GREATER_THAN("semVerGreaterThan"),
  SEGMENT_MATCH("segmentMatch");

  private final String wireName;

  Operator(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The operator written {@code name}; empty for an unknown one (its clause never matches). */
  public static Optional<Operator> named(String name) {
    for (Operator op : values()) {
      if (op.wireName.equals(name)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }

  boolean numeric() {
    return this == LESS_THAN
        || this == LESS_THAN_OR_EQUAL
        || this == GREATER_THAN
        || this == GREATER_THAN_OR_EQUAL;
  }

  boolean date() {
    return this == BEFORE || this == AFTER;
  }

  boolean semver() {
    return this == SEMVER_EQUAL || this == SEMVER_LESS_THAN || this == SEMVER_GREATER_THAN;
  }
}
