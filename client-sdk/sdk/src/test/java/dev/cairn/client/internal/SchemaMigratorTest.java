package dev.cairn.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.client.CairnException;
import dev.cairn.client.FieldKind;
import dev.cairn.client.ModelField;
import dev.cairn.client.ModelType;
import dev.cairn.client.MutationDroppedException;
import dev.cairn.client.MutationType;
import dev.cairn.client.QueryPredicate;
import dev.cairn.client.StoreMigration;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local schema migration on a real SQLite file: what an app upgrade does to a store that holds
 * synced records and pending outbox entries.
 */
class SchemaMigratorTest {
  @TempDir Path dir;

  /** {@code Item} v1: name (required), size, colour-less; {@code Other} never changes. */
  static ModelType<Map<String, Object>> itemV1() {
    return model("Item", "Items")
        .field(ModelField.of("id", FieldKind.ID, true))
        .field(ModelField.of("name", FieldKind.STRING, true))
        .field(ModelField.of("size", FieldKind.INT, true))
        .field(ModelField.enumeration("kind", false, List.of("A", "B")))
        .build();
  }

  /** v2, compatible: a new optional field, a new enum value, a new index, size made optional. */
  static ModelType<Map<String, Object>> itemV2() {
    return model("Item", "Items")
        .field(ModelField.of("id", FieldKind.ID, true))
        .field(ModelField.of("name", FieldKind.STRING, true))
        .field(ModelField.of("size", FieldKind.INT, false))
        .field(ModelField.enumeration("kind", false, List.of("A", "B", "C")))
        .field(ModelField.of("color", FieldKind.STRING, false))
        .index("name")
        .build();
  }

  /** v3, incompatible: {@code size} removed. */
  static ModelType<Map<String, Object>> itemV3() {
    return model("Item", "Items")
        .field(ModelField.of("id", FieldKind.ID, true))
        .field(ModelField.of("name", FieldKind.STRING, true))
        .field(ModelField.enumeration("kind", false, List.of("A", "B", "C")))
        .field(ModelField.of("color", FieldKind.STRING, false))
        .index("name")
        .build();
  }

