package dev.cairn.server.auth;

/**
 * App credentials that prove nothing: no {@code Authorization} or {@code x-api-key} header, a token
 * that is malformed, unsigned, wrongly signed, expired, not yet valid, from an issuer the tenant
 * does not trust or for another audience, or an API key that is unknown, expired, revoked or
 * another tenant's. The GraphQL endpoint answers it with HTTP 401 and {@code {"errorType":
 * "UnauthorizedException", "message": ...}}; realtime with a {@code connection_error} (or {@code
 * start} error) carrying {@code errorCode: 401} (APPSYNC.md §6.4). The message names the reason and
 * never contains the credential itself.
 */
public final class UnauthorizedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** AppSync's {@code errorType} for failed authentication. */
  public static final String ERROR_TYPE = "UnauthorizedException";

  public UnauthorizedException(String message) {
    super(message);
  }

  public UnauthorizedException(String message, Throwable cause) {
    super(message, cause);
  }

  /** {@value #ERROR_TYPE}. */
  public String errorType() {
    return ERROR_TYPE;
  }

  /** 401. */
  public int httpStatus() {
    return 401;
  }
}
