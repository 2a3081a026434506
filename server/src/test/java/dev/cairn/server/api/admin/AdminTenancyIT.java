package dev.cairn.server.api.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.launcher.KeycloakServer;
import dev.cairn.testkit.CairnHttp;
import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.Deployments;
import dev.cairn.testkit.TestKeycloak;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin API on the real WAR with a real Keycloak: signup provisions a realm, membership scopes
 * every call (another console user sees 404 for everything of a tenant they are not in), API keys
 * are shown once and revocable, breaking schema changes are refused until confirmed, and every
 * change lands in the audit log.
 */
@ExtendWith({CairnStackExtension.class, ArquillianExtension.class})
@RunAsClient
class AdminTenancyIT {
  static final String V1 =
      "type Post @model @auth(rules: [{allow: owner}]) { id: ID! title: String! rating: Int }";
  static final String V2_BREAKING =
      "type Post @model @auth(rules: [{allow: owner}]) { id: ID! title: String! }";
  private static final String OTHER_USER = "other-" + UUID.randomUUID().toString().substring(0, 8);

  private final HttpClient http = HttpClient.newHttpClient();
  @ArquillianResource URL base;
  private String ana;
  private String ben;

  @Deployment(testable = false)
  static WebArchive server() {
    return Deployments.server();
  }

  @BeforeEach
  void tokens(TestKeycloak keycloak) {
    ana = keycloak.consoleToken();
    synchronized (AdminTenancyIT.class) {
      try {
        keycloak.passwordGrant(KeycloakServer.CONSOLE_REALM, "cairn-cli", OTHER_USER, "pw");
      } catch (IllegalStateException notYet) {
        keycloak.createUser(KeycloakServer.CONSOLE_REALM, OTHER_USER, "pw");
      }
    }
    ben = keycloak.passwordGrant(KeycloakServer.CONSOLE_REALM, "cairn-cli", OTHER_USER, "pw");
  }

  @Test
  void signupMakesTheCallerOwnerAndListsTheTenantOnlyForThem() throws Exception {
    String slug = slug();
    HttpResponse<String> signup = call("POST", "api/admin/tenants", ana, json(slug, "Acme"));

    assertThat(signup.statusCode()).as(signup.body()).isEqualTo(201);
    assertThat(object(signup.body()).getString("role")).isEqualTo("OWNER");
    assertThat(slugs(call("GET", "api/admin/tenants", ana, null))).contains(slug);
    assertThat(slugs(call("GET", "api/admin/tenants", ben, null))).doesNotContain(slug);
    HttpResponse<String> tenant = call("GET", "api/admin/tenants/" + slug, ana, null);
    assertThat(tenant.statusCode()).as(tenant.body()).isEqualTo(200);
    assertThat(object(tenant.body()).getString("role")).isEqualTo("OWNER");
    JsonObject auth = object(call("GET", tenantPath(slug, "auth"), ana, null).body());
    assertThat(auth.getJsonArray("issuers").getJsonObject(0).getString("issuer"))
        .endsWith("/realms/cairn-t-" + slug);
  }

