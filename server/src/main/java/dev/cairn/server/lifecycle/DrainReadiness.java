package dev.cairn.server.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN once the node drains after SIGTERM; its data tells how many requests are in flight on the
 * node ({@code inFlight}) and in each of its WARs ({@code inFlight.server}, {@code
 * inFlight.console}).
 */
@Readiness
@ApplicationScoped
public class DrainReadiness implements HealthCheck {
  @Inject GracefulShutdown shutdown;

  @Override
  public HealthCheckResponse call() {
    Map<String, Integer> perWar = shutdown.node().inFlight();
    HealthCheckResponseBuilder check =
        HealthCheckResponse.named("http-drain")
            .status(shutdown.requests().accepting())
            .withData("inFlight", perWar.values().stream().mapToInt(Integer::intValue).sum());
    perWar.forEach((war, count) -> check.withData("inFlight." + war, count));
    return check.build();
  }
}
