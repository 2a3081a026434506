package dev.cairn.launcher.examples;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Creates app users in a tenant's Keycloak realm through the Admin REST API, as the master realm's
 * admin. Idempotent: an existing user or group is left as it is.
 */
final class RealmUsers {
  private final JsonHttp http;
  private final String keycloakUrl;
  private final String adminUser;
  private final String adminPassword;

  RealmUsers(JsonHttp http, String keycloakUrl, String adminUser, String adminPassword) {
    this.http = http;
    this.keycloakUrl = keycloakUrl;
    this.adminUser = adminUser;
    this.adminPassword = adminPassword;
  }

  /**
   * Makes sure {@code user} exists in {@code realm} with a verified email {@code
   * username@emailDomain}, a permanent password and membership of its groups.
   *
   * @return true if the user was created, false if it existed already
   */
  boolean ensure(String realm, TenantDescriptor.DemoUser user, String emailDomain) {
    String base = keycloakUrl + "/admin/realms/" + realm;
    String token = adminToken(); // master-realm tokens live 60 s: one per user, never stale
    JsonArrayBuilder groups = Json.createArrayBuilder();
    for (String group : user.groups()) {
      JsonHttp.Answer created =
          http.send(
              "POST",
              base + "/groups",
              token,
              "application/json",
              Json.createObjectBuilder().add("name", group).build().toString());
      if (created.status() != 409) {
        created.require();
      }
      groups.add("/" + group);
    }
    JsonHttp.Answer existing =
        http.send(
                "GET",
                base + "/users?exact=true&username=" + encode(user.username()),
                token,
                null,
                null)
            .require();
    if (!existing.json().asJsonArray().isEmpty()) {
      return false;
    }
    String representation =
        Json.createObjectBuilder()
            .add("username", user.username())
            .add("email", user.username() + "@" + emailDomain)
            .add("emailVerified", true)
            .add("firstName", user.username())
            .add("lastName", "Demo")
            .add("enabled", true)
            .add("groups", groups)
            .add(
                "credentials",
                Json.createArrayBuilder()
                    .add(
                        Json.createObjectBuilder()
                            .add("type", "password")
                            .add("value", user.password())
                            .add("temporary", false)))
            .build()
            .toString();
    http.send("POST", base + "/users", token, "application/json", representation).require();
    return true;
  }

  private String adminToken() {
    return http.passwordGrant(
        keycloakUrl + "/realms/master/protocol/openid-connect/token",
        "admin-cli",
        adminUser,
        adminPassword);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
