package dev.cairn.server.auth;

/**
 * A bearer token that was missing, malformed, expired, or not issued for Cairn by a trusted issuer.
 */
public class InvalidTokenException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidTokenException(String message, Throwable cause) {
    super(message, cause);
  }
}
