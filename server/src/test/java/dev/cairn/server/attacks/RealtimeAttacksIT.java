package dev.cairn.server.attacks;

import static dev.cairn.testkit.CairnHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.api.RawWebSocket;
import dev.cairn.testkit.CairnHttp;
import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.Deployments;
import dev.cairn.testkit.TestKeycloak;
import dev.cairn.testkit.TestStack;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Attacks on the realtime endpoint of the deployed WAR, as an outside attacker or a malicious
 * tenant would try them (issue 10, findings 7 and 8, and the cross-tenant checks that already
 * held): a raw WebSocket client that can speak from several loopback addresses, two tenants signed
 * up through the admin API, real Keycloak tokens. Each test prints the attack and its result.
 */
@ExtendWith({CairnStackExtension.class, ArquillianExtension.class})
@RunAsClient
class RealtimeAttacksIT {
  static final String SCHEMA =
      """
      type Post @model @auth(rules: [{ allow: public }, { allow: private }]) {
        id: ID!
        title: String!
      }
      """;
  static final String PRIVATE_ONLY =
      """
      type Post @model @auth(rules: [{ allow: private }]) {
        id: ID!
        title: String!
      }
      """;
  static final String ON_CREATE =
      "subscription operation { onCreatePost { id title _version _lastChangedAt _deleted } }";
  static final String CREATE =
      "mutation operation($input: CreatePostInput!) { createPost(input: $input) { id } }";

  private final HttpClient http = HttpClient.newHttpClient();
  @ArquillianResource URL base;
  private TestKeycloak keycloak;
  private String console;

  /** Small limits per address before authentication, so that one test can reach them. */
  static final int ADDRESS_PENDING = 50;

  @Deployment(testable = false)
  static WebArchive server() {
    Map<String, String> config = new LinkedHashMap<>(TestStack.get().serverConfig());
    config.put("cairn.realtime.address-connections-per-second", String.valueOf(ADDRESS_PENDING));
    config.put("cairn.realtime.address-pending-connections", String.valueOf(ADDRESS_PENDING));
    return Deployments.server(config);
  }

  @BeforeEach
  void keycloak(TestKeycloak keycloak) {
    this.keycloak = keycloak;
    this.console = keycloak.consoleToken();
  }

  @Test
  void aRevokedApiKeysSubscriptionsEndWithinTwoSeconds() throws Exception {
    String tenant = CairnHttp.at(base).signUp(console, "atk-", SCHEMA);
    JsonObject key = apiKey(tenant);
    String auth = keyAuth(key.getString("key"));
    try (RawWebSocket socket = RawWebSocket.open(realtime(tenant), "127.0.0.1", auth)) {
      socket.sendText("{\"type\":\"connection_init\"}");
      assertThat(socket.awaitType("connection_ack")).as(socket::transcript).isNotNull();
      socket.start("s1", ON_CREATE, auth);
      assertThat(socket.awaitType("start_ack")).as(socket::transcript).isNotNull();

      long revokedAt = System.nanoTime();
      HttpResponse<String> revoke =
          admin("DELETE", "api/admin/tenants/" + tenant + "/api-keys/" + key.getString("id"), "");
      assertThat(revoke.statusCode()).as(revoke.body()).isEqualTo(200);
      JsonObject error = socket.awaitType("error");
      long errorMs = (System.nanoTime() - revokedAt) / 1_000_000;
      Integer close = socket.awaitClose(Duration.ofSeconds(5));
      long closeMs = (System.nanoTime() - revokedAt) / 1_000_000;
      System.out.printf(
          "[attack] API key revoked while subscribed: error after %d ms, socket closed (%s) after"
              + " %d ms%n",
          errorMs, close, closeMs);

      assertThat(error).as("an error for the subscription").isNotNull();
      assertThat(error.getString("id")).isEqualTo("s1");
      assertThat(error.toString()).contains("UnauthorizedException");
      assertThat(errorMs).isLessThanOrEqualTo(2_000);
      assertThat(close).as("the connection made with the key is closed").isEqualTo(1000);
      assertThat(closeMs).isLessThanOrEqualTo(2_000);
    }
  }

