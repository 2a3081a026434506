package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.client.testmodel.Note;
import dev.cairn.testkit.CairnHttp;
import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.ClassTenant;
import dev.cairn.testkit.Deployments;
import dev.cairn.testkit.TestKeycloak;
import dev.cairn.testkit.TestStack;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code client.flags()} against the real server WAR on Payara Micro, with real Keycloak tokens and
 * each client on its own SQLite file: values are evaluated per user and client context, a flag
 * toggled through the admin API reaches the listener, the values are read offline after a restart
 * (CACHED), and a change made while the connection was cut is caught up on reconnect (the server
 * pushes nothing on subscribe; the SDK queries after subscribing).
 */
@ExtendWith({CairnStackExtension.class, ArquillianExtension.class})
@RunAsClient
class SdkFlagsIT {
  static final String SCHEMA =
      "type Note @model @auth(rules: [{ allow: public }]) { id: ID! text: String! }";
  static final String FLAGS_YAML =
      """
      version: 1
      segments:
        beta-testers:
          match:
            groups: [beta]
      flags:
        checkout-v2:
          type: boolean
          default: false
          rules:
            - segment: beta-testers
              value: true
        banner:
          kind: string
          variations:
            - { name: none, value: none }
            - { name: desktop, value: desktop-sale }
          on: true
          offVariation: none
          rules:
            - id: desktop
              clauses:
                - { attribute: platform, op: in, values: [desktop] }
              variation: desktop
          fallthrough: { variation: none }
      """;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension
  static final ClassTenant TENANT =
      ClassTenant.signUp("sdkf-", SCHEMA)
          .flags(FLAGS_YAML)
          .appUser("alice", "pw", "beta")
          .appUser("bob", "pw");

  private final TestKeycloak keycloak = TestStack.get().keycloak();
  private final List<CairnClient> clients = new ArrayList<>();
  @ArquillianResource URL base;
  @TempDir Path dir;

  @Deployment(testable = false)
  static WebArchive server() {
    return Deployments.server();
  }

  @AfterEach
  void closeClients() {
    clients.forEach(CairnClient::close);
  }

  @Test
  void aFlagToggledThroughTheAdminApiReachesTheListenerAndIsReadOfflineAfterARestart()
      throws Exception {
    FlagLog aliceHeard = new FlagLog();
    CairnClient alice =
        client("alice.db", "alice", FlagContext.builder().platform("desktop").build(), endpoint());
    alice.flags().addListener(aliceHeard::add);
    FlagLog bobHeard = new FlagLog();
    CairnClient bob =
        client("bob.db", "bob", FlagContext.builder().platform("android").build(), endpoint());
    bob.flags().addListener(bobHeard::add);
    alice.start();
    bob.start();
    aliceHeard.await(c -> c.status() == FlagsStatus.LIVE, WAIT);
    bobHeard.await(c -> c.status() == FlagsStatus.LIVE, WAIT);

    // per user (alice is in group beta) and per client context (platform)
    assertThat(alice.flags().booleanDetail("checkout-v2", false))
        .satisfies(
            d -> {
              assertThat(d.value()).isTrue();
              assertThat(d.reason()).isEqualTo(FlagReason.RULE_MATCH);
            });
    assertThat(bob.flags().booleanDetail("checkout-v2", true).value()).isFalse();
    assertThat(bob.flags().booleanDetail("checkout-v2", true).reason())
        .isEqualTo(FlagReason.FALLTHROUGH);
    assertThat(alice.flags().stringDetail("banner", "?"))
        .isEqualTo(
            new FlagDetail<>(
                "desktop-sale", "desktop", FlagReason.RULE_MATCH, "desktop", null, null, null));
    assertThat(bob.flags().getString("banner", "?")).isEqualTo("none");

    aliceHeard.clear();
    HttpResponse<String> toggled =
        admin(
            "POST",
            "api/admin/tenants/" + TENANT.slug() + "/flags/checkout-v2/toggle",
            TENANT.consoleToken(),
            "{\"on\":false}");
    assertThat(toggled.statusCode()).as(toggled.body()).isEqualTo(200);

    FlagChange change = aliceHeard.await(c -> c.keys().contains("checkout-v2"), WAIT);
    assertThat(change.keys()).containsExactly("checkout-v2");
    assertThat(alice.flags().booleanDetail("checkout-v2", true).value()).isFalse();
    assertThat(alice.flags().booleanDetail("checkout-v2", true).reason()).isEqualTo(FlagReason.OFF);

    alice.close();
    clients.remove(alice);
    // Restarted offline: nothing listens at the endpoint and no token can be had.
    try (CairnClient offline =
        CairnClient.builder()
            .endpoint(URI.create("http://127.0.0.1:1/t/" + TENANT.slug() + "/graphql"))
            .auth(
                Auth.token(
                    () -> {
                      throw new IllegalStateException("offline");
                    }))
            .models(Note.TYPE)
            .storeFile(dir.resolve("alice.db"))
            .build()) {
      offline.start();
      assertThat(offline.flags().status()).isEqualTo(FlagsStatus.CACHED);
      assertThat(offline.flags().booleanDetail("checkout-v2", true))
          .isEqualTo(new FlagDetail<>(false, "false", FlagReason.CACHED, null, null, null, null));
      assertThat(offline.flags().getString("banner", "?")).isEqualTo("desktop-sale");
    } finally {
      admin(
          "POST",
          "api/admin/tenants/" + TENANT.slug() + "/flags/checkout-v2/toggle",
          TENANT.consoleToken(),
          "{\"on\":true}");
    }
  }

