package dev.cairn.server.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the console realm's OpenID discovery document answers 200. */
@Readiness
@ApplicationScoped
public class KeycloakReadiness implements HealthCheck {
  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  @Inject ConsoleTokenVerifier verifier;

  @Override
  public HealthCheckResponse call() {
    String discovery = verifier.issuer() + "/.well-known/openid-configuration";
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(URI.create(discovery)).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() == 200) {
        return HealthCheckResponse.up("keycloak");
      }
      return down(discovery, "HTTP " + response.statusCode());
    } catch (IOException e) {
      return down(discovery, String.valueOf(e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return down(discovery, "interrupted");
    }
  }

  private static HealthCheckResponse down(String url, String error) {
    return HealthCheckResponse.named("keycloak")
        .down()
        .withData("url", url)
        .withData("error", error)
        .build();
  }
}
