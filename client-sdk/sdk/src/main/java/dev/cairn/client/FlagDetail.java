package dev.cairn.client;

/**
 * A flag's value with why it was served.
 *
 * @param value the served value, or the caller's default when none was served (may be null only
 *     when that default is null)
 * @param variation the served variation's name, or null
 * @param reason why this value
 * @param ruleId the matching rule for {@link FlagReason#RULE_MATCH}, else null
 * @param prerequisiteKey the failed prerequisite for {@link FlagReason#PREREQUISITE_FAILED}, else
 *     null
 * @param errorKind what went wrong for {@link FlagReason#ERROR}, else null
 * @param errorMessage a sentence for {@link FlagReason#ERROR}, else null
 */
public record FlagDetail<T>(
    T value,
    String variation,
    FlagReason reason,
    String ruleId,
    String prerequisiteKey,
    FlagErrorKind errorKind,
    String errorMessage) {

  /** Whether the caller's default was returned because of an error. */
  public boolean isError() {
    return reason == FlagReason.ERROR;
  }
}
