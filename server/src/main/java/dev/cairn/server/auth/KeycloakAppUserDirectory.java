package dev.cairn.server.auth;

import dev.cairn.server.Jsonp;
import dev.cairn.server.TenantId;
import dev.cairn.server.tenancy.AppUserDirectory;
import dev.cairn.server.tenancy.AppUserDirectory.AppUserDirectoryException;
import dev.cairn.server.tenancy.AppUserDirectory.AppUserDirectoryException.Reason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A tenant's app users and groups in its provisioned Keycloak realm ({@code cairn-t-<slug>}),
 * through Keycloak's Admin REST API with the server's admin credentials ({@code
 * cairn.keycloak.admin.user}/{@code .password}). Thread-safe.
 */
@ApplicationScoped
public class KeycloakAppUserDirectory implements AppUserDirectory {
  @Inject
  @ConfigProperty(name = "cairn.keycloak.url")
  String keycloakUrl;

  @Inject
  @ConfigProperty(name = "cairn.keycloak.admin.realm", defaultValue = "master")
  String adminRealm;

  @Inject
  @ConfigProperty(name = "cairn.keycloak.admin.user")
  Optional<String> adminUser;

  @Inject
  @ConfigProperty(name = "cairn.keycloak.admin.password")
  Optional<String> adminPassword;

  @Override
  public List<AppUser> search(TenantId tenant, String search, int first, int max) {
    String query =
        "?briefRepresentation=true&first="
            + first
            + "&max="
            + max
            + (search.isEmpty() ? "" : "&search=" + encode(search));
    JsonArray users = array(ok(get(tenant, "/users" + query), "list users"));
    return users.getValuesAs(JsonObject.class).stream()
        .map(
            u ->
                new AppUser(
                    u.getString("id"),
                    u.getString("username"),
                    u.getString("email", ""),
                    u.getBoolean("enabled", true),
                    groupsOf(tenant, u.getString("id"))))
        .toList();
  }

  private List<String> groupsOf(TenantId tenant, String userId) {
    return array(ok(get(tenant, "/users/" + encode(userId) + "/groups"), "list groups of a user"))
        .getValuesAs(JsonObject.class)
        .stream()
        .map(g -> g.getString("name"))
        .toList();
  }

  @Override
  public String create(
      TenantId tenant,
      String username,
      String email,
      String firstName,
      String lastName,
      String password) {
    var user =
        Jsonp.PROVIDER
            .createObjectBuilder()
            .add("username", username)
            .add("email", email)
            .add("emailVerified", true)
            .add("firstName", firstName)
            .add("lastName", lastName)
            .add("enabled", true)
            .add(
                "credentials",
                Jsonp.PROVIDER
                    .createArrayBuilder()
                    .add(
                        Jsonp.PROVIDER
                            .createObjectBuilder()
                            .add("type", "password")
                            .add("value", password)
                            .add("temporary", false)));
    KeycloakAdminClient.Answer created =
        call(() -> client().post(realm(tenant) + "/users", user.build()));
    ok(created, "create user `" + username + "`");
    JsonArray found =
        array(ok(get(tenant, "/users?exact=true&username=" + encode(username)), "find user"));
    return found.getJsonObject(0).getString("id");
  }

  @Override
  public void setEnabled(TenantId tenant, String userId, boolean enabled) {
    ok(
        call(
            () ->
                client()
                    .put(
                        realm(tenant) + "/users/" + encode(userId),
                        Jsonp.PROVIDER.createObjectBuilder().add("enabled", enabled).build())),
        (enabled ? "enable" : "disable") + " the user");
  }

  @Override
  public void resetPassword(TenantId tenant, String userId, String password, boolean temporary) {
    ok(
        call(
            () ->
                client()
                    .put(
                        realm(tenant) + "/users/" + encode(userId) + "/reset-password",
                        Jsonp.PROVIDER
                            .createObjectBuilder()
                            .add("type", "password")
                            .add("value", password)
                            .add("temporary", temporary)
                            .build())),
        "reset the password");
  }

  @Override
  public List<Group> groups(TenantId tenant) {
    return array(ok(get(tenant, "/groups?briefRepresentation=true&max=500"), "list groups"))
        .getValuesAs(JsonObject.class)
        .stream()
        .map(g -> new Group(g.getString("id"), g.getString("name")))
        .toList();
  }

  @Override
  public String createGroup(TenantId tenant, String name) {
    ok(
        call(
            () ->
                client()
                    .post(
                        realm(tenant) + "/groups",
                        Jsonp.PROVIDER.createObjectBuilder().add("name", name).build())),
        "create group `" + name + "`");
    return groups(tenant).stream()
        .filter(g -> g.name().equals(name))
        .findFirst()
        .map(Group::id)
        .orElseThrow(
            () -> new AppUserDirectoryException("group `" + name + "` vanished", Reason.FAILED));
  }

  @Override
  public void join(TenantId tenant, String userId, String groupId) {
    ok(
        call(
            () ->
                client()
                    .put(
                        realm(tenant) + "/users/" + encode(userId) + "/groups/" + encode(groupId),
                        JsonValue.EMPTY_JSON_OBJECT)),
        "add the user to the group");
  }

  @Override
  public void leave(TenantId tenant, String userId, String groupId) {
    ok(
        call(
            () ->
                client()
                    .delete(
                        realm(tenant) + "/users/" + encode(userId) + "/groups/" + encode(groupId))),
        "remove the user from the group");
  }

  private KeycloakAdminClient.Answer get(TenantId tenant, String path) {
    return call(() -> client().get(realm(tenant) + path));
  }

  private static String realm(TenantId tenant) {
    return "/" + KeycloakRealmProvisioner.realmOf(tenant);
  }

  private interface Call {
    KeycloakAdminClient.Answer run() throws IOException;
  }

  private static KeycloakAdminClient.Answer call(Call call) {
    try {
      return call.run();
    } catch (IOException e) {
      throw new AppUserDirectoryException(
          "Keycloak could not be reached: " + e.getMessage(), Reason.FAILED);
    }
  }

  private static KeycloakAdminClient.Answer ok(KeycloakAdminClient.Answer answer, String what) {
    if (answer.ok()) {
      return answer;
    }
    String body = answer.body().length() > 300 ? answer.body().substring(0, 300) : answer.body();
    Reason reason =
        switch (answer.status()) {
          case 409 -> Reason.CONFLICT;
          case 404 -> Reason.NOT_FOUND;
          default -> Reason.FAILED;
        };
    throw new AppUserDirectoryException(
        "Keycloak could not " + what + " (HTTP " + answer.status() + "): " + body, reason);
  }

  private static JsonArray array(KeycloakAdminClient.Answer answer) {
    try (JsonReader reader = Jsonp.PROVIDER.createReader(new StringReader(answer.body()))) {
      return reader.readArray();
    }
  }

  private KeycloakAdminClient client() {
    if (adminUser.isEmpty() || adminPassword.isEmpty()) {
      throw new AppUserDirectoryException(
          "app users cannot be managed: set CAIRN_KEYCLOAK_ADMIN_USER and"
              + " CAIRN_KEYCLOAK_ADMIN_PASSWORD",
          Reason.FAILED);
    }
    return new KeycloakAdminClient(keycloakUrl, adminRealm, adminUser.get(), adminPassword.get());
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