  @Test
  void aSchemaThatTightensAuthEndsSubscriptionsItNoLongerAllows() throws Exception {
    String tenant = CairnHttp.at(base).signUp(console, "atk-", SCHEMA);
    String auth = keyAuth(apiKey(tenant).getString("key"));
    try (RawWebSocket socket = RawWebSocket.open(realtime(tenant), "127.0.0.1", auth)) {
      socket.sendText("{\"type\":\"connection_init\"}");
      assertThat(socket.awaitType("connection_ack")).as(socket::transcript).isNotNull();
      socket.start("s1", ON_CREATE, auth);
      assertThat(socket.awaitType("start_ack")).as(socket::transcript).isNotNull();

      long published = System.nanoTime();
      HttpResponse<String> schema =
          admin(
              "POST",
              "api/admin/tenants/" + tenant + "/schemas?confirmBreaking=true",
              PRIVATE_ONLY);
      assertThat(schema.statusCode()).as(schema.body()).isEqualTo(201);
      JsonObject error = socket.awaitType("error");
      System.out.printf(
          "[attack] schema v2 drops `allow: public`: the API key's subscription ended after %d ms"
              + " with %s%n",
          (System.nanoTime() - published) / 1_000_000, error);

      assertThat(error).isNotNull();
      assertThat(error.getString("id")).isEqualTo("s1");
      assertThat(error.toString()).contains("\"errorType\":\"Unauthorized\"");
    }
  }

  @Test
  void aTokenPastItsExpiryEndsItsSubscriptionsSoTheClientReconnectsWithAFreshOne()
      throws Exception {
    String tenant = CairnHttp.at(base).signUp(console, "atk-", SCHEMA);
    String realm = TestKeycloak.tenantRealm(tenant);
    shortenAccessTokens(realm, 5);
    keycloak.createUser(realm, "mallory", "pw");
    String token = keycloak.passwordGrant(realm, "cairn-app", "mallory", "pw");
    String auth = "{\"Authorization\":\"" + token + "\",\"host\":\"localhost\"}";
    try (RawWebSocket socket = RawWebSocket.open(realtime(tenant), "127.0.0.1", auth)) {
      socket.sendText("{\"type\":\"connection_init\"}");
      assertThat(socket.awaitType("connection_ack")).as(socket::transcript).isNotNull();
      socket.start("s1", ON_CREATE, auth);
      assertThat(socket.awaitType("start_ack")).as(socket::transcript).isNotNull();
      long started = System.nanoTime();

      // the token lives 5 s; HTTP accepts it for 30 s of clock skew more, and so does realtime
      JsonObject error =
          socket.await(m -> "error".equals(m.getString("type", "")), Duration.ofSeconds(60));
      System.out.printf(
          "[attack] a 5 s token kept subscribing: ended after %d ms with %s%n",
          (System.nanoTime() - started) / 1_000_000, error);

      assertThat(error).isNotNull();
      assertThat(error.getString("id")).isEqualTo("s1");
      assertThat(error.toString()).contains("UnauthorizedException").contains("Token expired");
      assertThat(socket.awaitClose(Duration.ofSeconds(5))).isEqualTo(1000);
    }
  }

  @Test
  void anonymousConnectionsCannotSpendATenantsRealtimeBudget() throws Exception {
    String tenant = CairnHttp.at(base).signUp(console, "atk-", SCHEMA);
    String key = apiKey(tenant).getString("key");
    List<RawWebSocket> flood = new ArrayList<>();
    int fromOneAccepted = 0;
    int fromOneRefused = 0;
    int fromMany = 0;
    try {
      // one address opens more connections that never authenticate than it may hold ...
      for (int i = 0; i < ADDRESS_PENDING + 30; i++) {
        RawWebSocket socket = RawWebSocket.open(realtime(tenant), "127.0.0.2", "{\"host\":\"x\"}");
        flood.add(socket);
        if (socket.status() == 101) {
          fromOneAccepted++;
        } else {
          assertThat(socket.status()).isEqualTo(429);
          fromOneRefused++;
        }
      }
      // ... and twelve more hold more than the tenant may open per second (500)
      for (int address = 3; address <= 14; address++) {
        for (int i = 0; i < ADDRESS_PENDING; i++) {
          RawWebSocket socket =
              RawWebSocket.open(realtime(tenant), "127.0.0." + address, "{\"host\":\"x\"}");
          assertThat(socket.status()).isIn(101, 429);
          flood.add(socket);
          fromMany += socket.status() == 101 ? 1 : 0;
        }
      }
      System.out.printf(
          "[attack] unauthenticated upgrades: %d from one address, %d accepted and %d refused"
              + " with 429; %d from twelve more, %d accepted%n",
          ADDRESS_PENDING + 30, fromOneAccepted, fromOneRefused, 12 * ADDRESS_PENDING, fromMany);

      String auth = keyAuth(key);
      try (RawWebSocket app = RawWebSocket.open(realtime(tenant), "127.0.0.1", auth)) {
        assertThat(app.status()).as("the tenant's own app still connects").isEqualTo(101);
        app.sendText("{\"type\":\"connection_init\"}");
        assertThat(app.awaitType("connection_ack")).isNotNull();
        app.start("s1", ON_CREATE, auth);
        assertThat(app.awaitType("start_ack")).isNotNull();
        String id = UUID.randomUUID().toString();
        graphqlWithKey(tenant, key, CREATE, "{\"input\":{\"id\":\"" + id + "\",\"title\":\"t\"}}");
        JsonObject data = app.awaitType("data");
        assertThat(data).isNotNull();
        assertThat(data.toString()).contains(id);
      }
      assertThat(fromOneAccepted)
          .as("one address's unauthenticated connections")
          .isLessThanOrEqualTo(ADDRESS_PENDING);
      assertThat(fromOneRefused).isGreaterThanOrEqualTo(30);
      assertThat(fromOneAccepted + fromMany)
          .as("anonymous connections held, more than the tenant may open in a second")
          .isGreaterThan(500);
    } finally {
      flood.forEach(RawWebSocket::close);
    }
  }

