package dev.cairn.server.attacks;

import static dev.cairn.testkit.CairnHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.launcher.KeycloakServer;
import dev.cairn.testkit.CairnHttp;
import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.ClassTenant;
import dev.cairn.testkit.Deployments;
import dev.cairn.testkit.TestKeycloak;
import dev.cairn.testkit.TestStack;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attacks on identity, tenancy and the operator surface, against the deployed server WAR on Payara
 * Micro with the test stack's real Keycloak: two tenants with their own provisioned realms, real
 * access and ID tokens. Each test is one attack, named for what it tries, and asserts the refusal.
 */
@ExtendWith({CairnStackExtension.class, ArquillianExtension.class})
@RunAsClient
class IdentityAttacksIT {
  static final String SCHEMA =
      "type Note @model @auth(rules: [{ allow: owner }]) { id: ID! text: String! }";
  static final String SYNC_NOTES =
      "query operation { syncNotes(lastSync: 0) { items { id } startedAt } }";

  @RegisterExtension
  static final ClassTenant A = ClassTenant.signUp("atk-", SCHEMA).appUser("alice", "pw");

  @RegisterExtension
  static final ClassTenant B = ClassTenant.signUp("atk-", SCHEMA).appUser("carol", "pw");

  private final HttpClient http = HttpClient.newHttpClient();
  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive server() {
    return Deployments.server();
  }

  // --- finding 12: admin authentication on every path variant, /metrics ---

