package dev.cairn.server;

/**
 * The {@code errorType}s Cairn answers with, spelled as AppSync spells them (see the protocol
 * notes, "errors"), and whether a client may send the same request again unchanged. Amplify's
 * clients act on these names: they retry throttling and server failures with backoff, stop on
 * refused credentials, and hand a {@code ConflictUnhandled} to the app's conflict handler.
 */
public enum ErrorType {
  /** The request is malformed or breaks a limit; resending it fails the same way. */
  BAD_REQUEST("BadRequestException", false),
  /** The document does not validate against the tenant's schema. */
  VALIDATION("ValidationError", false),
  /** The credentials prove nothing for this API (missing, invalid, expired, revoked). */
  UNAUTHENTICATED("UnauthorizedException", false),
  /** The caller is known but no {@code @auth} rule grants the operation. */
  UNAUTHORIZED("Unauthorized", false),
  /** No such endpoint or tenant. */
  NOT_FOUND("NotFound", false),
  /** A realtime message type the protocol does not have. */
  UNSUPPORTED_OPERATION("UnsupportedOperation", false),
  /** The operation is switched off for this caller (a closed flag gate); Amplify skips it. */
  OPERATION_DISABLED("OperationDisabled", false),
  /** A mutation's condition did not hold. */
  CONDITIONAL_CHECK_FAILED("ConditionalCheckFailedException", false),
  /**
   * A stale {@code _version} the conflict strategy rejects; the client's conflict handler decides.
   */
  CONFLICT_UNHANDLED("ConflictUnhandled", false),
  /** Too many connections or requests of this address or tenant; retry after a while. */
  LIMIT_EXCEEDED("LimitExceededException", true),
  /** Over a request rate; retry after the time the answer names. */
  THROTTLING("ThrottlingException", true),
  /** Cairn failed; the request may succeed when sent again. */
  INTERNAL_FAILURE("InternalFailure", true);

  private final String wireName;
  private final boolean retryable;

  ErrorType(String wireName, boolean retryable) {
    this.wireName = wireName;
    this.retryable = retryable;
  }

  /** The name in an answer's {@code errorType}. */
  public String wireName() {
    return wireName;
  }

  /** Whether the same request may succeed when sent again later, unchanged. */
  public boolean isRetryable() {
    return retryable;
  }
}
