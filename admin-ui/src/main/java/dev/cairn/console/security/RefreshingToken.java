package dev.cairn.console.security;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A signed-in console user's access token for calls made outside their requests (the dashboard's
 * push feed), captured from their {@link OpenIdContext} during a request and refreshed with their
 * refresh token at the realm's token endpoint shortly before it expires. It holds no rights of its
 * own: it is the user's token, and stops working when their Keycloak session ends. Thread-safe.
 */
public final class RefreshingToken implements Supplier<String> {
  /** Refresh this long before the access token expires. */
  static final Duration MARGIN = Duration.ofSeconds(30);

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String tokenEndpoint;
  private final String clientId;
  private final String clientSecret;
  private final Clock clock;
  private String accessToken;
  private Instant expires;
  private String refreshToken;

  private RefreshingToken(
      String tokenEndpoint,
      String clientId,
      String clientSecret,
      Clock clock,
      String accessToken,
      String refreshToken) {
    this.tokenEndpoint = tokenEndpoint;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.clock = clock;
    take(accessToken, refreshToken);
  }

  /** The token of the user whose request is being handled; call it during that request. */
  public static RefreshingToken of(OpenIdContext openId, OidcSettings oidc, Clock clock) {
    return new RefreshingToken(
        openId.getProviderMetadata().getString("token_endpoint"),
        oidc.getClientId(),
        oidc.getClientSecret(),
        clock,
        openId.getAccessToken().getToken(),
        openId.getRefreshToken().map(t -> t.getToken()).orElse(null));
  }

  /**
   * The current access token, refreshed first when it expires within {@link #MARGIN}.
   *
   * @throws Ended when it expired and cannot be refreshed (the user's session ended)
   */
  @Override
  public synchronized String get() {
    if (clock.instant().isAfter(expires.minus(MARGIN))) {
      refresh();
    }
    return accessToken;
  }

  private void refresh() {
    if (refreshToken == null) {
      throw new Ended("the access token expired and there is no refresh token");
    }
    String form =
        Map.of(
                "grant_type", "refresh_token",
                "refresh_token", refreshToken,
                "client_id", clientId,
                "client_secret", clientSecret)
            .entrySet()
            .stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpResponse<String> response;
    try {
      response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(tokenEndpoint))
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new Ended("the token endpoint did not answer: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Ended("interrupted while refreshing the token");
    }
    if (response.statusCode() != 200) {
      throw new Ended(
          "the token endpoint refused the refresh (HTTP " + response.statusCode() + ")");
    }
    JsonObject tokens = read(response.body());
    take(tokens.getString("access_token"), tokens.getString("refresh_token", refreshToken));
  }

  private void take(String access, String refresh) {
    this.accessToken = access;
    this.refreshToken = refresh;
    this.expires = expiryOf(access);
  }

  /** The {@code exp} of a JWT; an unreadable token counts as expired. */
  static Instant expiryOf(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length < 2) {
      return Instant.EPOCH;
    }
    try {
      JsonObject claims =
          read(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      return Instant.ofEpochSecond(claims.getJsonNumber("exp").longValue());
    } catch (RuntimeException e) {
      return Instant.EPOCH;
    }
  }

  private static JsonObject read(String json) {
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }

  /** The token can no longer be had: the user must sign in again. */
  public static final class Ended extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Ended(String message) {
      super(message);
    }
  }
}