  @ParameterizedTest
  @ValueSource(
      strings = {
        "api;x=1/admin/me",
        "api/admin;x=1/me",
        "api/admin/me;x=1",
        "api/%61dmin/me",
        "api/admin/./me",
        "api/x/../admin/me",
        "api/admin/tenants;a=b",
        "api;/admin/tenants"
      })
  void anAdminPathVariantWithoutATokenIsRefusedWith401(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base.toString() + path)).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(401);
  }

  @Test
  void theMatrixParameterBypassOfTheAdminFilterIsClosed() throws Exception {
    HttpResponse<String> response = get("api;x=1/admin/me", null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
  }

  @Test
  void aDoubleSlashNeverReachesAnAdminResource() throws Exception {
    HttpResponse<String> response = get("/api/admin/me", null);

    assertThat(response.statusCode()).as(response.body()).isIn(401, 404);
  }

  @Test
  void metricsAreRefusedWithoutTheScrapeTokenAndServedWithIt() throws Exception {
    assertThat(get("metrics", null).statusCode()).isEqualTo(401);
    assertThat(get("metrics", "Bearer wrong").statusCode()).isEqualTo(401);
    assertThat(get("metrics;x=1", null).statusCode()).isIn(401, 404);
    HttpResponse<String> scraped = get("metrics", "Bearer " + TestStack.METRICS_TOKEN);
    assertThat(scraped.statusCode()).isEqualTo(200);
    assertThat(scraped.body()).contains("# TYPE");
  }

  // --- finding 4: SSRF through custom issuers and the conflict webhook ---

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.1:%PORT%/api/admin/me",
        "http://localhost:%PORT%/metrics",
        "http://[::1]:%PORT%/",
        "http://10.0.0.1/keys",
        "file:///etc/passwd",
        "jar:file:///tmp/x.jar!/keys.json"
      })
  void aCustomIssuerPointingIntoTheServersNetworkIsRefused(String target) throws Exception {
    String url = target.replace("%PORT%", Integer.toString(base.getPort()));
    String asJwks =
        "{\"issuers\":[{\"issuer\":\"https://idp.example.com/\",\"audience\":\"x\",\"jwksUri\":\""
            + url
            + "\"}]}";
    String asIssuer = "{\"issuers\":[{\"issuer\":\"" + url + "\",\"audience\":\"x\"}]}";

    HttpResponse<String> jwks = admin("PUT", "api/admin/tenants/" + A.slug() + "/auth", asJwks);
    HttpResponse<String> issuer = admin("PUT", "api/admin/tenants/" + A.slug() + "/auth", asIssuer);

    assertThat(jwks.statusCode()).as(jwks.body()).isEqualTo(400);
    assertThat(json(jwks.body()).getString("detail")).startsWith("issuers[0].jwksUri: ");
    assertThat(issuer.statusCode()).as(issuer.body()).isEqualTo(400);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.1:%PORT%/api/admin/tenants",
        "http://192.168.1.1/",
        "file:///etc/passwd"
      })
  void aConflictWebhookPointingIntoTheServersNetworkIsRefused(String target) throws Exception {
    String url = target.replace("%PORT%", Integer.toString(base.getPort()));

    HttpResponse<String> set =
        admin(
            "PUT",
            "api/admin/tenants/" + A.slug() + "/conflicts",
            "{\"default\":\"CUSTOM\",\"webhook\":\"" + url + "\"}");

    assertThat(set.statusCode()).as(set.body()).isEqualTo(400);
    assertThat(json(set.body()).getString("detail")).startsWith("webhook: ");
  }

  // --- findings 9 and 11: what 401s say, ID tokens, cross-tenant tokens ---

  @Test
  void aForeignTokenGetsOneGenericAnswerThatNamesNoIssuerAndHidesWhetherTheTenantExists()
      throws Exception {
    HttpResponse<String> onExisting = graphql(A.slug(), B.appToken("carol"));
    HttpResponse<String> onMissing = graphql("nosuch-" + A.slug(), B.appToken("carol"));

    assertThat(onExisting.statusCode()).isEqualTo(401);
    assertThat(onMissing.statusCode()).isEqualTo(401);
    assertThat(onExisting.body()).isEqualTo(onMissing.body());
    assertThat(onExisting.body())
        .doesNotContain("realms")
        .doesNotContain(A.slug())
        .doesNotContain(B.slug());
  }

  @Test
  void anIdTokenIsNotAnApiCredentialButTheAccessTokenOfTheSameLoginIs(TestKeycloak keycloak)
      throws Exception {
    JsonObject alice = tokens(keycloak, TestKeycloak.tenantRealm(A.slug()), "alice", "pw");

    assertThat(graphql(A.slug(), alice.getString("id_token")).statusCode()).isEqualTo(401);
    assertThat(graphql(A.slug(), alice.getString("access_token")).statusCode()).isEqualTo(200);
  }

  @Test
  void anotherTenantsValidAccessTokenIsRefused() throws Exception {
    assertThat(graphql(A.slug(), B.appToken("carol")).statusCode()).isEqualTo(401);
    assertThat(graphql(B.slug(), A.appToken("alice")).statusCode()).isEqualTo(401);
  }

  @Test
  void passwordGuessingAgainstAProvisionedRealmLocksTheUserOut(TestKeycloak keycloak)
      throws Exception {
    String realm = TestKeycloak.tenantRealm(B.slug());
    keycloak.createUser(realm, "victim", "right-password");
    assertThat(tokenStatus(keycloak, realm, "victim", "right-password")).isEqualTo(200);

    for (int i = 0; i < 10; i++) {
      assertThat(tokenStatus(keycloak, realm, "victim", "guess-" + i)).isIn(400, 401);
    }

    assertThat(tokenStatus(keycloak, realm, "victim", "right-password"))
        .as("the right password after 10 failed guesses is refused while the lockout lasts")
        .isNotEqualTo(200);
  }

  // --- finding 3: signup limits ---

  @Test
  void aConsoleUserWithAnUnverifiedEmailCannotSignATenantUp(TestKeycloak keycloak)
      throws Exception {
    String user = "unverified-" + UUID.randomUUID().toString().substring(0, 8);
    keycloak.createUser(KeycloakServer.CONSOLE_REALM, user, "pw", false);
    String token = keycloak.passwordGrant(KeycloakServer.CONSOLE_REALM, "cairn-cli", user, "pw");

    HttpResponse<String> signup = signup(token);

    assertThat(signup.statusCode()).as(signup.body()).isEqualTo(403);
    assertThat(json(signup.body()).getString("title")).isEqualTo("Email not verified");
  }

  @Test
  void aConsoleUserCannotSignUpMoreThanThreeTenants(TestKeycloak keycloak) throws Exception {
    String user = "many-" + UUID.randomUUID().toString().substring(0, 8);
    keycloak.createUser(KeycloakServer.CONSOLE_REALM, user, "pw");
    String token = keycloak.passwordGrant(KeycloakServer.CONSOLE_REALM, "cairn-cli", user, "pw");

    for (int i = 0; i < 3; i++) {
      assertThat(signup(token).statusCode()).isEqualTo(201);
    }
    HttpResponse<String> fourth = signup(token);

    assertThat(fourth.statusCode()).as(fourth.body()).isEqualTo(403);
    assertThat(json(fourth.body()).getString("title")).isEqualTo("Tenant limit reached");
  }

  @Test
  void aTenantCannotTrustMoreThanFiveCustomIssuers() throws Exception {
    StringBuilder issuers = new StringBuilder("{\"issuers\":[");
    for (int i = 0; i < 6; i++) {
      issuers.append(i == 0 ? "" : ",");
      issuers
          .append("{\"issuer\":\"https://idp")
          .append(i)
          .append(".example.com/\",\"audience\":\"x\"}");
    }

    HttpResponse<String> set =
        admin("PUT", "api/admin/tenants/" + B.slug() + "/auth", issuers.append("]}").toString());

    assertThat(set.statusCode()).as(set.body()).isEqualTo(400);
  }

  // --- finding 10: audit and webhook secrets ---

  @Test
  void swappingAnIssuersJwksUriIsVisibleInTheAuditLog() throws Exception {
    String before =
        "{\"issuers\":[{\"issuer\":\"https://idp.example.com/\",\"audience\":\"x\","
            + "\"jwksUri\":\"https://idp.example.com/keys\"}]}";
    String after = before.replace("https://idp.example.com/keys", "https://evil.example.net/keys");
    assertThat(admin("PUT", "api/admin/tenants/" + B.slug() + "/auth", before).statusCode())
        .isEqualTo(200);
    assertThat(admin("PUT", "api/admin/tenants/" + B.slug() + "/auth", after).statusCode())
        .isEqualTo(200);

    JsonObject entry =
        Json.createReader(
                new StringReader(
                    admin("GET", "api/admin/tenants/" + B.slug() + "/audit?limit=1", "").body()))
            .readArray()
            .getJsonObject(0);
    assertThat(entry.getString("action")).isEqualTo("auth.issuers.set");
    assertThat(entry.getString("before")).contains("https://idp.example.com/keys");
    assertThat(entry.getString("after")).contains("https://evil.example.net/keys");
  }

  @Test
  void theWebhookSigningSecretIsShownOnceAndNeverListed() throws Exception {
    String body = "{\"default\":\"CUSTOM\",\"webhook\":\"https://hooks.example.com/c\"}";

    HttpResponse<String> first = admin("PUT", "api/admin/tenants/" + B.slug() + "/conflicts", body);
    HttpResponse<String> second =
        admin("PUT", "api/admin/tenants/" + B.slug() + "/conflicts", body);
    HttpResponse<String> read = admin("GET", "api/admin/tenants/" + B.slug() + "/conflicts", "");
    HttpResponse<String> audit =
        admin("GET", "api/admin/tenants/" + B.slug() + "/audit?limit=5", "");

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    String secret = json(first.body()).getString("webhookSecret");
    assertThat(secret).startsWith("whsec_");
    assertThat(json(second.body()).containsKey("webhookSecret")).isFalse();
    assertThat(read.body()).doesNotContain(secret);
    assertThat(audit.body()).doesNotContain(secret);
  }

  // --- helpers ---

  private HttpResponse<String> signup(String token) throws Exception {
    return admin(
        "POST",
        "api/admin/tenants",
        token,
        "{\"slug\":\"su-" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
  }

  /** Access and ID token of one password login (scope openid). */
  private JsonObject tokens(TestKeycloak keycloak, String realm, String user, String password)
      throws Exception {
    HttpResponse<String> response = tokenRequest(keycloak, realm, user, password);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response.body());
  }

  private int tokenStatus(TestKeycloak keycloak, String realm, String user, String password)
      throws Exception {
    return tokenRequest(keycloak, realm, user, password).statusCode();
  }

  private HttpResponse<String> tokenRequest(
      TestKeycloak keycloak, String realm, String user, String password) throws Exception {
    String form =
        "grant_type=password&client_id=cairn-app&scope=openid&username="
            + URLEncoder.encode(user, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8);
    return http.send(
        HttpRequest.newBuilder(
                URI.create(keycloak.issuer(realm) + "/protocol/openid-connect/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> admin(String method, String path, String body) throws Exception {
    return admin(method, path, TestStack.get().keycloak().consoleToken(), body);
  }

  private HttpResponse<String> admin(String method, String path, String token, String body)
      throws Exception {
    return CairnHttp.at(base).admin(method, path, token, body);
  }

  private HttpResponse<String> graphql(String tenant, String token) throws Exception {
    return CairnHttp.at(base).graphql(tenant, Map.of("Authorization", token), SYNC_NOTES, null);
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString() + path));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
