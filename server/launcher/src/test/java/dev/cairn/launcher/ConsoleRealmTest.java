package dev.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleRealmTest {
  @Test
  void theConsoleRealmIsValidJsonWithTheSecretAndRedirectsFilledIn() {
    String json =
        KeycloakServer.consoleRealm(
            "se\"cret", List.of("http://localhost:8080/console", "https://localhost:8181/console"));

    JsonObject realm = Json.createReader(new StringReader(json)).readObject();
    JsonObject console = client(realm, "cairn-console");
    assertThat(realm.getString("realm")).isEqualTo("cairn-console");
    assertThat(console.getString("secret")).isEqualTo("se\"cret");
    assertThat(console.getJsonArray("redirectUris").getValuesAs(JsonString.class))
        .extracting(JsonString::getString)
        .containsExactly("http://localhost:8080/console/*", "https://localhost:8181/console/*");
    assertThat(console.getJsonObject("attributes").getString("post.logout.redirect.uris"))
        .isEqualTo("http://localhost:8080/console/*##https://localhost:8181/console/*");
    assertThat(json).doesNotContain("${");
  }

  @Test
  void everyClientPutsGroupsAndTheCairnAudienceInItsTokens() {
    JsonObject realm =
        Json.createReader(new StringReader(KeycloakServer.consoleRealm("s", List.of("http://x"))))
            .readObject();

    for (String clientId : List.of("cairn-console", "cairn-cli")) {
      assertThat(
              client(realm, clientId).getJsonArray("protocolMappers").getValuesAs(JsonObject.class))
          .extracting(m -> m.getString("protocolMapper"))
          .contains("oidc-group-membership-mapper", "oidc-audience-mapper");
    }
  }

  @Test
  void withAMailServerSelfRegisteredUsersMustVerifyTheirEmailThroughIt() {
    JsonObject realm =
        Json.createReader(
                new StringReader(
                    KeycloakServer.consoleRealm(
                        "s",
                        List.of("http://x"),
                        java.util.Optional.of(
                            new KeycloakServer.Smtp("127.0.0.1", 3025, "cairn@localhost")))))
            .readObject();

    assertThat(realm.getBoolean("verifyEmail")).isTrue();
    assertThat(realm.getJsonObject("smtpServer").getString("port")).isEqualTo("3025");
    assertThat(realm.getBoolean("bruteForceProtected")).isTrue();
  }

  @Test
  void withoutAMailServerEmailsAreNotVerifiedByKeycloakButBruteForceDetectionIsOn() {
    JsonObject realm =
        Json.createReader(new StringReader(KeycloakServer.consoleRealm("s", List.of("http://x"))))
            .readObject();

    assertThat(realm.getBoolean("verifyEmail")).isFalse();
    assertThat(realm.getJsonObject("smtpServer")).isEmpty();
    assertThat(realm.getBoolean("bruteForceProtected")).isTrue();
  }

  @Test
  void theDemoUsersEmailIsVerifiedSoItCanSignTenantsUp() {
    JsonObject realm =
        Json.createReader(new StringReader(KeycloakServer.consoleRealm("s", List.of("http://x"))))
            .readObject();

    JsonObject demo = realm.getJsonArray("users").getJsonObject(0);
    assertThat(demo.getString("username")).isEqualTo("demo");
    assertThat(demo.getBoolean("emailVerified")).isTrue();
  }

  private static JsonObject client(JsonObject realm, String clientId) {
    return realm.getJsonArray("clients").getValuesAs(JsonObject.class).stream()
        .filter(c -> c.getString("clientId").equals(clientId))
        .findFirst()
        .orElseThrow();
  }
}
