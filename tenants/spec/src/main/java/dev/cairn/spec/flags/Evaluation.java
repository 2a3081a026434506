package dev.cairn.spec.flags;

import java.util.Optional;

/**
 * The result of evaluating one flag for one context. {@code variation} and {@code value} are empty
 * when nothing was served (ERROR, or OFF without an off variation): the caller uses its default.
 */
public record Evaluation(
    String flagKey,
    FlagKind kind,
    Optional<String> variation,
    Optional<Object> value,
    Reason reason) {
  public static Evaluation error(String flagKey, FlagKind kind, Reason.ErrorKind errorKind) {
    return new Evaluation(
        flagKey, kind, Optional.empty(), Optional.empty(), Reason.error(errorKind));
  }

  /** The served value, or {@code defaultValue} when none was served. */
  public Object valueOr(Object defaultValue) {
    return value.orElse(defaultValue);
  }
}
