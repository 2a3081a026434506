package dev.cairn.server.tenancy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the control-plane database answers a query. */
@Readiness
@ApplicationScoped
public class ControlPlaneReadiness implements HealthCheck {
  @Inject EntityManagerFactory factory;

  @Override
  public HealthCheckResponse call() {
    EntityManager em = null;
    try {
      em = factory.createEntityManager();
      em.createNativeQuery("SELECT 1").getSingleResult();
      return HealthCheckResponse.up("control-plane");
    } catch (RuntimeException e) { // any failure, including while the unit is still deploying
      return HealthCheckResponse.named("control-plane")
          .down()
          .withData("error", String.valueOf(e.getMessage()))
          .build();
    } finally {
      if (em != null) {
        em.close();
      }
    }
  }
}
