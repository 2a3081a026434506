package dev.cairn.server.tenancy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The control-plane persistence unit ({@code controlplane}, EclipseLink) on the JDBC URL in {@code
 * cairn.db.url} ({@code CAIRN_DB_URL}): an H2 file under the data directory by default, PostgreSQL
 * when the URL says {@code jdbc:postgresql:}. The unit is application-managed so that the URL, and
 * with it the database product, is chosen by configuration at start rather than by a container data
 * source fixed at deploy time.
 */
@ApplicationScoped
public class ControlPlaneDatabase {
  static final String UNIT = "controlplane";

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
    // Create missing tables and add missing columns, so a data directory made by an older version
    // keeps working. Set here rather than in persistence.xml, which the container also reads.
    properties.put("jakarta.persistence.schema-generation.database.action", "none");
    properties.put("eclipselink.ddl-generation", "create-or-extend-tables");
    properties.put("eclipselink.ddl-generation.output-mode", "database");
    user.ifPresent(u -> properties.put("jakarta.persistence.jdbc.user", u));
    password.ifPresent(p -> properties.put("jakarta.persistence.jdbc.password", p));
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
