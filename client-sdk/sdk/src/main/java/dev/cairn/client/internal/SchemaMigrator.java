package dev.cairn.client.internal;

import dev.cairn.client.CairnException;
import dev.cairn.client.ModelField;
import dev.cairn.client.ModelType;
import dev.cairn.client.MutationDroppedException;
import dev.cairn.client.MutationType;
import dev.cairn.client.StoreMigration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Brings a store to the app's models, inside the caller's one transaction (a failure leaves the
 * store as it was). The store keeps each model's storage shape in {@code _cairn_schema}; a model
 * whose shape changed compatibly gets {@code ALTER TABLE ... ADD COLUMN} and {@code CREATE INDEX}
 * and remembers the new fields, which a sync restricted to records holding them fills later ({@link
 * #pendingFill}); a model with an incompatible change gets a new table and a base sync, keeping the
 * records and outbox entries the outbox still needs when they fit the new shape and reporting the
 * others ({@link StoreMigration#dropped()}). Tables the migrator does not know (a model the app
 * dropped, the SDK's own tables) are left alone. Stateless.
 */
final class SchemaMigrator {
  static final String SCHEMA = "_cairn_schema";

  private SchemaMigrator() {}

  static StoreMigration migrate(Connection c, List<ModelType<?>> types) throws SQLException {
    StoreMeta.create(c);
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + SCHEMA
              + " (model TEXT PRIMARY KEY, shape TEXT NOT NULL, fill TEXT)");
    }
    String previousHash = StoreMeta.get(c, StoreMeta.SCHEMA_HASH).orElse(null);
    String hash = ModelShapes.hash(types);
    Map<String, Map<String, Object>> stored = storedShapes(c);
    List<String> created = new ArrayList<>();
    Map<String, List<String>> migrated = new LinkedHashMap<>();
    Map<String, String> rebuilt = new LinkedHashMap<>();
    List<MutationDroppedException> dropped = new ArrayList<>();
    Map<String, List<Carried>> carried = new LinkedHashMap<>();
    if (!hash.equals(previousHash)) {
      for (ModelType<?> type : types) {
        Map<String, Object> shape = stored.get(type.name());
        if (shape == null) {
          if (!tableExists(c, type.name())) {
            created.add(type.name());
          }
          // else: a store from before shapes were recorded; its columns are completed below.
          continue;
        }
        ModelShapes.Diff diff = ModelShapes.diff(shape, type);
        switch (diff.change()) {
          case COMPATIBLE -> {
            migrated.put(type.name(), diff.fill());
            dropRemovedIndexes(c, type, shape);
          }
          case INCOMPATIBLE -> {
            rebuilt.put(type.name(), diff.reason());
            carried.put(type.name(), takePending(c, type, shape));
          }
          default -> {}
        }
      }
    }
    SqlTables.migrate(c, types);
    int kept = 0;
    for (Map.Entry<String, List<Carried>> model : carried.entrySet()) {
      ModelType<?> type =
          types.stream().filter(t -> t.name().equals(model.getKey())).findFirst().orElseThrow();
      String reason = rebuilt.get(type.name());
      for (Carried record : model.getValue()) {
        kept += restore(c, type, stored.get(type.name()), record, reason, dropped);
      }
      try (PreparedStatement s =
          c.prepareStatement("DELETE FROM " + SqlTables.SYNC_STATE + " WHERE model = ?")) {
        s.setString(1, type.name());
        s.executeUpdate();
      }
    }
    for (ModelType<?> type : types) {
      List<String> fill = new ArrayList<>(pendingFill(c, type.name()));
      for (String f : migrated.getOrDefault(type.name(), List.of())) {
        if (!fill.contains(f)) {
          fill.add(f);
        }
      }
      if (rebuilt.containsKey(type.name())) {
        fill.clear();
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT OR REPLACE INTO " + SCHEMA + " (model, shape, fill) VALUES (?, ?, ?)")) {
        s.setString(1, type.name());
        s.setString(2, Json.write(ModelShapes.of(type)));
        s.setString(3, fill.isEmpty() ? null : Json.write(fill));
        s.executeUpdate();
      }
    }
    StoreMeta.put(c, StoreMeta.SCHEMA_HASH, hash);
    return new StoreMigration(previousHash, hash, created, migrated, rebuilt, kept, dropped);
  }

  /** The fields of {@code model} a restricted sync still has to fill. */
  static List<String> pendingFill(Connection c, String model) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT fill FROM " + SCHEMA + " WHERE model = ?")) {
      s.setString(1, model);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next() || rs.getString(1) == null) {
          return List.of();
        }
        List<String> out = new ArrayList<>();
        ((List<?>) Json.parse(rs.getString(1))).forEach(f -> out.add((String) f));
        return out;
      }
    }
  }

  /** Records that the fields of {@code model} are filled. */
  static void filled(Connection c, String model) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("UPDATE " + SCHEMA + " SET fill = NULL WHERE model = ?")) {
      s.setString(1, model);
      s.executeUpdate();
    }
  }

  /**
   * A record with pending outbox entries, as it was stored under the old shape; {@code id} is its
   * key text under the old key ({@code oldKey}).
   */
  private record Carried(
      String id,
      RecordKey oldKey,
      Map<String, Object> columns,
      int version,
      long lastChangedAt,
      boolean deleted,
      List<PendingMutation> entries) {}

  /**
   * Reads the records of {@code type} that have outbox entries, with their entries, removes the
   * entries and drops the table.
   */
  private static List<Carried> takePending(
      Connection c, ModelType<?> type, Map<String, Object> oldShape) throws SQLException {
    List<ModelField> oldKeyFields = ModelShapes.keyFields(oldShape);
    Map<String, List<PendingMutation>> byRecord = new LinkedHashMap<>();
    try (PreparedStatement s =
        c.prepareStatement("SELECT * FROM " + SqlTables.OUTBOX + " WHERE model = ? ORDER BY seq")) {
      s.setString(1, type.name());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String condition = rs.getString("condition");
          PendingMutation entry =
              new PendingMutation(
                  rs.getLong("seq"),
                  type.name(),
                  rs.getString("record_id"),
                  MutationType.valueOf(rs.getString("mutation")),
                  Json.parseObject(rs.getString("data")),
                  condition == null ? null : Json.parseObject(condition));
          byRecord.computeIfAbsent(entry.recordId(), k -> new ArrayList<>()).add(entry);
        }
      }
    }
    List<Carried> out = new ArrayList<>();
    for (Map.Entry<String, List<PendingMutation>> record : byRecord.entrySet()) {
      RecordKey oldKey = RecordKey.parse(type.name(), oldKeyFields, record.getKey());
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT * FROM "
                  + SqlTables.quote(type.name())
                  + " WHERE "
                  + RecordKey.where(ModelShapes.key(oldShape)))) {
        oldKey.bind(s, 1);
        try (ResultSet rs = s.executeQuery()) {
          Map<String, Object> columns = new LinkedHashMap<>();
          if (rs.next()) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
              columns.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
            }
            out.add(
                new Carried(
                    record.getKey(),
                    oldKey,
                    columns,
                    rs.getInt("_version"),
                    rs.getLong("_lastChangedAt"),
                    rs.getInt("_deleted") != 0,
                    record.getValue()));
          } else {
            out.add(new Carried(record.getKey(), oldKey, columns, 0, 0, false, record.getValue()));
          }
        }
      }
    }
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM " + SqlTables.OUTBOX + " WHERE model = ?")) {
      s.setString(1, type.name());
      s.executeUpdate();
    }
    try (Statement s = c.createStatement()) {
      s.execute("DROP TABLE " + SqlTables.quote(type.name()));
    }
    return out;
  }

  /**
   * Writes a carried record into the rebuilt table when its entries fit the new shape (returns how
   * many entries were kept), else removes its entries and reports each.
   */
  private static int restore(
      Connection c,
      ModelType<?> type,
      Map<String, Object> oldShape,
      Carried record,
      String reason,
      List<MutationDroppedException> dropped)
      throws SQLException {
    Map<String, Object> values = new LinkedHashMap<>();
    Set<String> unknown = new LinkedHashSet<>();
    for (ModelField field : type.fields()) {
      Object raw = record.columns().get(field.name());
      if (raw != null && ModelShapes.sameStorage(oldShape, field.name(), field)) {
        values.put(field.name(), fromColumn(field, raw));
      }
    }
    for (PendingMutation entry : record.entries()) {
      for (Map.Entry<String, Object> data : entry.data().entrySet()) {
        ModelField field = type.field(data.getKey()).orElse(null);
        if (field == null || field.readOnly()) {
          unknown.add(data.getKey());
        } else {
          values.put(data.getKey(), Values.normalize(data.getValue()));
        }
      }
    }
    if (ModelShapes.key(oldShape).equals(type.primaryKey())) {
      values.putAll(record.oldKey().asMap());
    }
    String problem = unknown.isEmpty() ? null : "fields " + unknown + " are not in the model";
    boolean onlyDeletes =
        record.entries().stream().allMatch(e -> e.mutation() == MutationType.DELETE);
    RecordKey key = null;
    try {
      key = RecordKey.of(type, values);
    } catch (CairnException e) {
      problem = problem == null ? e.getMessage() : problem;
    }
    if (problem == null && !onlyDeletes) {
      try {
        Values.validate(type, values);
      } catch (CairnException e) {
        problem = e.getMessage();
      }
    }
    if (problem != null) {
      for (PendingMutation entry : record.entries()) {
        dropped.add(
            new MutationDroppedException(
                type.name(), record.id(), entry.mutation(), entry.data(), reason + "; " + problem));
      }
      return 0;
    }
    StringBuilder columns = new StringBuilder();
    StringBuilder marks = new StringBuilder();
    List<Object> parameters = new ArrayList<>();
    for (ModelField field : type.fields()) {
      columns.append(SqlTables.quote(field.name())).append(", ");
      marks.append("?, ");
      parameters.add(SqlTables.toSql(field, values.get(field.name())));
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO "
                + SqlTables.quote(type.name())
                + " ("
                + columns
                + "\"_version\", \"_lastChangedAt\", \"_deleted\") VALUES ("
                + marks
                + "?, ?, ?)")) {
      int i = 1;
      for (Object parameter : parameters) {
        SqlTables.bind(s, i++, parameter);
      }
      s.setInt(i++, record.version());
      s.setLong(i++, record.lastChangedAt());
      s.setInt(i, record.deleted() ? 1 : 0);
      s.executeUpdate();
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO "
                + SqlTables.OUTBOX
                + " (seq, model, record_id, mutation, data, condition) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (PendingMutation entry : record.entries()) {
        s.setLong(1, entry.seq());
        s.setString(2, type.name());
        s.setString(3, key.text());
        s.setString(4, entry.mutation().name());
        s.setString(5, Json.write(entry.data()));
        s.setString(6, entry.condition() == null ? null : Json.write(entry.condition()));
        s.executeUpdate();
      }
    }
    return record.entries().size();
  }

  private static Object fromColumn(ModelField field, Object raw) {
    if (field.storedAsJson() && raw instanceof String text) {
      return Json.parse(text);
    }
    if (raw instanceof Integer i) {
      return field.kind() == dev.cairn.client.FieldKind.BOOLEAN
          ? (Object) (i != 0)
          : (Object) i.longValue();
    }
    if (raw instanceof Long l && field.kind() == dev.cairn.client.FieldKind.BOOLEAN) {
      return l != 0;
    }
    return Values.normalize(raw);
  }

  private static void dropRemovedIndexes(Connection c, ModelType<?> type, Map<String, Object> shape)
      throws SQLException {
    Object indexes = shape.get("indexes");
    if (!(indexes instanceof List<?> old)) {
      return;
    }
    try (Statement s = c.createStatement()) {
      for (Object field : old) {
        if (!type.indexedFields().contains(String.valueOf(field))) {
          s.execute("DROP INDEX IF EXISTS " + SqlTables.quote("_idx_" + type.name() + "_" + field));
        }
      }
    }
  }

  private static Map<String, Map<String, Object>> storedShapes(Connection c) throws SQLException {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT model, shape FROM " + SCHEMA)) {
      while (rs.next()) {
        out.put(rs.getString(1), Json.parseObject(rs.getString(2)));
      }
    }
    return out;
  }

  private static boolean tableExists(Connection c, String name) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }
}
