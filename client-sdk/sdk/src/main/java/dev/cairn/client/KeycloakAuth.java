package dev.cairn.client;

import dev.cairn.client.internal.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Tokens from a Keycloak realm (a Cairn tenant's provisioned realm is {@code cairn-t-<tenant>}, its
 * app client {@code cairn-app}) for {@link Auth#token}: signs in with the password grant (for tests
 * and command-line tools) and refreshes the access token shortly before it expires, falling back to
 * a new sign-in when the refresh token is gone. Thread-safe.
 */
public final class KeycloakAuth implements Supplier<String> {
  private static final Duration EARLY = Duration.ofSeconds(30);

  private final HttpClient http;
  private final URI tokenEndpoint;
  private final String clientId;
  private final String username;
  private final String password;
  private final Clock clock;
  private String accessToken;
  private String refreshToken;
  private Instant expiresAt = Instant.MIN;

  private KeycloakAuth(
      HttpClient http,
      URI keycloak,
      String realm,
      String clientId,
      String user,
      String pw,
      Clock clock) {
    this.http = http;
    String base = keycloak.toString().replaceAll("/+$", "");
    this.tokenEndpoint = URI.create(base + "/realms/" + realm + "/protocol/openid-connect/token");
    this.clientId = clientId;
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
    if (accessToken != null && now.isBefore(expiresAt.minus(EARLY))) {
      return accessToken;
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("client_id", clientId);
    if (refreshToken != null) {
      form.put("grant_type", "refresh_token");
      form.put("refresh_token", refreshToken);
      try {
        return request(form, now);
      } catch (CairnException e) {
        if (e.isRetryable()) {
          throw e;
        }
        refreshToken = null;
        form.remove("refresh_token");
      }
    }
    form.put("grant_type", "password");
    form.put("username", username);
    form.put("password", password);
    return request(form, now);
  }

  private String request(Map<String, String> form, Instant now) {
    String body =
        form.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(tokenEndpoint)
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new CairnException("Network", "cannot reach Keycloak at " + tokenEndpoint, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CairnException("Network", "interrupted", true, e);
    }
    if (response.statusCode() >= 500) {
      throw new CairnException("Network", "Keycloak answered " + response.statusCode(), true, null);
    }
    if (response.statusCode() != 200) {
      throw new CairnException(
          "Unauthorized",
          "Keycloak refused the sign-in of "
              + username
              + " at "
              + tokenEndpoint
              + " (HTTP "
              + response.statusCode()
              + "): "
              + response.body()
              + "; check realm, client id, user name and password",
          false,
          null);
    }
    Map<String, Object> json = Json.parseObject(response.body());
    accessToken = (String) json.get("access_token");
    refreshToken = (String) json.get("refresh_token");
    long expiresIn = json.get("expires_in") instanceof Number n ? n.longValue() : 60;
    expiresAt = now.plusSeconds(expiresIn);
    return accessToken;
  }
}
