package dev.cairn.server.tenancy;

import dev.cairn.spec.ModelSchemaParser;
import dev.cairn.spec.SchemaHash;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A control-plane database as the first release left it: the tables EclipseLink created for that
 * release's entities (the same statements as migration version 1, which was taken from them), no
 * migration history, and rows written as that release wrote them.
 */
public final class FirstReleaseControlPlane {
  private FirstReleaseControlPlane() {}

  /** Creates the first release's tables, without a migration history. */
  public static void createTables(Connection connection, String vendor) throws SQLException {
    String script =
        resource("db/controlplane/" + vendor + "/V1__control_plane_of_the_first_release.sql");
    try (Statement statement = connection.createStatement()) {
      for (String sql : script.split(";\\s*\\n")) {
        String code =
            sql.lines().filter(l -> !l.startsWith("--")).reduce("", (a, b) -> a + b + "\n");
        if (!code.isBlank()) {
          statement.execute(code);
        }
      }
    }
  }

  /**
   * Adds an active tenant {@code slug} with {@code sdl} as its active schema version 1 and an API
   * key that never expires, as the first release stored them.
   *
   * @return the plaintext API key
   */
  public static String addTenant(Connection connection, String slug, String sdl)
      throws SQLException {
    long now = System.currentTimeMillis();
    insert(
        connection,
        "INSERT INTO cairn_tenant (SLUG, CREATEDATMILLIS, CREATEDBY, NAME, STATUS)"
            + " VALUES (?, ?, 'first-release', ?, 'ACTIVE')",
        slug,
        now,
        slug);
    insert(
        connection,
        "INSERT INTO cairn_schema_version (ID, ACTIVE, AUTHOR, CREATEDATMILLIS, HASH, NUMBER, SDL,"
            + " TENANT) VALUES (?, TRUE, 'first-release', ?, ?, 1, ?, ?)",
        UUID.randomUUID().toString(),
        now,
        SchemaHash.of(ModelSchemaParser.parse("schema.graphql", sdl).schema().orElseThrow()),
        sdl,
        slug);
    String key = "da2-" + UUID.randomUUID().toString().replace("-", "");
    insert(
        connection,
        "INSERT INTO cairn_api_key (ID, CREATEDATMILLIS, DESCRIPTION, EXPIRESATMILLIS, HASH, PREFIX,"
            + " TENANT) VALUES (?, ?, 'made by the first release', ?, ?, ?, ?)",
        UUID.randomUUID().toString(),
        now,
        now + 365L * 24 * 3600 * 1000,
        ApiKeySecrets.hash(key),
        key.substring(0, 8),
        slug);
    return key;
  }

  private static void insert(Connection connection, String sql, Object... values)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      statement.executeUpdate();
    }
  }

  private static String resource(String path) {
    try (InputStream in =
        FirstReleaseControlPlane.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
