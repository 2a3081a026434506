package dev.cairn.client.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Prepared statements of the store's one connection, prepared once and reused (SQLite compiles a
 * statement on every prepare; the hot paths of save and merge run thousands a second). Used only
 * under the store lock.
 */
final class Statements {
  private final Map<String, PreparedStatement> cache = new HashMap<>();

  PreparedStatement get(Connection c, String sql) throws SQLException {
    PreparedStatement statement = cache.get(sql);
    if (statement == null) {
      statement = c.prepareStatement(sql);
      cache.put(sql, statement);
    }
    statement.clearParameters();
    return statement;
  }

  void closeAll() {
    for (PreparedStatement s : cache.values()) {
      try {
        s.close();
      } catch (SQLException ignored) {
        // closing the connection next closes it anyway
      }
    }
    cache.clear();
  }
}
