package dev.cairn.server.tenancy;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.util.Map;
import java.util.UUID;

/** The real {@code controlplane} persistence unit (EclipseLink) on a fresh in-memory H2. */
public final class ControlPlaneTestDatabase {
  private ControlPlaneTestDatabase() {}

  public static EntityManagerFactory fresh() {
    return Persistence.createEntityManagerFactory(
        ControlPlaneDatabase.UNIT,
        Map.of(
            "jakarta.persistence.jdbc.url",
            "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
            "jakarta.persistence.jdbc.driver",
            "org.h2.Driver"));
  }
}
