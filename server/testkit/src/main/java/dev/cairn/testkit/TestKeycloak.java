package dev.cairn.testkit;

import dev.cairn.launcher.KeycloakServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The test run's real Keycloak, with what tests need from it: real tokens through the password
 * grant, and small changes through Keycloak's Admin REST API.
 */
public final class TestKeycloak {
  /** The console realm's demo user, imported with the realm. */
  public static final String DEMO_USER = "demo";

  public static final String DEMO_PASSWORD = "demo";

  private final KeycloakServer server;
  private final String consoleClientSecret;
  private final HttpClient http = HttpClient.newHttpClient();

  TestKeycloak(KeycloakServer server, String consoleClientSecret) {
    this.server = server;
    this.consoleClientSecret = consoleClientSecret;
  }

  KeycloakServer server() {
    return server;
  }

  /** The base URL, e.g. {@code http://localhost:41234}. */
  public String url() {
    return server.url().toString();
  }

  public String issuer(String realm) {
    return server.issuer(realm);
  }

  public String consoleClientSecret() {
    return consoleClientSecret;
  }

  /** The master realm's admin password (random per run), for tests of foreign issuers. */
  public String adminPasswordForTests() {
    return server.adminPassword();
  }

  /** The master realm's admin user name. */
  public String adminUserForTests() {
    return server.adminUser();
  }

  /**
   * Creates an enabled user with a password, a verified email and membership of {@code groups}
   * (created when missing) in {@code realm}.
   */
  public void createUser(String realm, String username, String password, String... groups) {
    createUser(realm, username, password, true, groups);
  }