  @Test
  void aChangeMadeWhileCutOffIsCaughtUpOnReconnectAndTheValuesAreStaleMeanwhile() throws Exception {
    String key = "cut-" + UUID.randomUUID().toString().substring(0, 8);
    putFlag(key, "{\"type\":\"boolean\",\"default\":false}");
    URI direct = endpoint();
    try (TcpProxy proxy = new TcpProxy(direct.getHost(), direct.getPort())) {
      URI proxied =
          URI.create(direct.getScheme() + "://127.0.0.1:" + proxy.port() + direct.getRawPath());
      FlagLog heard = new FlagLog();
      CairnClient bob = client("bob-cut.db", "bob", FlagContext.empty(), proxied);
      bob.flags().addListener(heard::add);
      bob.start();
      heard.await(c -> c.status() == FlagsStatus.LIVE, WAIT);
      assertThat(bob.flags().getBoolean(key, true)).isFalse();

      proxy.cut();
      heard.await(c -> c.status() == FlagsStatus.STALE, WAIT);
      putFlag(key, "{\"type\":\"boolean\",\"default\":true}");
      assertThat(bob.flags().getBoolean(key, false)).as("no push reaches a cut client").isFalse();
      heard.clear();

      proxy.restore();

      FlagChange caughtUp = heard.await(c -> c.keys().contains(key), WAIT);
      assertThat(caughtUp.status()).isEqualTo(FlagsStatus.LIVE);
      assertThat(bob.flags().getBoolean(key, false)).isTrue();
    }
  }

  private void putFlag(String key, String json) throws Exception {
    HttpResponse<String> put =
        admin(
            "PUT",
            "api/admin/tenants/" + TENANT.slug() + "/flags/" + key,
            TENANT.consoleToken(),
            json);
    assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
  }

  private CairnClient client(String file, String user, FlagContext context, URI endpoint) {
    CairnClient client =
        CairnClient.builder()
            .endpoint(endpoint)
            .auth(
                KeycloakAuth.password(
                    URI.create(keycloak.url()),
                    TestKeycloak.tenantRealm(TENANT.slug()),
                    "cairn-app",
                    user,
                    "pw"))
            .models(Note.TYPE)
            .storeFile(dir.resolve(file))
            .flagContext(context)
            .build();
    clients.add(client);
    return client;
  }

  private URI endpoint() {
    return CairnHttp.at(base).graphqlEndpoint(TENANT.slug());
  }

  private HttpResponse<String> admin(String method, String path, String token, String body)
      throws Exception {
    return CairnHttp.at(base).admin(method, path, token, body);
  }
}
