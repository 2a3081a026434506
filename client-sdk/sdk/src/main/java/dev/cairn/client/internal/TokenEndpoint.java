package dev.cairn.client.internal;

import dev.cairn.client.CairnException;
import dev.cairn.client.TokenStore;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The OpenID Connect endpoints of one Keycloak realm for a public client: where the browser signs
 * in, and the token endpoint, whose answers are parsed into {@link TokenStore.Tokens} and whose
 * failures are classified (unreachable or 5xx: retryable; any other refusal: not). Stateless and
 * thread-safe.
 */
public final class TokenEndpoint {
  private final HttpClient http;
  private final String realmBase;
  private final String clientId;

  /**
   * @param keycloak the Keycloak base URL, e.g. {@code http://localhost:8180}
   */
  public TokenEndpoint(HttpClient http, URI keycloak, String realm, String clientId) {
    this.http = http;
    this.realmBase =
        keycloak.toString().replaceAll("/+$", "")
            + "/realms/"
            + URLEncoder.encode(realm, StandardCharsets.UTF_8);
    this.clientId = clientId;
  }

  public String clientId() {
    return clientId;
  }

  public URI token() {
    return URI.create(realmBase + "/protocol/openid-connect/token");
  }

  public URI authorization() {
    return URI.create(realmBase + "/protocol/openid-connect/auth");
  }

  public URI logout() {
    return URI.create(realmBase + "/protocol/openid-connect/logout");
  }

  /** {@code form} as {@code application/x-www-form-urlencoded}, in its iteration order. */
  public static String formBody(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /**
   * Posts {@code form} (with this client's {@code client_id}) to the token endpoint.
   *
   * @param what what was asked for, for the error, e.g. {@code "the sign-in of alice"}
   * @param hint the next step when Keycloak refuses, e.g. {@code "check the password"}
   * @throws CairnException {@code Unauthorized} (not retryable) when Keycloak refuses; {@code
   *     Network} (retryable) when it cannot be reached or answers 5xx
   */
  public TokenStore.Tokens request(
      Map<String, String> form, Instant now, String what, String hint) {
    HttpResponse<String> response = post(token(), form);
    if (response.statusCode() >= 500) {
      throw new CairnException(
          "Network", "Keycloak answered " + response.statusCode() + " to " + what, true, null);
    }
    if (response.statusCode() != 200) {
      throw new CairnException(
          "Unauthorized",
          "Keycloak refused "
              + what
              + " at "
              + token()
              + " (HTTP "
              + response.statusCode()
              + "): "
              + response.body()
              + "; "
              + hint,
          false,
          null);
    }
    Map<String, Object> json = Json.parseObject(response.body());
    long expiresIn = json.get("expires_in") instanceof Number n ? n.longValue() : 60;
    Instant refreshExpiresAt =
        json.get("refresh_expires_in") instanceof Number n && n.longValue() > 0
            ? now.plusSeconds(n.longValue())
            : null;
    return new TokenStore.Tokens(
        (String) json.get("access_token"),
        (String) json.get("refresh_token"),
        now.plusSeconds(expiresIn),
        refreshExpiresAt);
  }

  /**
   * Posts {@code form} (with this client's {@code client_id}) to {@code uri}.
   *
   * @throws CairnException {@code Network} (retryable) when Keycloak cannot be reached
   */
  public HttpResponse<String> post(URI uri, Map<String, String> form) {
    Map<String, String> withClient = new LinkedHashMap<>();
    withClient.put("client_id", clientId);
    withClient.putAll(form);
    try {
      return http.send(
          HttpRequest.newBuilder(uri)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(formBody(withClient)))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new CairnException("Network", "cannot reach Keycloak at " + uri + ": " + e, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CairnException("Network", "interrupted", true, e);
    }
  }
}
