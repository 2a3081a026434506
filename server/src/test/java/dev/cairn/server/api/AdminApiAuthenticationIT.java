package dev.cairn.server.api;

import static dev.cairn.testkit.CairnHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.Deployments;
import dev.cairn.testkit.TestKeycloak;
import dev.cairn.testkit.TestStack;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real server WAR on Payara Micro, with a real Keycloak and the embedded MongoDB: the admin API
 * refuses callers without a valid console token and accepts a real one; readiness and metrics
 * answer.
 */
@ExtendWith({CairnStackExtension.class, ArquillianExtension.class})
@RunAsClient
class AdminApiAuthenticationIT {
  private final HttpClient http = HttpClient.newHttpClient();

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive server() {
    return Deployments.server();
  }

  @Test
  void adminApiRefusesARequestWithoutAToken() throws Exception {
    HttpResponse<String> response = get("api/admin/me", null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(json(response.body()).getString("detail")).contains("Authorization: Bearer");
  }

  @Test
  void adminApiAcceptsARealConsoleTokenAndSeesWhoCalls(TestKeycloak keycloak) throws Exception {
    HttpResponse<String> response = get("api/admin/me", "Bearer " + keycloak.consoleToken());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject me = json(response.body());
    assertThat(me.getString("username")).isEqualTo(TestKeycloak.DEMO_USER);
    assertThat(me.getString("email")).isEqualTo("demo@cairn.local");
    assertThat(me.getJsonArray("groups").getValuesAs(JsonString.class))
        .extracting(JsonString::getString)
        .containsExactly("cairn-admins");
  }

  @Test
  void adminApiRefusesATokenOfAnotherIssuer(TestKeycloak keycloak) throws Exception {
    String masterToken =
        keycloak.passwordGrant("master", "admin-cli", "admin", keycloak.adminPasswordForTests());

    HttpResponse<String> response = get("api/admin/me", "Bearer " + masterToken);

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void adminApiRefusesATokenWhosePayloadWasAltered(TestKeycloak keycloak) throws Exception {
    String[] parts = keycloak.consoleToken().split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]));
    String forged =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(payload.replace("\"demo\"", "\"root\"").getBytes());

    HttpResponse<String> response =
        get("api/admin/me", "Bearer " + parts[0] + "." + forged + "." + parts[2]);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response.body()).getString("detail")).containsIgnoringCase("signature");
  }

  @Test
  void readinessReportsMongoDbControlPlaneAndKeycloakUp() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(base.toURI().resolve("/health/ready")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonObject health = json(response.body());
    assertThat(health.getString("status")).isEqualTo("UP");
    assertThat(health.getJsonArray("checks").getValuesAs(JsonObject.class))
        .extracting(c -> c.getString("name") + "=" + c.getString("status"))
        .contains("mongodb=UP", "control-plane=UP", "keycloak=UP");
  }

  @Test
  void metricsAreServedInPrometheusFormatToTheScraper() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(base.toURI().resolve("/metrics"))
                .header("Authorization", "Bearer " + TestStack.METRICS_TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("# TYPE");
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(path));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
