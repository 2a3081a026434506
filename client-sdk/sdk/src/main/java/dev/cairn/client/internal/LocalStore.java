package dev.cairn.client.internal;

import dev.cairn.client.CairnException;
import dev.cairn.client.ModelField;
import dev.cairn.client.ModelType;
import dev.cairn.client.QueryPage;
import dev.cairn.client.QueryPredicate;
import dev.cairn.client.QuerySort;
import dev.cairn.client.StoreMigration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * The offline store: one SQLite file holding every model's records, the {@link Outbox} and the
 * per-model sync state. All access goes through {@link #transaction}, serialized by one lock, so a
 * record and its outbox entry are always written together or not at all. Thread-safe.
 */
public final class LocalStore implements AutoCloseable {
  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, ModelType<?>> types = new HashMap<>();
  private final Map<String, String> upserts = new HashMap<>();
  private final Map<String, String> selects = new HashMap<>();
  private final Map<String, String> lookups = new HashMap<>();
  private final Statements statements = new Statements();
  private final Outbox outbox = new Outbox(statements);
  private final StoreMigration migration;

  private LocalStore(Connection connection, List<ModelType<?>> types, StoreMigration migration) {
    this.connection = connection;
    this.migration = migration;
    for (ModelType<?> type : types) {
      this.types.put(type.name(), type);
      this.upserts.put(type.name(), upsertSql(type));
      this.selects.put(
          type.name(),
          "SELECT * FROM " + SqlTables.quote(type.name()) + " WHERE " + RecordKey.where(type));
    }
  }

  /**
   * Opens (creating when missing) the store at {@code file} and migrates it to {@code types} in one
   * transaction ({@link SchemaMigrator}).
   *
   * @throws CairnException {@code LocalStore} when the file cannot be opened or migrated; the file
   *     is then as it was (the migration's transaction rolled back), its records and outbox intact
   */
  public static LocalStore open(Path file, List<ModelType<?>> types) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      // The driver would otherwise run a fresh "SELECT last_insert_rowid()" after every INSERT
      // for getGeneratedKeys(), which the store never calls.
      Properties options = new Properties();
      options.setProperty("jdbc.get_generated_keys", "false");
      Connection connection =
          DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), options);
      try (Statement s = connection.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=NORMAL");
        s.execute("PRAGMA busy_timeout=5000");
      }
      connection.setAutoCommit(false);
      StoreMigration migration;
      try {
        migration = SchemaMigrator.migrate(connection, types);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        connection.close();
        throw new CairnException(
            "LocalStore",
            "cannot migrate the local store "
                + file
                + " to the app's models: "
                + e.getMessage()
                + "; nothing in it was changed, so the app version that wrote it still opens it",
            false,
            e);
      }
      return new LocalStore(connection, types, migration);
    } catch (SQLException | IOException e) {
      throw new CairnException(
          "LocalStore",
          "cannot open the local store " + file + ": " + e.getMessage() + "; check the path",
          false,
          e);
    }
  }

  /** Work run inside a transaction. */
  @FunctionalInterface
  public interface Work<R> {
    R run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} in one SQLite transaction under the store lock; commits when it returns,
   * rolls back when it throws.
   *
   * @throws CairnException {@code LocalStore} for SQL errors; a {@link CairnException} thrown by
   *     {@code work} is rethrown as is
   */
  public <R> R transaction(Work<R> work) {
    lock.lock();
    try {
      try {
        R result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          connection.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        if (e instanceof RuntimeException r) {
          throw r;
        }
        throw new CairnException("LocalStore", "local store failed: " + e.getMessage(), false, e);
      }
    } finally {
      lock.unlock();
    }
  }

  /** What opening did to bring the store to the app's models. */
  public StoreMigration migration() {
    return migration;
  }

  public Outbox outbox() {
    return outbox;
  }

  /** The record with the full primary key {@code key}, live or a tombstone. */
  public Optional<StoredRecord> get(Connection c, ModelType<?> type, RecordKey key)
      throws SQLException {
    PreparedStatement s = statements.get(c, selects.get(type.name()));
    key.bind(s, 1);
    try (ResultSet rs = s.executeQuery()) {
      return rs.next() ? Optional.of(SqlTables.read(type, rs)) : Optional.empty();
    }
  }

  /**
   * Like {@link #get(Connection, ModelType, RecordKey)} for a {@link RecordKey#text() key text}.
   */
  public Optional<StoredRecord> get(Connection c, ModelType<?> type, String keyText)
      throws SQLException {
    return get(c, type, RecordKey.parse(type, keyText));
  }

  /** Removes the row of {@code key} (no tombstone; for records leaving the sync scope). */
  void remove(Connection c, ModelType<?> type, RecordKey key) throws SQLException {
    PreparedStatement s =
        statements.get(
            c, "DELETE FROM " + SqlTables.quote(type.name()) + " WHERE " + RecordKey.where(type));
    key.bind(s, 1);
    s.executeUpdate();
  }

  /** A stored record's server metadata. */
  public record Metadata(int version, boolean deleted) {}

  /** Ids looked up per query by {@link #metadata} (a page of 1,000 takes 5 queries, not 1,000). */
  private static final int LOOKUP_CHUNK = 200;

  /**
   * The metadata of those of {@code keys} stored for {@code type}, by {@link RecordKey#text()}: for
   * a model keyed by {@code id}, {@link #LOOKUP_CHUNK} ids per query; otherwise one look-up per
   * key.
   */
  public Map<String, Metadata> metadata(Connection c, ModelType<?> type, List<RecordKey> keys)
      throws SQLException {
    Map<String, Metadata> found = new HashMap<>();
    if (!type.hasDefaultKey()) {
      for (RecordKey key : keys) {
        Optional<StoredRecord> stored = get(c, type, key);
        if (stored.isPresent()) {
          found.put(key.text(), new Metadata(stored.get().version(), stored.get().deleted()));
        }
      }
      return found;
    }
    List<String> ids = keys.stream().map(RecordKey::text).toList();
    PreparedStatement s =
        statements.get(c, lookups.computeIfAbsent(type.name(), LocalStore::lookupSql));
    for (int from = 0; from < ids.size(); from += LOOKUP_CHUNK) {
      for (int i = 0; i < LOOKUP_CHUNK; i++) {
        // Unused places are NULL, which matches no id: one statement for every chunk size.
        s.setString(i + 1, from + i < ids.size() ? ids.get(from + i) : null);
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          found.put(rs.getString(1), new Metadata(rs.getInt(2), rs.getInt(3) != 0));
        }
      }
    }
    return found;
  }

  private static String lookupSql(String model) {
    return "SELECT id, \"_version\", \"_deleted\" FROM "
        + SqlTables.quote(model)
        + " WHERE id IN ("
        + String.join(", ", Collections.nCopies(LOOKUP_CHUNK, "?"))
        + ")";
  }

  /** Inserts or replaces a record with its metadata. */
  public void put(Connection c, ModelType<?> type, StoredRecord record) throws SQLException {
    PreparedStatement s = statements.get(c, upserts.get(type.name()));
    int i = 1;
    for (ModelField field : type.fields()) {
      SqlTables.bind(s, i++, SqlTables.toSql(field, record.values().get(field.name())));
    }
    s.setInt(i++, record.version());
    s.setLong(i++, record.lastChangedAt());
    s.setInt(i, record.deleted() ? 1 : 0);
    s.executeUpdate();
  }

  /** Sets a record's server metadata without touching its fields. */
  public void putMetadata(
      Connection c, ModelType<?> type, RecordKey key, int version, long lastChangedAt)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE "
                + SqlTables.quote(type.name())
                + " SET \"_version\" = ?, \"_lastChangedAt\" = ? WHERE "
                + RecordKey.where(type))) {
      s.setInt(1, version);
      s.setLong(2, lastChangedAt);
      key.bind(s, 3);
      s.executeUpdate();
    }
  }

  /** Live (not deleted) records matching {@code predicate}, in {@code sort} order. */
  public List<StoredRecord> query(
      ModelType<?> type, QueryPredicate predicate, QuerySort sort, QueryPage page) {
    PredicateSql where = new PredicateSql(type);
    StringBuilder sql =
        new StringBuilder("SELECT * FROM ")
            .append(SqlTables.quote(type.name()))
            .append(" WHERE \"_deleted\" = 0 AND (")
            .append(where.where(predicate))
            .append(")");
    if (sort != null && !sort.keys().isEmpty()) {
      sql.append(" ORDER BY ")
          .append(
              sort.keys().stream()
                  .map(
                      k -> {
                        if (type.field(k.field()).isEmpty()) {
                          throw new CairnException(
                              "InvalidPredicate",
                              "cannot sort "
                                  + type.name()
                                  + " by unknown field `"
                                  + k.field()
                                  + "`");
                        }
                        return SqlTables.quote(k.field()) + (k.ascending() ? " ASC" : " DESC");
                      })
                  .collect(Collectors.joining(", ")));
    }
    if (page != null) {
      sql.append(" LIMIT ")
          .append(page.size())
          .append(" OFFSET ")
          .append((long) page.index() * page.size());
    }
    return transaction(
        c -> {
          List<StoredRecord> out = new ArrayList<>();
          try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (Object parameter : where.parameters()) {
              SqlTables.bind(s, i++, parameter);
            }
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                out.add(SqlTables.read(type, rs));
              }
            }
          }
          return out;
        });
  }

  /** The sync state of {@code model}: last sync and last full sync (ms), and its expression. */
  public record SyncState(long lastSync, long lastFullSync, String expression) {}

  public Optional<SyncState> syncState(Connection c, String model) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT * FROM " + SqlTables.SYNC_STATE + " WHERE model = ?")) {
      s.setString(1, model);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next()
            ? Optional.of(
                new SyncState(
                    rs.getLong("last_sync"),
                    rs.getLong("last_full_sync"),
                    rs.getString("expression")))
            : Optional.empty();
      }
    }
  }

  public void putSyncState(Connection c, String model, SyncState state) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT OR REPLACE INTO "
                + SqlTables.SYNC_STATE
                + " (model, last_sync, last_full_sync, expression) VALUES (?, ?, ?, ?)")) {
      s.setString(1, model);
      s.setLong(2, state.lastSync());
      s.setLong(3, state.lastFullSync());
      s.setString(4, state.expression());
      s.executeUpdate();
    }
  }

  /** Deletes every record, the outbox and the sync state. */
  public void clear() {
    transaction(
        c -> {
          try (Statement s = c.createStatement()) {
            for (String model : types.keySet()) {
              s.execute("DELETE FROM " + SqlTables.quote(model));
            }
            s.execute("DELETE FROM " + SqlTables.OUTBOX);
            s.execute("DELETE FROM " + SqlTables.SYNC_STATE);
          }
          outbox.release();
          return null;
        });
  }

  @Override
  public void close() {
    lock.lock();
    try {
      statements.closeAll();
      connection.close();
    } catch (SQLException e) {
      throw new CairnException("LocalStore", "closing the local store failed", false, e);
    } finally {
      lock.unlock();
    }
  }

  private static String upsertSql(ModelType<?> type) {
    List<String> columns = new ArrayList<>();
    type.fields().forEach(f -> columns.add(SqlTables.quote(f.name())));
    columns.add("\"_version\"");
    columns.add("\"_lastChangedAt\"");
    columns.add("\"_deleted\"");
    String placeholders = columns.stream().map(x -> "?").collect(Collectors.joining(", "));
    List<String> key = type.primaryKey().stream().map(SqlTables::quote).toList();
    String updates =
        columns.stream()
            .filter(col -> !key.contains(col))
            .map(col -> col + " = excluded." + col)
            .collect(Collectors.joining(", "));
    return "INSERT INTO "
        + SqlTables.quote(type.name())
        + " ("
        + String.join(", ", columns)
        + ") VALUES ("
        + placeholders
        + ") ON CONFLICT("
        + SqlTables.quotedKey(type)
        + ") DO UPDATE SET "
        + updates;
  }
}
