package dev.cairn.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.TenantId;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeycloakRealmProvisionerTest {
  private static JsonObject appClient(JsonObject realm) {
    return realm.getJsonArray("clients").getJsonObject(0);
  }

  @Test
  void aProvisionedRealmDetectsBruteForceAndHasNoPasswordGrantByDefault() {
    JsonObject realm =
        KeycloakRealmProvisioner.realmRepresentation(TenantId.of("acme"), false, Optional.empty());

    assertThat(realm.getBoolean("bruteForceProtected")).isTrue();
    assertThat(realm.getInt("failureFactor")).isEqualTo(10);
    assertThat(realm.getBoolean("registrationAllowed")).isFalse();
    assertThat(appClient(realm).getString("clientId")).isEqualTo("cairn-app");
    assertThat(appClient(realm).getBoolean("directAccessGrantsEnabled")).isFalse();
    assertThat(realm.containsKey("smtpServer")).isFalse();
  }

  @Test
  void theEmbeddedModeTurnsThePasswordGrantOnAndSendsMailThroughItsCatcher() {
    JsonObject realm =
        KeycloakRealmProvisioner.realmRepresentation(
            TenantId.of("acme"),
            true,
            Optional.of(new KeycloakRealmProvisioner.Smtp("127.0.0.1", 3025, "cairn@localhost")));

    assertThat(appClient(realm).getBoolean("directAccessGrantsEnabled")).isTrue();
    assertThat(realm.getJsonObject("smtpServer").getString("port")).isEqualTo("3025");
    assertThat(realm.getBoolean("bruteForceProtected")).isTrue();
  }

  @Test
  void theAppClientTakesLoopbackRedirectsOfDesktopAppsOnAnyPort() {
    JsonObject realm =
        KeycloakRealmProvisioner.realmRepresentation(TenantId.of("acme"), false, Optional.empty());

    assertThat(appClient(realm).getJsonArray("redirectUris").getValuesAs(JsonString.class))
        .extracting(JsonString::getString)
        .containsExactlyInAnyOrder("http://localhost/*", "http://127.0.0.1/*");
    assertThat(appClient(realm).getBoolean("publicClient")).isTrue();
    assertThat(appClient(realm).getJsonObject("attributes").getString("pkce.code.challenge.method"))
        .isEqualTo("S256");
  }
}
