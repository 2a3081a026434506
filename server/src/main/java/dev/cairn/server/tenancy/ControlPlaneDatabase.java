package dev.cairn.server.tenancy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The control-plane persistence unit ({@code controlplane}, EclipseLink) on the JDBC URL in {@code
 * cairn.db.url} ({@code CAIRN_DB_URL}): an H2 file under the data directory by default, PostgreSQL
 * when the URL says {@code jdbc:postgresql:}. The unit is application-managed so that the URL, and
 * with it the database product, is chosen by configuration at start rather than by a container data
 * source fixed at deploy time. Before the unit opens, {@link ControlPlaneMigrations} brings the
 * database to the entities' schema.
 */
@ApplicationScoped
public class ControlPlaneDatabase {
  static final String UNIT = "controlplane";
  private static final Logger LOG = Logger.getLogger(ControlPlaneDatabase.class.getName());

  @Inject
  @ConfigProperty(name = "cairn.db.url")
  String url;

  @Inject
  @ConfigProperty(name = "cairn.db.user")
  Optional<String> user;

  @Inject
  @ConfigProperty(name = "cairn.db.password")
  Optional<String> password;

  @Produces
  @ApplicationScoped
  EntityManagerFactory entityManagerFactory() {
    Map<String, Object> properties = new HashMap<>();
    properties.put("jakarta.persistence.jdbc.url", url);
    properties.put("jakarta.persistence.jdbc.driver", driverFor(url));
    // The tables come from the versioned migrations, never from EclipseLink.
    properties.put("jakarta.persistence.schema-generation.database.action", "none");
    user.ifPresent(u -> properties.put("jakarta.persistence.jdbc.user", u));
    password.ifPresent(p -> properties.put("jakarta.persistence.jdbc.password", p));
    List<String> applied =
        ControlPlaneMigrations.migrate(url, user.orElse(null), password.orElse(null));
    if (!applied.isEmpty()) {
      LOG.info(
          "control-plane database migrated to version "
              + applied.get(applied.size() - 1)
              + " (applied "
              + applied
              + ")");
    }
    return Persistence.createEntityManagerFactory(UNIT, properties);
  }

  void close(@Disposes EntityManagerFactory factory) {
    factory.close();
  }

  static String driverFor(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      return "org.h2.Driver";
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return "org.postgresql.Driver";
    }
    throw new IllegalStateException(
        "cairn.db.url `"
            + jdbcUrl
            + "` names an unsupported database; use jdbc:h2:... or jdbc:postgresql://host/db");
  }
}