  @Test
  void aTakenOrMalformedSlugIsRefusedWithAProblem() throws Exception {
    String slug = slug();
    call("POST", "api/admin/tenants", ana, json(slug, null));

    HttpResponse<String> taken = call("POST", "api/admin/tenants", ben, json(slug, null));
    HttpResponse<String> malformed = call("POST", "api/admin/tenants", ana, json("Bad_Slug", null));

    assertThat(taken.statusCode()).isEqualTo(409);
    assertThat(taken.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(object(malformed.body()).getString("detail")).contains("Bad_Slug");
  }

  @Test
  void anotherConsoleUserGets404ForEveryCallOnATenantTheyAreNotIn() throws Exception {
    String slug = signedUp();
    String keyId =
        object(call("POST", tenantPath(slug, "api-keys"), ana, "{}").body()).getString("id");

    List<String[]> calls =
        List.of(
            new String[] {"GET", "api/admin/tenants/" + slug, null},
            new String[] {"GET", tenantPath(slug, "schemas"), null},
            new String[] {"POST", tenantPath(slug, "schemas"), V1},
            new String[] {"POST", tenantPath(slug, "schemas/1/activate"), ""},
            new String[] {"GET", tenantPath(slug, "api-keys"), null},
            new String[] {"POST", tenantPath(slug, "api-keys"), "{}"},
            new String[] {"DELETE", tenantPath(slug, "api-keys/" + keyId), null},
            new String[] {"GET", tenantPath(slug, "members"), null},
            new String[] {
              "POST",
              tenantPath(slug, "members"),
              "{\"email\":\"x@example.com\",\"role\":\"OWNER\"}"
            },
            new String[] {"GET", tenantPath(slug, "auth"), null},
            new String[] {"PUT", tenantPath(slug, "auth"), "{\"issuers\":[]}"},
            new String[] {"GET", tenantPath(slug, "conflicts"), null},
            new String[] {"PUT", tenantPath(slug, "conflicts"), "{\"default\":\"AUTOMERGE\"}"},
            new String[] {"GET", tenantPath(slug, "audit"), null});
    for (String[] c : calls) {
      HttpResponse<String> response = call(c[0], c[1], ben, c[2]);
      assertThat(response.statusCode())
          .as(c[0] + " " + c[1] + ": " + response.body())
          .isEqualTo(404);
      // a problem document, not the container's HTML page for a path no resource serves
      assertThat(object(response.body()).getString("title"))
          .as(c[0] + " " + c[1])
          .isEqualTo("Tenant not found");
    }
    JsonArray keys = array(call("GET", tenantPath(slug, "api-keys"), ana, null).body());
    assertThat(keys).hasSize(1);
    assertThat(keys.getJsonObject(0).get("revokedAt")).isEqualTo(JsonValue.NULL);
    assertThat(array(call("GET", tenantPath(slug, "schemas"), ana, null).body())).isEmpty();
  }

  /**
   * Anyone may register in the console realm with any address, so only a verified email may claim
   * an invitation.
   */
  @Test
  void anInvitationIsNotClaimedByAnUnverifiedEmail(TestKeycloak keycloak) throws Exception {
    String slug = signedUp();
    String impostor = "impostor-" + UUID.randomUUID().toString().substring(0, 8);
    keycloak.createUser(KeycloakServer.CONSOLE_REALM, impostor, "pw", false);
    call(
        "POST",
        tenantPath(slug, "members"),
        ana,
        "{\"email\":\"" + impostor + "@example.com\",\"role\":\"ADMIN\"}");
    String token =
        keycloak.passwordGrant(KeycloakServer.CONSOLE_REALM, "cairn-cli", impostor, "pw");

    HttpResponse<String> tenant = call("GET", "api/admin/tenants/" + slug, token, null);

    assertThat(tenant.statusCode()).isEqualTo(404);
    assertThat(slugs(call("GET", "api/admin/tenants", token, null))).doesNotContain(slug);
  }

  /**
   * Regression: GET of a tenant answered the container's HTML 404 (no resource method served it).
   */
  @Test
  void anInvitedConsoleUserGainsExactlyTheInvitedRole(TestKeycloak keycloak) throws Exception {
    String slug = signedUp();
    String invitee = "invitee-" + UUID.randomUUID().toString().substring(0, 8);
    keycloak.createUser(KeycloakServer.CONSOLE_REALM, invitee, "pw");
    HttpResponse<String> invited =
        call(
            "POST",
            tenantPath(slug, "members"),
            ana,
            "{\"email\":\"" + invitee + "@example.com\",\"role\":\"DEVELOPER\"}");
    assertThat(invited.statusCode()).as(invited.body()).isEqualTo(201);
    String token = keycloak.passwordGrant(KeycloakServer.CONSOLE_REALM, "cairn-cli", invitee, "pw");

    List<String> listed = slugs(call("GET", "api/admin/tenants", token, null));
    HttpResponse<String> tenant = call("GET", "api/admin/tenants/" + slug, token, null);
    HttpResponse<String> publish = call("POST", tenantPath(slug, "schemas"), token, V1);
    HttpResponse<String> createKey = call("POST", tenantPath(slug, "api-keys"), token, "{}");
    HttpResponse<String> invite =
        call(
            "POST",
            tenantPath(slug, "members"),
            token,
            "{\"email\":\"third@example.com\",\"role\":\"VIEWER\"}");

    assertThat(listed).contains(slug);
    assertThat(tenant.statusCode()).as(tenant.body()).isEqualTo(200);
    assertThat(object(tenant.body()).getString("slug")).isEqualTo(slug);
    assertThat(object(tenant.body()).getString("role")).isEqualTo("DEVELOPER");
    assertThat(publish.statusCode()).as(publish.body()).isEqualTo(201);
    assertThat(createKey.statusCode()).as(createKey.body()).isEqualTo(403);
    assertThat(invite.statusCode()).as(invite.body()).isEqualTo(403);
    JsonObject member =
        array(call("GET", tenantPath(slug, "members"), ana, null).body())
            .getValuesAs(JsonObject.class)
            .stream()
            .filter(m -> m.getString("email", "").equals(invitee + "@example.com"))
            .findFirst()
            .orElseThrow();
    assertThat(member.getBoolean("joined")).isTrue();
    assertThat(member.getString("role")).isEqualTo("DEVELOPER");
  }

  @Test
  void aPathNoAdminResourceServesAnswersAProblemNotAnHtmlPage() throws Exception {
    HttpResponse<String> response = call("GET", "api/admin/no-such-thing", ana, null);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(object(response.body()).getString("detail")).contains("api/admin/no-such-thing");
  }

  @Test
  void openApiDocumentsEveryAdminPathWithSummariesAndProblemResponses() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base.toString()).resolve("/openapi"))
                .header("Accept", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonObject paths = object(response.body()).getJsonObject("paths");
    List<String> adminPaths =
        paths.keySet().stream().filter(p -> p.contains("/api/admin")).sorted().toList();
    assertThat(adminPaths)
        .anyMatch(p -> p.endsWith("/api/admin/tenants"))
        .anyMatch(p -> p.endsWith("/api/admin/tenants/{tenant}"))
        .anyMatch(p -> p.endsWith("/api/admin/tenants/{tenant}/schemas"))
        .anyMatch(p -> p.endsWith("/api/admin/tenants/{tenant}/schemas/{version}/activate"))
        .anyMatch(p -> p.endsWith("/api/admin/tenants/{tenant}/api-keys/{id}"))
        .anyMatch(p -> p.endsWith("/api/admin/tenants/{tenant}/members"))
        .anyMatch(p -> p.endsWith("/api/admin/tenants/{tenant}/auth"))
        .anyMatch(p -> p.endsWith("/api/admin/tenants/{tenant}/conflicts"))
        .anyMatch(p -> p.endsWith("/api/admin/tenants/{tenant}/audit"));
    JsonObject signup =
        paths
            .getJsonObject(
                adminPaths.stream().filter(p -> p.endsWith("/api/admin/tenants")).findFirst().get())
            .getJsonObject("post");
    assertThat(signup.getString("summary")).startsWith("Sign up a tenant");
    assertThat(signup.getJsonObject("responses").getJsonObject("409").toString())
        .contains("application/problem+json");
  }

  @Test
  void anApiKeyIsShownOnceStoredHashedAndRevocable() throws Exception {
    String slug = signedUp();

    HttpResponse<String> created =
        call("POST", tenantPath(slug, "api-keys"), ana, "{\"description\":\"web\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String key = object(created.body()).getString("key");
    String id = object(created.body()).getString("id");
    String listing = call("GET", tenantPath(slug, "api-keys"), ana, null).body();
    HttpResponse<String> revoked = call("DELETE", tenantPath(slug, "api-keys/" + id), ana, null);

    assertThat(key).startsWith("cairn_");
    assertThat(listing).doesNotContain(key).contains(key.substring(0, 12));
    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(object(revoked.body()).getString("revokedAt")).isNotBlank();
  }

  @Test
  void aBreakingSchemaChangeIsRefusedUntilConfirmedAndEveryChangeIsAudited() throws Exception {
    String slug = signedUp();

    HttpResponse<String> v1 = call("POST", tenantPath(slug, "schemas"), ana, V1);
    HttpResponse<String> refused = call("POST", tenantPath(slug, "schemas"), ana, V2_BREAKING);
    HttpResponse<String> invalid = call("POST", tenantPath(slug, "schemas"), ana, "type Post {");
    HttpResponse<String> confirmed =
        call("POST", tenantPath(slug, "schemas?confirmBreaking=true"), ana, V2_BREAKING);
    HttpResponse<String> rollback =
        call("POST", tenantPath(slug, "schemas/1/activate?confirmBreaking=true"), ana, "");

    assertThat(v1.statusCode()).as(v1.body()).isEqualTo(201);
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(object(refused.body()).getJsonArray("errors").getValuesAs(JsonString.class))
        .extracting(JsonString::getString)
        .anyMatch(e -> e.startsWith("BREAKING Post.rating"));
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(object(invalid.body()).getJsonArray("errors").getString(0))
        .startsWith("schema.graphql:1:");
    assertThat(object(confirmed.body()).getInt("version")).isEqualTo(2);
    assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
    assertThat(
            object(call("GET", tenantPath(slug, "schemas/active"), ana, null).body())
                .getInt("version"))
        .isEqualTo(1);
    assertThat(
            array(call("GET", tenantPath(slug, "audit"), ana, null).body())
                .getValuesAs(JsonObject.class))
        .extracting(e -> e.getString("action"))
        .containsExactly("schema.activate", "schema.publish", "schema.publish", "tenant.signup");
  }

  /**
   * The endpoints the console added (figures, data, app users, conflict log): no token is 401, a
   * console user of another tenant gets the same 404 as for a tenant that does not exist, and an id
   * of one tenant's app user used under another tenant's path finds nothing; none of these answers
   * carries the tenant's records or users.
   */
  @Test
  void theConsoleEndpointsRefuseOutsidersWithoutShowingWhatTheTenantHolds(TestKeycloak keycloak)
      throws Exception {
    String slug = signedUp();
    assertThat(call("POST", tenantPath(slug, "schemas"), ana, V1).statusCode()).isEqualTo(201);
    HttpResponse<String> record =
        call(
            "POST",
            tenantPath(slug, "data/Post/create"),
            ana,
            "{\"id\":\"secret-post\",\"title\":\"the secret title\"}");
    assertThat(record.statusCode()).as(record.body()).isEqualTo(200);
    HttpResponse<String> appUser =
        call(
            "POST",
            tenantPath(slug, "app-users"),
            ana,
            "{\"username\":\"secret-user\",\"email\":\"secret-user@example.com\","
                + "\"password\":\"pw-123456\"}");
    assertThat(appUser.statusCode()).as(appUser.body()).isEqualTo(201);
    String appUserId = object(appUser.body()).getString("id");
    String bensTenant = signedUp(ben);

    List<String[]> calls =
        List.of(
            new String[] {"GET", tenantPath(slug, "figures"), null},
            new String[] {"GET", tenantPath(slug, "data"), null},
            new String[] {"GET", tenantPath(slug, "data/Post"), null},
            new String[] {
              "POST", tenantPath(slug, "data/Post/create"), "{\"id\":\"x\",\"title\":\"x\"}"
            },
            new String[] {
              "POST",
              tenantPath(slug, "data/Post/update"),
              "{\"id\":\"secret-post\",\"title\":\"x\",\"_version\":1}"
            },
            new String[] {
              "POST",
              tenantPath(slug, "data/Post/delete"),
              "{\"id\":\"secret-post\",\"_version\":1}"
            },
            new String[] {"GET", tenantPath(slug, "app-users"), null},
            new String[] {"GET", tenantPath(slug, "app-groups"), null},
            new String[] {
              "POST",
              tenantPath(slug, "app-users"),
              "{\"username\":\"x\",\"password\":\"pw-123456\"}"
            },
            new String[] {
              "PUT",
              tenantPath(slug, "app-users/" + appUserId + "/password"),
              "{\"password\":\"pw-654321\"}"
            },
            new String[] {
              "PUT", tenantPath(slug, "app-users/" + appUserId + "/enabled"), "{\"enabled\":false}"
            },
            new String[] {"GET", tenantPath(slug, "conflict-log"), null});
    for (String[] c : calls) {
      HttpResponse<String> anonymous = call(c[0], c[1], null, c[2]);
      HttpResponse<String> outsider = call(c[0], c[1], ben, c[2]);

      assertThat(anonymous.statusCode()).as("no token: " + c[0] + " " + c[1]).isEqualTo(401);
      assertThat(outsider.statusCode())
          .as("other tenant's user: " + c[0] + " " + c[1] + ": " + outsider.body())
          .isEqualTo(404);
      assertThat(object(outsider.body()).getString("title")).isEqualTo("Tenant not found");
      for (HttpResponse<String> r : List.of(anonymous, outsider)) {
        assertThat(r.body()).doesNotContain("secret-post", "the secret title", "secret-user");
      }
    }
    HttpResponse<String> crossId =
        call(
            "PUT",
            tenantPath(bensTenant, "app-users/" + appUserId + "/password"),
            ben,
            "{\"password\":\"pw-654321\"}");
    assertThat(crossId.statusCode()).as(crossId.body()).isEqualTo(404);
    assertThat(call("GET", tenantPath(bensTenant, "app-users"), ben, null).body())
        .doesNotContain("secret-user");
    assertThat(keycloak.appToken(slug, "secret-user", "pw-123456"))
        .as("the password stays what the tenant's admin set")
        .isNotBlank();
  }

  /**
   * Regression for the data browser writing past the model's @auth rules unchecked: writes need
   * ADMIN, and each is audited with the whole record before and after.
   */
  @Test
  void dataBrowserWritesNeedAdminAndAreAuditedWithTheRecordBeforeAndAfter(TestKeycloak keycloak)
      throws Exception {
    String slug = signedUp();
    assertThat(call("POST", tenantPath(slug, "schemas"), ana, V1).statusCode()).isEqualTo(201);
    String developer = "dev-" + UUID.randomUUID().toString().substring(0, 8);
    keycloak.createUser(KeycloakServer.CONSOLE_REALM, developer, "pw");
    call(
        "POST",
        tenantPath(slug, "members"),
        ana,
        "{\"email\":\"" + developer + "@example.com\",\"role\":\"DEVELOPER\"}");
    String devToken =
        keycloak.passwordGrant(KeycloakServer.CONSOLE_REALM, "cairn-cli", developer, "pw");

    HttpResponse<String> created =
        call(
            "POST",
            tenantPath(slug, "data/Post/create"),
            ana,
            "{\"id\":\"p1\",\"title\":\"first\"}");
    HttpResponse<String> developerUpdate =
        call(
            "POST",
            tenantPath(slug, "data/Post/update"),
            devToken,
            "{\"id\":\"p1\",\"title\":\"by a developer\",\"_version\":1}");
    HttpResponse<String> developerRead = call("GET", tenantPath(slug, "data/Post"), devToken, null);
    HttpResponse<String> updated =
        call(
            "POST",
            tenantPath(slug, "data/Post/update"),
            ana,
            "{\"id\":\"p1\",\"title\":\"second\",\"_version\":1}");

    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    assertThat(developerUpdate.statusCode()).as(developerUpdate.body()).isEqualTo(403);
    assertThat(developerRead.statusCode()).as(developerRead.body()).isEqualTo(200);
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    List<JsonObject> audit =
        array(call("GET", tenantPath(slug, "audit?action=data"), ana, null).body())
            .getValuesAs(JsonObject.class);
    assertThat(audit)
        .extracting(e -> e.getString("action"))
        .containsExactly("data.update", "data.create");
    JsonObject update = audit.get(0);
    assertThat(update.getString("target")).isEqualTo("Post/p1");
    assertThat(object(update.getString("before")).getString("title")).isEqualTo("first");
    assertThat(object(update.getString("before")).getInt("_version")).isEqualTo(1);
    assertThat(object(update.getString("after")).getString("title")).isEqualTo("second");
    assertThat(object(update.getString("after")).getInt("_version")).isEqualTo(2);
    assertThat(audit.get(1).get("before")).isEqualTo(JsonValue.NULL);
    assertThat(object(audit.get(1).getString("after")).getString("title")).isEqualTo("first");
  }

  private String signedUp() throws Exception {
    return signedUp(ana);
  }

  private String signedUp(String token) throws Exception {
    String slug = slug();
    HttpResponse<String> r = call("POST", "api/admin/tenants", token, json(slug, null));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return slug;
  }

  private static String slug() {
    return "it-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String tenantPath(String slug, String rest) {
    return "api/admin/tenants/" + slug + "/" + rest;
  }

  private static String json(String slug, String name) {
    var b = Json.createObjectBuilder().add("slug", slug);
    if (name != null) {
      b.add("name", name);
    }
    return b.build().toString();
  }

  /** An admin call; a null body sends none. */
  private HttpResponse<String> call(String method, String path, String token, String body)
      throws Exception {
    return CairnHttp.at(base).admin(method, path, token, body == null ? "" : body);
  }

  private static List<String> slugs(HttpResponse<String> response) {
    return array(response.body()).getValuesAs(JsonObject.class).stream()
        .map(o -> o.getString("slug"))
        .toList();
  }

  private static JsonObject object(String body) {
    return Json.createReader(new StringReader(body)).readObject();
  }

  private static JsonArray array(String body) {
    return Json.createReader(new StringReader(body)).readArray();
  }
}
