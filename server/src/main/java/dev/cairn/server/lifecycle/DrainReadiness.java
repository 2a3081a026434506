package dev.cairn.server.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** DOWN once the node drains after SIGTERM; its data tells how many requests are in flight. */
@Readiness
@ApplicationScoped
public class DrainReadiness implements HealthCheck {
  @Inject GracefulShutdown shutdown;

  @Override
  public HealthCheckResponse call() {
    InFlightRequests requests = shutdown.requests();
    return HealthCheckResponse.named("http-drain")
        .status(requests.accepting())
        .withData("inFlight", requests.count())
        .build();
  }
}
