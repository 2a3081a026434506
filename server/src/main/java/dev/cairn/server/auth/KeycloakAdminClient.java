package dev.cairn.server.auth;

import dev.cairn.server.Jsonp;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The few calls of Keycloak's Admin REST API that tenant provisioning needs, as plain JSON over
 * {@code java.net.http}: an admin token from the password grant of the admin realm's {@code
 * admin-cli} client, then requests with it. Keycloak's own admin client is avoided because it
 * brings RESTEasy and Jackson into a Jersey server. Thread-safe.
 */
final class KeycloakAdminClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final String baseUrl;
  private final String adminRealm;
  private final String user;
  private final String password;

  KeycloakAdminClient(String baseUrl, String adminRealm, String user, String password) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.adminRealm = adminRealm;
    this.user = user;
    this.password = password;
  }

  String baseUrl() {
    return baseUrl;
  }

  /** A response's status and body. */
  record Answer(int status, String body) {
    boolean ok() {
      return status / 100 == 2;
    }
  }

  Answer post(String path, JsonObject body) throws IOException {
    return send(
        authorized(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build());
  }

  Answer put(String path, JsonObject body) throws IOException {
    return send(
        authorized(path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build());
  }

  Answer get(String path) throws IOException {
    return send(authorized(path).GET().build());
  }

  Answer delete(String path) throws IOException {
    return send(authorized(path).DELETE().build());
  }

  private HttpRequest.Builder authorized(String path) throws IOException {
    return HttpRequest.newBuilder(URI.create(baseUrl + "/admin/realms" + path))
        .timeout(TIMEOUT)
        .header("Authorization", "Bearer " + adminToken());
  }

  private String adminToken() throws IOException {
    String form =
        "grant_type=password&client_id=admin-cli&username="
            + URLEncoder.encode(user, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8);
    Answer answer =
        send(
            HttpRequest.newBuilder(
                    URI.create(
                        baseUrl + "/realms/" + adminRealm + "/protocol/openid-connect/token"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build());
    if (!answer.ok()) {
      throw new IOException(
          "Keycloak refused the admin login of `"
              + user
              + "` in realm "
              + adminRealm
              + " (HTTP "
              + answer.status()
              + "); check cairn.keycloak.admin.user and cairn.keycloak.admin.password");
    }
    try (JsonReader reader = Jsonp.PROVIDER.createReader(new StringReader(answer.body()))) {
      return reader.readObject().getString("access_token");
    }
  }

  private Answer send(HttpRequest request) throws IOException {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while calling Keycloak", e);
    }
  }
}
