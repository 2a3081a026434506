package dev.cairn.server.auth;

import dev.cairn.server.ErrorType;

/**
 * App credentials that prove nothing: no {@code Authorization} or {@code x-api-key} header, a token
 * that is malformed, unsigned, wrongly signed, expired, not yet valid, not an access token, from an
 * issuer the tenant does not trust or for another audience, or an API key that is unknown, expired,
 * revoked or another tenant's. The GraphQL endpoint answers it with HTTP 401 and {@code
 * {"errorType": "UnauthorizedException", "message": ...}}; realtime with a {@code connection_error}
 * (or {@code start} error) carrying {@code errorCode: 401} (APPSYNC.md §6.4).
 *
 * <p>The {@linkplain #getMessage() message} is what the caller is told: one of a few fixed
 * sentences that never name the tenant's issuers, audiences or keys, never say whether the tenant
 * exists and never pass on what a fetch of an issuer's keys answered (so Cairn cannot be used to
 * probe networks or tenants). The {@link #detail()} names the exact reason, for the server log.
 * Neither contains the credential itself.
 */
public final class UnauthorizedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What a caller with a token that proves nothing for this tenant is told. */
  static final String INVALID_TOKEN =
      "the token is not valid for this API; send an access token of an issuer this API trusts";

  /** What a caller with an expired (but otherwise valid) token is told. */
  static final String EXPIRED_TOKEN = "the token has expired; get a fresh token and retry";

  /** What a caller with an API key that proves nothing for this tenant is told. */
  static final String INVALID_API_KEY = "the API key is not valid for this API";

  /** What a caller without credentials is told. */
  static final String NO_CREDENTIALS =
      "the request has no credentials; send a token in `Authorization` or an API key in"
          + " `x-api-key`";

  private final String detail;

  /** A refusal whose message is safe to show and is its own detail. */
  public UnauthorizedException(String message) {
    this(message, message, null);
  }

  private UnauthorizedException(String message, String detail, Throwable cause) {
    super(message, cause);
    this.detail = detail;
  }

  /** A token refused for {@code detail}; the caller is told only {@link #INVALID_TOKEN}. */
  static UnauthorizedException invalidToken(String detail) {
    return new UnauthorizedException(INVALID_TOKEN, detail, null);
  }

  static UnauthorizedException invalidToken(String detail, Throwable cause) {
    return new UnauthorizedException(INVALID_TOKEN, detail, cause);
  }

  static UnauthorizedException expiredToken(String detail) {
    return new UnauthorizedException(EXPIRED_TOKEN, detail, null);
  }

  static UnauthorizedException invalidApiKey(String detail) {
    return new UnauthorizedException(INVALID_API_KEY, detail, null);
  }

  /** The exact reason, for logs; may name issuers, URLs and what they answered. */
  public String detail() {
    return detail;
  }

  /** {@link ErrorType#UNAUTHENTICATED}'s name. */
  public String errorType() {
    return ErrorType.UNAUTHENTICATED.wireName();
  }
}
