package dev.cairn.client;

/**
 * Why a flag has its value: the server's evaluation reasons, plus {@link #CACHED} for values read
 * from the local store that the server has not confirmed in this run.
 */
public enum FlagReason {
  /** The flag is off: its off variation (or the caller's default when it has none). */
  OFF,
  /** The user is one of the flag's individual targets. */
  TARGET_MATCH,
  /** A targeting rule matched (see {@link FlagDetail#ruleId()}). */
  RULE_MATCH,
  /** A prerequisite flag did not serve the required variation. */
  PREREQUISITE_FAILED,
  /** No target or rule matched: the fallthrough. */
  FALLTHROUGH,
  /** The caller's default, because of {@link FlagDetail#errorKind()}. */
  ERROR,
  /** The last value the server served this user, read from the local store (e.g. offline). */
  CACHED,
  /** A reason this SDK does not know (a newer server). */
  UNKNOWN
}
