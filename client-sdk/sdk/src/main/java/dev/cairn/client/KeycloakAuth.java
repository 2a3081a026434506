package dev.cairn.client;

import dev.cairn.client.internal.TokenEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Tokens from a Keycloak realm (a Cairn tenant's provisioned realm is {@code cairn-t-<tenant>}, its
 * app client {@code cairn-app}) for {@link Auth#token}: signs in with the password grant (for tests
 * and command-line tools) and refreshes the access token shortly before it expires, falling back to
 * a new sign-in when the refresh token is gone. Desktop apps sign their users in through the
 * browser with {@link KeycloakBrowserLogin} instead. Thread-safe.
 */
public final class KeycloakAuth implements Supplier<String> {
  private static final Duration EARLY = Duration.ofSeconds(30);

  private final TokenEndpoint endpoint;
  private final String username;
  private final String password;
  private final Clock clock;
  private TokenStore.Tokens tokens;

  private KeycloakAuth(
      HttpClient http,
      URI keycloak,
      String realm,
      String clientId,
      String user,
      String pw,
      Clock clock) {
    this.endpoint = new TokenEndpoint(http, keycloak, realm, clientId);
    this.username = user;
    this.password = pw;
    this.clock = clock;
  }

  /**
   * An {@link Auth} signing in as {@code username} to {@code realm} of the Keycloak at {@code
   * keycloak} (e.g. {@code http://localhost:8180}) through the public client {@code clientId}.
   */
  public static Auth password(
      URI keycloak, String realm, String clientId, String username, String password) {
    return Auth.token(
        new KeycloakAuth(
            HttpClient.newHttpClient(),
            keycloak,
            realm,
            clientId,
            username,
            password,
            Clock.systemUTC()));
  }

  /**
   * The current access token, refreshed or renewed when it expires within 30 s.
   *
   * @throws CairnException {@code Unauthorized} when Keycloak refuses the credentials; retryable
   *     when Keycloak cannot be reached
   */
  @Override
  public synchronized String get() {
    Instant now = clock.instant();
    if (tokens != null && now.isBefore(tokens.accessExpiresAt().minus(EARLY))) {
      return tokens.accessToken();
    }
    if (tokens != null && tokens.refreshToken() != null) {
      try {
        tokens =
            endpoint.request(
                Map.of("grant_type", "refresh_token", "refresh_token", tokens.refreshToken()),
                now,
                "to refresh the session of " + username,
                "signing in again");
        return tokens.accessToken();
      } catch (CairnException e) {
        if (e.isRetryable()) {
          throw e;
        }
      }
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "password");
    form.put("username", username);
    form.put("password", password);
    tokens =
        endpoint.request(
            form,
            now,
            "the sign-in of " + username,
            "check realm, client id, user name and password");
    return tokens.accessToken();
  }
}