  @Test
  void anotherTenantsTokenAndKeyAreRefusedAtConnectAndAtStart() throws Exception {
    String a = CairnHttp.at(base).signUp(console, "atk-", SCHEMA);
    String b = CairnHttp.at(base).signUp(console, "atk-", SCHEMA);
    keycloak.createAppUser(b, "eve", "pw");
    String eve = keycloak.appToken(b, "eve", "pw");
    String keyB = apiKey(b).getString("key");
    String keyA = apiKey(a).getString("key");

    try (RawWebSocket token = RawWebSocket.open(realtime(a), "127.0.0.1", tokenAuth(eve));
        RawWebSocket key = RawWebSocket.open(realtime(a), "127.0.0.1", keyAuth(keyB));
        RawWebSocket smuggled = RawWebSocket.open(realtime(a), "127.0.0.1", keyAuth(keyA))) {
      token.sendText("{\"type\":\"connection_init\"}");
      key.sendText("{\"type\":\"connection_init\"}");
      smuggled.sendText("{\"type\":\"connection_init\"}");
      JsonObject tokenError = token.awaitType("connection_error");
      JsonObject keyError = key.awaitType("connection_error");
      assertThat(smuggled.awaitType("connection_ack")).isNotNull();
      // a connection of tenant A, then a start that carries tenant B's credentials
      smuggled.start("s1", ON_CREATE, tokenAuth(eve));
      JsonObject startError = smuggled.awaitType("error");
      System.out.printf(
          "[attack] tenant B's token on A: %s; B's key on A: %s; B's token in a start on A: %s%n",
          tokenError, keyError, startError);

      assertThat(tokenError.toString()).contains("UnauthorizedException").contains("401");
      assertThat(keyError.toString()).contains("UnauthorizedException").contains("401");
      assertThat(startError.toString()).contains("UnauthorizedException");
    }
  }

  // --- the server ----------------------------------------------------------------------------

  private JsonObject apiKey(String slug) throws Exception {
    return json(
        CairnHttp.at(base)
            .expect(201, "POST", "api/admin/tenants/" + slug + "/api-keys", console, "{}"));
  }

  private HttpResponse<String> admin(String method, String path, String body) throws Exception {
    return CairnHttp.at(base).admin(method, path, console, body);
  }

  private void graphqlWithKey(String tenant, String key, String query, String variables)
      throws Exception {
    HttpResponse<String> response =
        CairnHttp.at(base).graphql(tenant, Map.of("x-api-key", key), query, variables);
    assertThat(response.body()).doesNotContain("\"errors\"");
  }

  /** Sets the realm's access token lifespan through Keycloak's admin REST API. */
  private void shortenAccessTokens(String realm, int seconds) throws Exception {
    HttpResponse<String> admin =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(keycloak.url() + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "grant_type=password&client_id=admin-cli&username="
                            + URLEncoder.encode(
                                keycloak.adminUserForTests(), StandardCharsets.UTF_8)
                            + "&password="
                            + URLEncoder.encode(
                                keycloak.adminPasswordForTests(), StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
    HttpResponse<String> updated =
        http.send(
            HttpRequest.newBuilder(URI.create(keycloak.url() + "/admin/realms/" + realm))
                .header("Authorization", "Bearer " + json(admin.body()).getString("access_token"))
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"accessTokenLifespan\":" + seconds + "}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(204);
  }

  private URI realtime(String tenant) {
    return URI.create(base.toString()).resolve("t/" + tenant + "/graphql/realtime");
  }

  private static String keyAuth(String key) {
    return "{\"x-api-key\":\"" + key + "\",\"host\":\"localhost\"}";
  }

  private static String tokenAuth(String token) {
    return "{\"Authorization\":\"" + token + "\",\"host\":\"localhost\"}";
  }
}
