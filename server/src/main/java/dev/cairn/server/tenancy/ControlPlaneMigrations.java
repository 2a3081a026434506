package dev.cairn.server.tenancy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings a control-plane database to the schema the entities map, with the versioned SQL migrations
 * under {@code db/controlplane/<h2|postgresql>} (Flyway), before the persistence unit opens.
 * EclipseLink creates no tables.
 *
 * <p>A database that an older Cairn made before migrations existed has Cairn's tables but no
 * history table ({@value #HISTORY}). It is accepted only when it holds the tables of version 1 (the
 * first release's schema), is then baselined at version 1, and the later migrations run on it; they
 * are written to succeed on whatever EclipseLink's create-or-extend-tables had already added. A
 * database that holds other tables and no history is refused, so Cairn never writes into a database
 * it did not make.
 *
 * <p>Several nodes may start at once on one PostgreSQL database: Flyway takes a lock while it
 * migrates, and the others wait for it.
 */
public final class ControlPlaneMigrations {
  /** Flyway's history table in the control-plane database. */
  public static final String HISTORY = "cairn_schema_history";

  /** The tables of migration version 1, every one present in a database the first release made. */
  static final List<String> FIRST_RELEASE_TABLES =
      List.of(
          "cairn_tenant",
          "cairn_member",
          "cairn_api_key",
          "cairn_schema_version",
          "cairn_audit_event",
          "cairn_conflict_config",
          "cairn_conflict_model",
          "cairn_trusted_issuer");

  private ControlPlaneMigrations() {}

  /**
   * Migrates the database at {@code jdbcUrl} to the newest version.
   *
   * @param user the database user, or null when the URL needs none
   * @param password the user's password, or null
   * @return the versions applied by this call, oldest first (empty when it was up to date)
   * @throws IllegalStateException if the database holds tables but neither a migration history nor
   *     Cairn's first-release tables
   */
  public static List<String> migrate(String jdbcUrl, String user, String password) {
    FluentConfiguration config =
        Flyway.configure(ControlPlaneMigrations.class.getClassLoader())
            .dataSource(jdbcUrl, user, password)
            .locations("classpath:db/controlplane/" + vendor(jdbcUrl))
            .table(HISTORY)
            .baselineVersion("1")
            .baselineDescription("control plane made before migrations (checked)");
    config.baselineOnMigrate(needsBaseline(config.getDataSource(), jdbcUrl));
    MigrateResult result = config.load().migrate();
    List<String> applied = new ArrayList<>();
    result.migrations.forEach(m -> applied.add(m.version));
    return applied;
  }

  static String vendor(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      return "h2";
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return "postgresql";
    }
    throw new IllegalStateException(
        "cairn.db.url `"
            + jdbcUrl
            + "` names an unsupported database; use jdbc:h2:... or jdbc:postgresql://host/db");
  }

  /**
   * True when the database has no history table but tables of its own: then it must be a control
   * plane made before migrations, or it is refused.
   */
  private static boolean needsBaseline(DataSource dataSource, String jdbcUrl) {
    try (Connection connection = dataSource.getConnection()) {
      List<String> tables = tablesOfCurrentSchema(connection);
      if (tables.isEmpty() || tables.contains(HISTORY)) {
        return false;
      }
      List<String> missing = new ArrayList<>(FIRST_RELEASE_TABLES);
      missing.removeAll(tables);
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "the control-plane database at cairn.db.url `"
                + jdbcUrl
                + "` holds tables "
                + tables
                + " but no migration history ("
                + HISTORY
                + ") and not Cairn's tables "
                + missing
                + "; point cairn.db.url at an empty database or at one Cairn made");
      }
      return true;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not read the tables of the control-plane database at `" + jdbcUrl + "`", e);
    }
  }

  private static List<String> tablesOfCurrentSchema(Connection connection) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (ResultSet rs =
        connection
            .getMetaData()
            .getTables(
                connection.getCatalog(), connection.getSchema(), "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        tables.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
      }
    }
    return tables;
  }
}
