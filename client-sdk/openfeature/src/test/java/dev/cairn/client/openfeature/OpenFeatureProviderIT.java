package dev.cairn.client.openfeature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.client.Auth;
import dev.cairn.client.CairnClient;
import dev.cairn.client.FieldKind;
import dev.cairn.client.FlagContext;
import dev.cairn.client.KeycloakAuth;
import dev.cairn.client.ModelField;
import dev.cairn.client.ModelType;
import dev.cairn.testkit.CairnHttp;
import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.Deployments;
import dev.cairn.testkit.TestKeycloak;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EventDetails;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderState;
import dev.openfeature.sdk.Reason;
import dev.openfeature.sdk.Value;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenFeature provider against the real server WAR on Payara Micro with a real Keycloak user:
 * an OpenFeature client reads the user's flags, a toggle through the admin API arrives as {@code
 * PROVIDER_CONFIGURATION_CHANGED} naming the flag and the new value is read through the OpenFeature
 * client, and a disconnected SDK client makes the provider STALE, then READY again on reconnect.
 */
@ExtendWith({CairnStackExtension.class, ArquillianExtension.class})
@RunAsClient
class OpenFeatureProviderIT {
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
        max-items:
          type: number
          default: 10
        new-ui:
          kind: boolean
          variations: [ { name: enabled, value: true }, { name: disabled, value: false } ]
          on: true
          offVariation: disabled
          rules:
            - id: ios
              clauses: [ { attribute: platform, op: in, values: [ios] } ]
              variation: enabled
          fallthrough: { variation: disabled }
      """;
  private static final Duration WAIT = Duration.ofSeconds(60);

  record Note(String id, String text) {}

  static final ModelType<Note> NOTE =
      ModelType.builder(Note.class, "Note", "Notes")
          .field(ModelField.of("id", FieldKind.ID, true))
          .field(ModelField.of("text", FieldKind.STRING, true))
          .codec(
              n -> Map.of("id", n.id(), "text", n.text()),
              m -> new Note((String) m.get("id"), (String) m.get("text")))
          .build();

  @ArquillianResource URL base;
  @TempDir Path dir;

  @Deployment(testable = false)
  static WebArchive server() {
    return Deployments.server();
  }

  @Test
  void aToggleArrivesAsConfigurationChangedAndADisconnectAsStale(TestKeycloak keycloak)
      throws Exception {
    String console = keycloak.consoleToken();
    CairnHttp cairnHttp = CairnHttp.at(base);
    String tenant = cairnHttp.signUp(console, "of-", SCHEMA);
    cairnHttp.expect(200, "PUT", "api/admin/tenants/" + tenant + "/flags", console, FLAGS_YAML);
    keycloak.createAppUser(tenant, "alice", "pw", "beta");

    URI endpoint = cairnHttp.graphqlEndpoint(tenant);
    Auth alice =
        KeycloakAuth.password(
            URI.create(keycloak.url()),
            TestKeycloak.tenantRealm(tenant),
            "cairn-app",
            "alice",
            "pw");
    FlagContext desktop = FlagContext.builder().platform("desktop").build();
    try (CairnClient cairn =
        CairnClient.builder()
            .endpoint(endpoint)
            .auth(alice)
            .models(NOTE)
            .storeFile(dir.resolve("alice.db"))
            .flagContext(desktop)
            .build()) {
      cairn.start();
      OpenFeatureAPI api = OpenFeatureAPI.getInstance();
      String domain = "it-" + tenant;
      api.setProviderAndWait(
          domain,
          CairnProvider.builder(cairn.flags())
              .readyTimeout(WAIT)
              .clientContext(desktop)
              .remoteEvaluation(endpoint, alice)
              .remoteTimeout(WAIT)
              .build());
      Client features = api.getClient(domain);
      List<EventDetails> changed = new CopyOnWriteArrayList<>();
      CountDownLatch configurationChanged = new CountDownLatch(1);
      CountDownLatch stale = new CountDownLatch(1);
      features.onProviderConfigurationChanged(
          e -> {
            changed.add(e);
            if (e.getFlagsChanged() != null && e.getFlagsChanged().contains("checkout-v2")) {
              configurationChanged.countDown();
            }
          });
      features.onProviderStale(e -> stale.countDown());

      assertThat(features.getProviderState()).isEqualTo(ProviderState.READY);
      FlagEvaluationDetails<Boolean> before = features.getBooleanDetails("checkout-v2", false);
      assertThat(before.getValue()).isTrue();
      assertThat(before.getReason()).isEqualTo(Reason.TARGETING_MATCH.name());
      assertThat(before.getFlagMetadata().getString("cairnReason")).isEqualTo("RULE_MATCH");
      assertThat(features.getIntegerValue("max-items", 1)).isEqualTo(10);
      assertThat(features.getStringDetails("checkout-v2", "x").getErrorCode())
          .as("a boolean flag read as a string")
          .isNotNull();

      // Per-evaluation context: the client's own attributes read locally, others on the server.
      FlagEvaluationDetails<Boolean> onDesktop =
          features.getBooleanDetails(
              "new-ui", true, new ImmutableContext(Map.of("platform", new Value("desktop"))));
      assertThat(onDesktop.getValue()).isFalse();
      assertThat(onDesktop.getFlagMetadata().getString("cairnContext")).isEqualTo("client");
      FlagEvaluationDetails<Boolean> onIos =
          features.getBooleanDetails(
              "new-ui", false, new ImmutableContext(Map.of("platform", new Value("ios"))));
      assertThat(onIos.getValue()).as(onIos.toString()).isTrue();
      assertThat(onIos.getVariant()).isEqualTo("enabled");
      assertThat(onIos.getReason()).isEqualTo(Reason.TARGETING_MATCH.name());
      assertThat(onIos.getFlagMetadata().getString("cairnContext")).isEqualTo("evaluation");
      assertThat(onIos.getFlagMetadata().getString("ruleId")).isEqualTo("ios");
      // a context cannot take alice out of her token's groups: beta still gets checkout-v2
      FlagEvaluationDetails<Boolean> notBeta =
          features.getBooleanDetails(
              "checkout-v2",
              false,
              new ImmutableContext(
                  Map.of(
                      "platform",
                      new Value("ios"),
                      "groups",
                      new Value(List.of(new Value("none"))))));
      assertThat(notBeta.getValue()).as(notBeta.toString()).isTrue();
      assertThat(notBeta.getFlagMetadata().getString("cairnContext")).isEqualTo("evaluation");

      HttpResponse<String> toggled =
          cairnHttp.admin(
              "POST",
              "api/admin/tenants/" + tenant + "/flags/checkout-v2/toggle",
              console,
              "{\"on\":false}");
      assertThat(toggled.statusCode()).as(toggled.body()).isEqualTo(200);

      assertThat(configurationChanged.await(WAIT.toSeconds(), TimeUnit.SECONDS))
          .as("CONFIGURATION_CHANGED for checkout-v2; heard " + changed)
          .isTrue();
      FlagEvaluationDetails<Boolean> after = features.getBooleanDetails("checkout-v2", true);
      assertThat(after.getValue()).isFalse();
      assertThat(after.getReason()).isEqualTo(Reason.DISABLED.name());

      cairn.stop();
      assertThat(stale.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("STALE").isTrue();
      assertThat(features.getProviderState()).isEqualTo(ProviderState.STALE);
      assertThat(features.getBooleanValue("checkout-v2", true)).as("stale values stay").isFalse();

      // Added while STALE, so it runs for the next READY only.
      CountDownLatch ready = new CountDownLatch(1);
      features.onProviderReady(e -> ready.countDown());
      cairn.start();
      assertThat(ready.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("READY again").isTrue();
      api.shutdown();
    }
  }
}
