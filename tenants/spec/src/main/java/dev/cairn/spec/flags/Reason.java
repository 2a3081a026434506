package dev.cairn.spec.flags;

/**
 * Why an evaluation served what it served. {@code ruleId} is set for RULE_MATCH, {@code
 * prerequisiteKey} for PREREQUISITE_FAILED, {@code errorKind} for ERROR; the others are empty.
 * {@code inRollout} tells whether a percentage rollout picked the variation.
 */
public record Reason(
    Kind kind, String ruleId, String prerequisiteKey, ErrorKind errorKind, boolean inRollout) {
  public enum Kind {
    OFF,
    TARGET_MATCH,
    RULE_MATCH,
    PREREQUISITE_FAILED,
    FALLTHROUGH,
    ERROR
  }

  /** What went wrong for an ERROR. */
  public enum ErrorKind {
    NONE,
    FLAG_NOT_FOUND,
    /** The flag refers to a variation it does not have, or its prerequisites form a cycle. */
    MALFORMED_FLAG,
    /** The flag's kind is not what the caller asked for (OFREP/SDK typed getters). */
    WRONG_TYPE
  }

  public Reason {
    ruleId = ruleId == null ? "" : ruleId;
    prerequisiteKey = prerequisiteKey == null ? "" : prerequisiteKey;
    errorKind = errorKind == null ? ErrorKind.NONE : errorKind;
  }

  public static Reason of(Kind kind) {
    return new Reason(kind, "", "", ErrorKind.NONE, false);
  }

  public static Reason ruleMatch(String ruleId, boolean inRollout) {
    return new Reason(Kind.RULE_MATCH, ruleId, "", ErrorKind.NONE, inRollout);
  }

  public static Reason fallthrough(boolean inRollout) {
    return new Reason(Kind.FALLTHROUGH, "", "", ErrorKind.NONE, inRollout);
  }

  public static Reason prerequisiteFailed(String flagKey) {
    return new Reason(Kind.PREREQUISITE_FAILED, "", flagKey, ErrorKind.NONE, false);
  }

  public static Reason error(ErrorKind errorKind) {
    return new Reason(Kind.ERROR, "", "", errorKind, false);
  }
}
