package dev.cairn.server.tenancy;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.util.Map;
import java.util.UUID;

/**
 * The real {@code controlplane} persistence unit (EclipseLink) on a fresh in-memory H2, its tables
 * made by the real migrations.
 */
public final class ControlPlaneTestDatabase {
  private ControlPlaneTestDatabase() {}

  public static EntityManagerFactory fresh() {
    String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    ControlPlaneMigrations.migrate(url, null, null);
    return Persistence.createEntityManagerFactory(
        ControlPlaneDatabase.UNIT,
        Map.of(
            "jakarta.persistence.jdbc.url",
            url,
            "jakarta.persistence.jdbc.driver",
            "org.h2.Driver"));
  }
}