  static ModelType<Map<String, Object>> other() {
    return model("Other", "Others")
        .field(ModelField.of("id", FieldKind.ID, true))
        .field(ModelField.of("text", FieldKind.STRING, true))
        .build();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static ModelType.Builder<Map<String, Object>> model(String name, String plural) {
    ModelType.Builder<Map<String, Object>> b =
        (ModelType.Builder) ModelType.builder(Map.class, name, plural);
    return b.codec(m -> m, m -> m);
  }

  @Test
  void aCompatibleUpgradeMigratesInPlaceKeepingEveryRecordAndOutboxEntry() throws Exception {
    Path file = dir.resolve("app.db");
    try (LocalStore v1 = LocalStore.open(file, List.of(itemV1(), other()))) {
      new Merger(v1).merge(itemV1(), List.of(server("s1", "synced", 3, 1)));
      new LocalWrites(v1).save(itemV1(), values("p1", "pending", 5), null);
      syncState(v1, "Item", 1234);
    }

    try (LocalStore v2 = LocalStore.open(file, List.of(itemV2(), other()))) {
      StoreMigration m = v2.migration();

      assertThat(m.migrated()).containsExactly(Map.entry("Item", List.of("color")));
      assertThat(m.rebuilt()).isEmpty();
      assertThat(m.created()).isEmpty();
      assertThat(m.previousHash()).isNotNull().isNotEqualTo(m.hash());
      assertThat(ids(v2, itemV2())).containsExactlyInAnyOrder("s1", "p1");
      assertThat(v2.query(itemV2(), QueryPredicate.all(), null, null))
          .allSatisfy(r -> assertThat(r.values()).containsEntry("color", null));
      assertThat(outbox(v2)).containsExactly("Item p1 CREATE");
      assertThat(indexes(v2, "Item")).contains("_idx_Item_name");
      assertThat(state(v2, "Item")).isPresent();
      assertThat(fill(v2, "Item")).containsExactly("color");
      assertThat(fill(v2, "Other")).isEmpty();
    }
    try (LocalStore again = LocalStore.open(file, List.of(itemV2(), other()))) {
      assertThat(again.migration().unchanged()).isTrue();
      assertThat(fill(again, "Item"))
          .as("a fill not yet run survives a restart")
          .containsExactly("color");
    }
  }

  @Test
  void anIncompatibleUpgradeRebuildsOnlyTheAffectedModelMigratingFittingEntriesAndReportingTheRest()
      throws Exception {
    Path file = dir.resolve("app.db");
    try (LocalStore v2 = LocalStore.open(file, List.of(itemV2(), other()))) {
      Merger merger = new Merger(v2);
      merger.merge(itemV2(), List.of(server("s1", "synced", 3, 1), server("s2", "other", 4, 1)));
      merger.merge(other(), List.of(Map.of("id", "o1", "text", "kept", "_version", 1)));
      LocalWrites writes = new LocalWrites(v2);
      Map<String, Object> renamed = new LinkedHashMap<>(values("s1", "renamed", 3));
      writes.save(itemV2(), renamed, null);
      writes.save(itemV2(), values("p1", "new with size", 7), null);
      writes.save(other(), Map.of("id", "o2", "text", "offline"), null);
      syncState(v2, "Item", 1234);
      syncState(v2, "Other", 5678);
    }
    List<String> before = List.of("Item s1 UPDATE", "Item p1 CREATE", "Other o2 CREATE");

    try (LocalStore v3 = LocalStore.open(file, List.of(itemV3(), other()))) {
      StoreMigration m = v3.migration();

      assertThat(m.rebuilt()).containsOnlyKeys("Item");
      assertThat(m.rebuilt().get("Item")).contains("`size` was removed");
      assertThat(m.migratedMutations()).isEqualTo(1);
      assertThat(m.dropped())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.model()).isEqualTo("Item");
                assertThat(d.recordId()).isEqualTo("p1");
                assertThat(d.mutation()).isEqualTo(MutationType.CREATE);
                assertThat(d.data())
                    .containsEntry("name", "new with size")
                    .containsEntry("size", 7L);
                assertThat(d.errorType()).isEqualTo("MutationDropped");
              });
      assertThat(outbox(v3)).containsExactly("Item s1 UPDATE", "Other o2 CREATE");
      assertThat(before).contains(outbox(v3).toArray(String[]::new));
      assertThat(record(v3, itemV3(), "s1"))
          .hasValueSatisfying(
              r -> {
                assertThat(r.values()).containsEntry("name", "renamed");
                assertThat(r.version()).isEqualTo(1);
              });
      assertThat(ids(v3, itemV3()))
          .as("records without pending entries base-sync")
          .containsOnly("s1");
      assertThat(ids(v3, other())).containsExactlyInAnyOrder("o1", "o2");
      assertThat(state(v3, "Item")).as("Item base-syncs").isEmpty();
      assertThat(state(v3, "Other")).isPresent();
      assertThat(columns(v3, "Item")).doesNotContain("size");
    }
  }

  @Test
  void aRecordWhoseNewShapeIsInvalidHasItsEntriesReportedNotKept() throws Exception {
    Path file = dir.resolve("app.db");
    ModelType<Map<String, Object>> colourRequired =
        model("Item", "Items")
            .field(ModelField.of("id", FieldKind.ID, true))
            .field(ModelField.of("name", FieldKind.STRING, true))
            .field(ModelField.of("size", FieldKind.INT, false))
            .field(ModelField.enumeration("kind", false, List.of("A", "B", "C")))
            .field(ModelField.of("color", FieldKind.STRING, true))
            .index("name")
            .build();
    try (LocalStore v2 = LocalStore.open(file, List.of(itemV2()))) {
      new LocalWrites(v2).save(itemV2(), values("p1", "no colour", 1), null);
    }
    List<MutationDroppedException> dropped;
    try (LocalStore v4 = LocalStore.open(file, List.of(colourRequired))) {
      dropped = v4.migration().dropped();
      assertThat(outbox(v4)).isEmpty();
      assertThat(v4.migration().rebuilt().get("Item")).contains("`color` was made required");
    }
    assertThat(dropped)
        .singleElement()
        .satisfies(d -> assertThat(d.getMessage()).contains("color"));
  }

  @Test
  void aMigrationThatFailsLeavesTheStoreAsItWasUsableByTheOldAppAndSaysWhy() throws Exception {
    Path file = dir.resolve("app.db");
    try (LocalStore v1 = LocalStore.open(file, List.of(itemV1(), other()))) {
      new Merger(v1).merge(itemV1(), List.of(server("s1", "synced", 3, 1)));
      new LocalWrites(v1).save(itemV1(), values("p1", "pending", 5), null);
      syncState(v1, "Item", 1234);
    }
    // The fault: recording v2's shape of Item fails, after its column and index were added.
    sql(
        file,
        "CREATE TRIGGER injected_fault BEFORE INSERT ON _cairn_schema"
            + " WHEN NEW.shape LIKE '%color%' BEGIN SELECT RAISE(ABORT, 'injected fault'); END");
    String before = snapshot(file);

    assertThatThrownBy(() -> LocalStore.open(file, List.of(itemV2(), other())))
        .isInstanceOfSatisfying(
            CairnException.class,
            e -> {
              assertThat(e.errorType()).isEqualTo("LocalStore");
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.getMessage())
                  .contains("cannot migrate the local store " + file)
                  .contains("injected fault")
                  .contains("nothing in it was changed");
            });

    assertThat(snapshot(file)).isEqualTo(before);
    try (LocalStore v1 = LocalStore.open(file, List.of(itemV1(), other()))) {
      assertThat(v1.migration().unchanged()).isTrue();
      assertThat(columns(v1, "Item")).doesNotContain("color");
      assertThat(indexes(v1, "Item")).doesNotContain("_idx_Item_name");
      assertThat(ids(v1, itemV1())).containsExactlyInAnyOrder("s1", "p1");
      assertThat(outbox(v1)).containsExactly("Item p1 CREATE");
      assertThat(state(v1, "Item")).isPresent();
      new LocalWrites(v1).save(itemV1(), values("p2", "after the failure", 1), null);
      assertThat(outbox(v1)).containsExactly("Item p1 CREATE", "Item p2 CREATE");
    }
    sql(file, "DROP TRIGGER injected_fault");
    try (LocalStore v2 = LocalStore.open(file, List.of(itemV2(), other()))) {
      assertThat(v2.migration().migrated()).containsExactly(Map.entry("Item", List.of("color")));
      assertThat(outbox(v2)).containsExactly("Item p1 CREATE", "Item p2 CREATE");
    }
  }

  @Test
  void anOptionalFieldAddedToAnEmbeddedTypeMigratesInPlaceAndKeepsStoredValues() throws Exception {
    ModelField streetOnly =
        ModelField.embedded(
            "address", false, List.of(ModelField.of("street", FieldKind.STRING, true)));
    ModelField withZip =
        ModelField.embedded(
            "address",
            false,
            List.of(
                ModelField.of("street", FieldKind.STRING, true),
                ModelField.of("zip", FieldKind.STRING, false)));
    ModelType<Map<String, Object>> placeV1 =
        model("Place", "Places")
            .field(ModelField.of("id", FieldKind.ID, true))
            .field(streetOnly)
            .build();
    ModelType<Map<String, Object>> placeV2 =
        model("Place", "Places")
            .field(ModelField.of("id", FieldKind.ID, true))
            .field(withZip)
            .build();
    Path file = dir.resolve("app.db");
    try (LocalStore v1 = LocalStore.open(file, List.of(placeV1))) {
      Map<String, Object> synced = new LinkedHashMap<>();
      synced.put("id", "h1");
      synced.put("address", Map.of("street", "Main St 1"));
      synced.put("_version", 2);
      synced.put("_lastChangedAt", 1000L);
      synced.put("_deleted", false);
      new Merger(v1).merge(placeV1, List.of(synced));
      new LocalWrites(v1)
          .save(placeV1, Map.of("id", "p1", "address", Map.of("street", "Side St 2")), null);
      syncState(v1, "Place", 1234);
    }

    try (LocalStore v2 = LocalStore.open(file, List.of(placeV2))) {
      StoreMigration m = v2.migration();

      assertThat(m.rebuilt()).isEmpty();
      assertThat(m.migrated()).containsOnlyKeys("Place");
      assertThat(state(v2, "Place")).as("no base sync").isPresent();
      assertThat(record(v2, placeV2, "h1"))
          .hasValueSatisfying(
              r -> {
                assertThat(r.values().get("address")).isEqualTo(Map.of("street", "Main St 1"));
                assertThat(r.version()).isEqualTo(2);
              });
      assertThat(outbox(v2)).containsExactly("Place p1 CREATE");
      Map<String, Object> zipped = new LinkedHashMap<>();
      zipped.put("id", "p2");
      zipped.put("address", Map.of("street", "New St 3", "zip", "1010"));
      new LocalWrites(v2).save(placeV2, zipped, null);
      assertThat(record(v2, placeV2, "p2"))
          .hasValueSatisfying(
              r -> assertThat(r.values().get("address")).isEqualTo(zipped.get("address")));
    }
  }

  /** Runs {@code statement} on the file with a connection of its own, as another program would. */
  static void sql(Path file, String statement) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  /** The file's schema and every row of every table, as text. */
  static String snapshot(Path file) throws Exception {
    StringBuilder out = new StringBuilder();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")) {
        while (rs.next()) {
          out.append(rs.getString(1)).append(' ').append(rs.getString(3)).append('\n');
          if (rs.getString(1).equals("table")) {
            tables.add(rs.getString(2));
          }
        }
      }
      for (String table : tables) {
        try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\" ORDER BY 1")) {
          while (rs.next()) {
            out.append(table);
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
              out.append(" | ").append(rs.getString(i));
            }
            out.append('\n');
          }
        }
      }
    }
    return out.toString();
  }

  @Test
  void aNewModelIsCreatedAndAnUnchangedStoreIsLeftAlone() {
    Path file = dir.resolve("app.db");
    try (LocalStore v1 = LocalStore.open(file, List.of(itemV1()))) {
      assertThat(v1.migration().created()).containsExactly("Item");
      assertThat(v1.migration().previousHash()).isNull();
    }
    try (LocalStore more = LocalStore.open(file, List.of(itemV1(), other()))) {
      assertThat(more.migration().created()).containsExactly("Other");
      assertThat(more.migration().rebuilt()).isEmpty();
    }
    try (LocalStore same = LocalStore.open(file, List.of(other(), itemV1()))) {
      assertThat(same.migration().unchanged()).isTrue();
    }
  }

  @Test
  void aNewPrimaryKeyRebuildsTheTableAndCarriesPendingEntriesUnderTheirNewKey() throws Exception {
    Path file = dir.resolve("app.db");
    ModelType<Map<String, Object>> byId =
        model("Slot", "Slots")
            .field(ModelField.of("id", FieldKind.ID, true))
            .field(ModelField.of("warehouseId", FieldKind.ID, true))
            .field(ModelField.of("code", FieldKind.STRING, true))
            .build();
    ModelType<Map<String, Object>> byWarehouseAndCode =
        model("Slot", "Slots")
            .field(ModelField.of("id", FieldKind.ID, false))
            .field(ModelField.of("warehouseId", FieldKind.ID, true))
            .field(ModelField.of("code", FieldKind.STRING, true))
            .primaryKey("warehouseId", "code")
            .build();
    try (LocalStore v1 = LocalStore.open(file, List.of(byId))) {
      new Merger(v1)
          .merge(
              byId,
              List.of(
                  Map.of(
                      "id",
                      "s1",
                      "warehouseId",
                      "w1",
                      "code",
                      "B",
                      "_version",
                      1,
                      "_deleted",
                      false)));
      new LocalWrites(v1).save(byId, Map.of("id", "p1", "warehouseId", "w1", "code", "A"), null);
    }

    try (LocalStore v2 = LocalStore.open(file, List.of(byWarehouseAndCode))) {
      StoreMigration m = v2.migration();

      assertThat(m.rebuilt().get("Slot"))
          .contains("the primary key changed from [id] to [warehouseId, code]");
      assertThat(m.migratedMutations()).isEqualTo(1);
      assertThat(m.dropped()).isEmpty();
      assertThat(outbox(v2)).containsExactly("Slot [\"w1\",\"A\"] CREATE");
      assertThat(rows(v2, "SELECT name FROM pragma_table_info('Slot') WHERE pk > 0 ORDER BY pk"))
          .containsExactly("warehouseId", "code");
      assertThat(v2.query(byWarehouseAndCode, QueryPredicate.all(), null, null))
          .as("the pending record is kept, the synced one base-syncs again")
          .singleElement()
          .satisfies(r -> assertThat(r.key(byWarehouseAndCode).text()).isEqualTo("[\"w1\",\"A\"]"));
    }
  }

  static Map<String, Object> values(String id, String name, int size) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", id);
    v.put("name", name);
    v.put("size", size);
    return v;
  }

  static Map<String, Object> server(String id, String name, int size, int version) {
    Map<String, Object> v = values(id, name, size);
    v.put("_version", version);
    v.put("_lastChangedAt", 1000L);
    v.put("_deleted", false);
    return v;
  }

  static void syncState(LocalStore store, String model, long at) {
    store.transaction(
        c -> {
          store.putSyncState(c, model, new LocalStore.SyncState(at, at, null));
          return null;
        });
  }

  static java.util.Optional<LocalStore.SyncState> state(LocalStore store, String model) {
    java.util.Optional<LocalStore.SyncState> state =
        store.transaction(c -> store.syncState(c, model));
    return state;
  }

  static List<String> fill(LocalStore store, String model) {
    List<String> fill = store.transaction(c -> SchemaMigrator.pendingFill(c, model));
    return fill;
  }

  static java.util.Optional<StoredRecord> record(LocalStore store, ModelType<?> type, String id) {
    java.util.Optional<StoredRecord> r = store.transaction(c -> store.get(c, type, id));
    return r;
  }

  static List<String> ids(LocalStore store, ModelType<?> type) {
    List<String> out = new ArrayList<>();
    store.query(type, QueryPredicate.all(), null, null).forEach(r -> out.add(r.id()));
    return out;
  }

  static List<String> outbox(LocalStore store) {
    return rows(
        store,
        "SELECT model || ' ' || record_id || ' ' || mutation FROM _cairn_outbox ORDER BY seq");
  }

  static List<String> indexes(LocalStore store, String table) {
    return rows(
        store,
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = '" + table + "'");
  }

  static List<String> columns(LocalStore store, String table) {
    return rows(store, "SELECT name FROM pragma_table_info('" + table + "')");
  }

  private static List<String> rows(LocalStore store, String sql) {
    return store.transaction(
        c -> {
          List<String> out = new ArrayList<>();
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
              out.add(rs.getString(1));
            }
          }
          return out;
        });
  }
}