  /**
   * Like {@link #createUser(String, String, String, String...)}, choosing whether the email is
   * verified.
   */
  public void createUser(
      String realm, String username, String password, boolean emailVerified, String... groups) {
    String admin = passwordGrant("master", "admin-cli", server.adminUser(), server.adminPassword());
    String users = url() + "/admin/realms/" + realm;
    JsonArrayBuilder paths = Json.createArrayBuilder();
    for (String group : groups) {
      HttpResponse<String> created =
          sendRaw(
              HttpRequest.newBuilder(URI.create(users + "/groups"))
                  .header("Authorization", "Bearer " + admin)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          Json.createObjectBuilder().add("name", group).build().toString()))
                  .build());
      if (created.statusCode() != 201 && created.statusCode() != 409) {
        throw new IllegalStateException("could not create group " + group + ": " + created.body());
      }
      paths.add("/" + group);
    }
    JsonObject user =
        Json.createObjectBuilder()
            .add("username", username)
            .add("email", username + "@example.com")
            .add("emailVerified", emailVerified)
            .add("firstName", username)
            .add("lastName", "Test")
            .add("enabled", true)
            .add("groups", paths)
            .add(
                "credentials",
                Json.createArrayBuilder()
                    .add(
                        Json.createObjectBuilder()
                            .add("type", "password")
                            .add("value", password)
                            .add("temporary", false)))
            .build();
    send(
        HttpRequest.newBuilder(URI.create(users + "/users"))
            .header("Authorization", "Bearer " + admin)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(user.toString()))
            .build());
  }

  /** Adds an existing user of {@code realm} to its existing group {@code group}. */
  public void joinGroup(String realm, String username, String group) {
    changeMembership("PUT", realm, username, group);
  }

  /** Takes a user of {@code realm} out of its group {@code group}. */
  public void leaveGroup(String realm, String username, String group) {
    changeMembership("DELETE", realm, username, group);
  }

  private void changeMembership(String method, String realm, String username, String group) {
    String admin = passwordGrant("master", "admin-cli", server.adminUser(), server.adminPassword());
    String base = url() + "/admin/realms/" + realm;
    JsonArray users =
        send(HttpRequest.newBuilder(
                    URI.create(base + "/users?exact=true&username=" + encode(username)))
                .header("Authorization", "Bearer " + admin)
                .build())
            .asJsonArray();
    if (users.isEmpty()) {
      throw new IllegalArgumentException("no user `" + username + "` in realm " + realm);
    }
    String groupId =
        send(
                HttpRequest.newBuilder(
                        URI.create(base + "/groups?exact=true&search=" + encode(group)))
                    .header("Authorization", "Bearer " + admin)
                    .build())
            .asJsonArray()
            .getValuesAs(JsonObject.class)
            .stream()
            .filter(g -> group.equals(g.getString("name")))
            .map(g -> g.getString("id"))
            .findFirst()
            .orElseThrow(
                () -> new IllegalArgumentException("no group `" + group + "` in realm " + realm));
    send(
        HttpRequest.newBuilder(
                URI.create(
                    base
                        + "/users/"
                        + users.getJsonObject(0).getString("id")
                        + "/groups/"
                        + groupId))
            .header("Authorization", "Bearer " + admin)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build());
  }

  /** The Keycloak realm Cairn provisions for tenant {@code slug}. */
  public static String tenantRealm(String slug) {
    return "cairn-t-" + slug;
  }

  /** Creates an app user of tenant {@code slug} (see {@link #createUser}). */
  public void createAppUser(String slug, String username, String password, String... groups) {
    createUser(tenantRealm(slug), username, password, groups);
  }

  /** An access token of an app user of tenant {@code slug}, from its {@code cairn-app} client. */
  public String appToken(String slug, String username, String password) {
    return passwordGrant(tenantRealm(slug), "cairn-app", username, password);
  }

  /** An access token of the console realm for the demo user, from the {@code cairn-cli} client. */
  public String consoleToken() {
    return passwordGrant(KeycloakServer.CONSOLE_REALM, "cairn-cli", DEMO_USER, DEMO_PASSWORD);
  }

  /** An access token from the resource-owner password grant of a public client. */
  public String passwordGrant(String realm, String clientId, String user, String password) {
    JsonObject body =
        postForm(
            issuer(realm) + "/protocol/openid-connect/token",
            Map.of(
                "grant_type", "password",
                "client_id", clientId,
                "username", user,
                "password", password,
                "scope", "openid"));
    return body.getString("access_token");
  }

  /** Lets a realm's client redirect to {@code uri} (a prefix ending in {@code *} allowed). */
  public void allowRedirect(String realm, String clientId, String uri) {
    String admin = passwordGrant("master", "admin-cli", server.adminUser(), server.adminPassword());
    String clients = url() + "/admin/realms/" + realm + "/clients";
    JsonArray found =
        send(HttpRequest.newBuilder(URI.create(clients + "?clientId=" + encode(clientId)))
                .header("Authorization", "Bearer " + admin)
                .GET()
                .build())
            .asJsonArray();
    if (found.isEmpty()) {
      throw new IllegalArgumentException("no client `" + clientId + "` in realm " + realm);
    }
    JsonObject client = found.getJsonObject(0);
    Set<String> redirects =
        client.getJsonArray("redirectUris").getValuesAs(JsonString.class).stream()
            .map(JsonString::getString)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    redirects.add(uri);
    JsonArrayBuilder uris = Json.createArrayBuilder();
    redirects.forEach(uris::add);
    JsonObjectBuilder attributes = Json.createObjectBuilder(client.getJsonObject("attributes"));
    String logout = client.getJsonObject("attributes").getString("post.logout.redirect.uris", "");
    attributes.add("post.logout.redirect.uris", logout.isEmpty() ? uri : logout + "##" + uri);
    JsonObject updated =
        Json.createObjectBuilder(client)
            .add("redirectUris", uris)
            .add("attributes", attributes)
            .build();
    send(
        HttpRequest.newBuilder(URI.create(clients + "/" + client.getString("id")))
            .header("Authorization", "Bearer " + admin)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(updated.toString()))
            .build());
  }

  private JsonObject postForm(String url, Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    return send(HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build())
        .asJsonObject();
  }

  private HttpResponse<String> sendRaw(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private JsonValue send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            request.method()
                + " "
                + request.uri()
                + " answered "
                + response.statusCode()
                + ": "
                + response.body());
      }
      if (response.body().isEmpty()) {
        return JsonValue.NULL;
      }
      try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
        return reader.readValue();
      }
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
