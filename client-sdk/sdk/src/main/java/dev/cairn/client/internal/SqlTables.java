package dev.cairn.client.internal;

import dev.cairn.client.FieldKind;
import dev.cairn.client.ModelField;
import dev.cairn.client.ModelType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SQLite layout: one table per model named after it, a typed column per stored field (lists and
 * embedded values as JSON text), the metadata columns {@code _version}, {@code _lastChangedAt},
 * {@code _deleted}, indexes on {@code @index} fields; the primary key is {@code id}, or for a
 * {@code @primaryKey} model the key fields together; plus the outbox and the per-model sync state.
 * {@link #migrate} creates what is missing and adds new columns, so a schema that only grew keeps
 * its data. Stateless.
 */
final class SqlTables {
  static final String OUTBOX = "_cairn_outbox";
  static final String SYNC_STATE = "_cairn_sync_state";

  private SqlTables() {}

  static void migrate(Connection connection, List<ModelType<?>> types) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + OUTBOX
              + " (seq INTEGER PRIMARY KEY AUTOINCREMENT, model TEXT NOT NULL, record_id TEXT NOT"
              + " NULL, mutation TEXT NOT NULL, data TEXT NOT NULL, condition TEXT)");
      s.execute(
          "CREATE INDEX IF NOT EXISTS _cairn_outbox_record ON " + OUTBOX + " (model, record_id)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + SYNC_STATE
              + " (model TEXT PRIMARY KEY, last_sync INTEGER, last_full_sync INTEGER, expression"
              + " TEXT)");
      for (ModelType<?> type : types) {
        StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS ");
        ddl.append(quote(type.name())).append(" (");
        boolean compositeKey = !type.hasDefaultKey();
        for (ModelField field : type.fields()) {
          ddl.append(quote(field.name())).append(' ').append(sqlType(field));
          if (!compositeKey && field.name().equals("id")) {
            ddl.append(" PRIMARY KEY");
          } else if (compositeKey && type.primaryKey().contains(field.name())) {
            ddl.append(" NOT NULL");
          }
          ddl.append(", ");
        }
        ddl.append(
            "\"_version\" INTEGER NOT NULL DEFAULT 0, \"_lastChangedAt\" INTEGER NOT NULL DEFAULT"
                + " 0, \"_deleted\" INTEGER NOT NULL DEFAULT 0");
        if (compositeKey) {
          // A @primaryKey (with its sort key fields): one row per full key.
          ddl.append(", PRIMARY KEY (").append(quotedKey(type)).append(')');
        }
        ddl.append(')');
        s.execute(ddl.toString());
        Set<String> existing = columns(connection, type.name());
        for (ModelField field : type.fields()) {
          if (!existing.contains(field.name())) {
            s.execute(
                "ALTER TABLE "
                    + quote(type.name())
                    + " ADD COLUMN "
                    + quote(field.name())
                    + " "
                    + sqlType(field));
          }
        }
        for (String indexed : type.indexedFields()) {
          s.execute(
              "CREATE INDEX IF NOT EXISTS "
                  + quote("_idx_" + type.name() + "_" + indexed)
                  + " ON "
                  + quote(type.name())
                  + " ("
                  + quote(indexed)
                  + ")");
        }
      }
    }
  }

  private static Set<String> columns(Connection connection, String table) throws SQLException {
    Set<String> names = new HashSet<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA table_info(" + quote(table) + ")")) {
      while (rs.next()) {
        names.add(rs.getString("name"));
      }
    }
    return names;
  }

  static String sqlType(ModelField field) {
    if (field.storedAsJson()) {
      return "TEXT";
    }
    return switch (field.kind()) {
      case INT, LONG, BOOLEAN -> "INTEGER";
      case FLOAT -> "REAL";
      default -> "TEXT";
    };
  }

  /** The key columns of {@code type}, quoted, in key order: {@code "k1", "k2"}. */
  static String quotedKey(ModelType<?> type) {
    return String.join(", ", type.primaryKey().stream().map(SqlTables::quote).toList());
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** The SQL parameter for a normalized wire value of {@code field}. */
  static Object toSql(ModelField field, Object value) {
    if (value == null) {
      return null;
    }
    if (field.storedAsJson()) {
      return Json.write(value);
    }
    if (field.kind() == FieldKind.BOOLEAN) {
      return Boolean.TRUE.equals(value) ? 1L : 0L;
    }
    return value;
  }

  static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.NULL);
    } else if (value instanceof Long l) {
      statement.setLong(index, l);
    } else if (value instanceof Double d) {
      statement.setDouble(index, d);
    } else {
      statement.setObject(index, value);
    }
  }

  /** Reads the current row of {@code rs} as a stored record of {@code type}. */
  static StoredRecord read(ModelType<?> type, ResultSet rs) throws SQLException {
    Map<String, Object> values = new LinkedHashMap<>();
    for (ModelField field : type.fields()) {
      values.put(field.name(), column(field, rs));
    }
    return new StoredRecord(
        values, rs.getInt("_version"), rs.getLong("_lastChangedAt"), rs.getInt("_deleted") != 0);
  }

  private static Object column(ModelField field, ResultSet rs) throws SQLException {
    String name = field.name();
    if (field.storedAsJson()) {
      String text = rs.getString(name);
      return text == null ? null : Json.parse(text);
    }
    switch (field.kind()) {
      case INT, LONG, BOOLEAN -> {
        long value = rs.getLong(name);
        if (rs.wasNull()) {
          return null;
        }
        return field.kind() == FieldKind.BOOLEAN ? (Object) (value != 0) : (Object) value;
      }
      case FLOAT -> {
        double value = rs.getDouble(name);
        return rs.wasNull() ? null : value;
      }
      default -> {
        return rs.getString(name);
      }
    }
  }
}
