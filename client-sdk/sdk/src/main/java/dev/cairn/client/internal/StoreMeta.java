package dev.cairn.client.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Facts about the store itself, as text under a key in table {@code _cairn_meta}: its schema hash,
 * the user it belongs to, the groups of that user's last token. Every method takes the connection
 * of a transaction the caller holds. Stateless.
 */
final class StoreMeta {
  static final String TABLE = "_cairn_meta";
  static final String SCHEMA_HASH = "schema_hash";
  static final String USER = "user";
  static final String GROUPS = "groups";

  private StoreMeta() {}

  static void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (key TEXT PRIMARY KEY, value TEXT)");
    }
  }

  static Optional<String> get(Connection c, String key) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT value FROM " + TABLE + " WHERE key = ?")) {
      s.setString(1, key);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    }
  }

  static void put(Connection c, String key, String value) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("INSERT OR REPLACE INTO " + TABLE + " (key, value) VALUES (?, ?)")) {
      s.setString(1, key);
      s.setString(2, value);
      s.executeUpdate();
    }
  }
}
