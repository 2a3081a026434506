package dev.cairn.client.openfeature;

import dev.cairn.client.FlagErrorKind;
import dev.cairn.client.FlagReason;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.Reason;

/**
 * Cairn's reasons in OpenFeature's words, as Cairn's OFREP endpoint maps them: OFF and
 * PREREQUISITE_FAILED are DISABLED, TARGET_MATCH and RULE_MATCH are TARGETING_MATCH, FALLTHROUGH is
 * DEFAULT; CACHED and ERROR keep their names. Cairn's own reason travels in the flag metadata.
 */
final class Reasons {
  private Reasons() {}

  static Reason reason(FlagReason reason) {
    return switch (reason) {
      case OFF, PREREQUISITE_FAILED -> Reason.DISABLED;
      case TARGET_MATCH, RULE_MATCH -> Reason.TARGETING_MATCH;
      case FALLTHROUGH -> Reason.DEFAULT;
      case CACHED -> Reason.CACHED;
      case ERROR -> Reason.ERROR;
      case UNKNOWN -> Reason.UNKNOWN;
    };
  }

  static ErrorCode errorCode(FlagErrorKind kind) {
    if (kind == null) {
      return ErrorCode.GENERAL;
    }
    return switch (kind) {
      case FLAG_NOT_FOUND -> ErrorCode.FLAG_NOT_FOUND;
      case WRONG_TYPE -> ErrorCode.TYPE_MISMATCH;
      case NOT_LOADED -> ErrorCode.PROVIDER_NOT_READY;
      case MALFORMED_FLAG, OTHER -> ErrorCode.GENERAL;
    };
  }
}
