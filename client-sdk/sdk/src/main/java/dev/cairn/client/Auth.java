package dev.cairn.client;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * How the client authenticates to a tenant: an API key (grants {@code public} rules only) or an
 * OIDC access token from a supplier, asked before every request and every realtime connection so
 * that it can refresh tokens. The supplier is called from the client's threads and must be
 * thread-safe; it may block briefly.
 */
public sealed interface Auth permits Auth.ApiKey, Auth.Token {

  static Auth apiKey(String key) {
    return new ApiKey(key);
  }

  /** A supplier of the raw access token (a JWT, without {@code Bearer }). */
  static Auth token(Supplier<String> accessToken) {
    return new Token(accessToken);
  }

  /** Sent as {@code x-api-key}. */
  record ApiKey(String key) implements Auth {
    public ApiKey {
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("API key is empty; copy it from the console");
      }
    }

    @Override
    public String toString() {
      return "ApiKey[***]";
    }
  }

  /** Sent as {@code Authorization: <jwt>}, as AppSync's OIDC mode expects. */
  record Token(Supplier<String> accessToken) implements Auth {
    public Token {
      Objects.requireNonNull(accessToken, "accessToken");
    }
  }
}
