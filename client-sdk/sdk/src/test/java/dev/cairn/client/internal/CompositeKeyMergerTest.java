package dev.cairn.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.client.MutationType;
import dev.cairn.client.QueryPredicate;
import dev.cairn.client.testmodel.Bin;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merge rule, the outbox and the mutation documents for a model keyed by a partition key and a
 * sort key ({@link Bin}), on a real SQLite file: records sharing the partition key never stand in
 * for each other.
 */
class CompositeKeyMergerTest {
  @TempDir Path dir;
  private LocalStore store;
  private Merger merger;
  private LocalWrites writes;

  @BeforeEach
  void open() {
    store = LocalStore.open(dir.resolve("k.db"), List.of(Bin.TYPE));
    merger = new Merger(store);
    writes = new LocalWrites(store);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void versionsAreGatedPerWholeKey() {
    merger.merge(Bin.TYPE, List.of(server("w1", "A", "a v3", 3, false)));

    Merger.Result result =
        merger.merge(
            Bin.TYPE,
            List.of(server("w1", "B", "b v1", 1, false), server("w1", "A", "a v2", 2, false)));

    assertThat(result.created()).isEqualTo(1);
    assertThat(result.updated()).isZero();
    assertThat(aisle("w1", "A")).isEqualTo("a v3");
    assertThat(aisle("w1", "B")).isEqualTo("b v1");
  }

  @Test
  void aPendingChangeHoldsOffOnlyItsOwnRecordNotItsPartitionNeighbour() {
    merger.merge(
        Bin.TYPE, List.of(server("w1", "A", "a", 1, false), server("w1", "B", "b", 1, false)));
    writes.save(Bin.TYPE, values("w1", "A", "a local"), null);

    Merger.Result result =
        merger.merge(
            Bin.TYPE,
            List.of(
                server("w1", "A", "a server", 2, false), server("w1", "B", "b server", 2, false)));

    assertThat(result.updated()).isEqualTo(1);
    assertThat(aisle("w1", "A")).isEqualTo("a local");
    assertThat(aisle("w1", "B")).isEqualTo("b server");
  }

  @Test
  void aTombstoneDeletesOnlyTheRecordWithItsWholeKey() {
    merger.merge(
        Bin.TYPE, List.of(server("w1", "A", "a", 1, false), server("w1", "B", "b", 1, false)));

    Merger.Result result = merger.merge(Bin.TYPE, List.of(server("w1", "B", "b", 2, true)));

    assertThat(result.deleted()).isEqualTo(1);
    assertThat(store.query(Bin.TYPE, QueryPredicate.all(), null, null))
        .extracting(r -> r.values().get("code"))
        .containsExactly("A");
  }

  @Test
  void outboxEntriesCoalescePerWholeKeyAndLeaveInOrder() {
    writes.save(Bin.TYPE, values("w1", "A", "a1"), null);
    writes.save(Bin.TYPE, values("w1", "B", "b1"), null);
    writes.save(Bin.TYPE, values("w1", "A", "a2"), null);

    PendingMutation first = store.transaction(c -> store.outbox().takeHead(c)).orElseThrow();
    writes.save(Bin.TYPE, values("w1", "A", "a3"), null);

    assertThat(first.recordId()).isEqualTo("[\"w1\",\"A\"]");
    assertThat(first.mutation()).isEqualTo(MutationType.CREATE);
    assertThat(first.data()).containsEntry("aisle", "a2");
    assertThat(first.key(Bin.TYPE).asMap()).isEqualTo(Map.of("warehouseId", "w1", "code", "A"));
    Long queued = store.transaction(c -> store.outbox().size(c));
    assertThat(queued).as("A's create in flight, B's create, A's update behind it").isEqualTo(3);
  }

  @Test
  void anUpdateAndADeleteSendEveryKeyFieldAndTheStoredVersionAsAmplifyDoes() {
    merger.merge(Bin.TYPE, List.of(server("w1", "A", "a", 4, false)));
    writes.save(Bin.TYPE, values("w1", "A", "a local"), Bin.AISLE.eq("a").and(Bin.CODE.eq("A")));
    PendingMutation update = store.transaction(c -> store.outbox().takeHead(c)).orElseThrow();

    Map<String, Object> updateVariables = MutationProcessor.variables(Bin.TYPE, update, 4);

    assertThat(updateVariables.get("input"))
        .isEqualTo(Map.of("warehouseId", "w1", "code", "A", "aisle", "a local", "_version", 4));
    assertThat(updateVariables.get("condition"))
        .as("key fields are left out of the condition, as Amplify does")
        .isEqualTo(Map.of("aisle", Map.of("eq", "a")));

    merger.acknowledge(Bin.TYPE, update, server("w1", "A", "a local", 5, false));
    writes.delete(Bin.TYPE, RecordKey.ofValues(Bin.TYPE, List.of("w1", "A")), null);
    PendingMutation delete = store.transaction(c -> store.outbox().takeHead(c)).orElseThrow();

    assertThat(MutationProcessor.variables(Bin.TYPE, delete, 5))
        .containsEntry("input", Map.of("warehouseId", "w1", "code", "A", "_version", 5));
  }

  @Test
  void theCreateCarriesEveryKeyFieldAndTheGetNamesEachKeyArgument() {
    writes.save(Bin.TYPE, values("w1", "A \"1\"", "a"), null);
    PendingMutation create = store.transaction(c -> store.outbox().takeHead(c)).orElseThrow();

    assertThat(MutationProcessor.variables(Bin.TYPE, create, 0))
        .isEqualTo(Map.of("input", Map.of("warehouseId", "w1", "code", "A \"1\"", "aisle", "a")));
    assertThat(Documents.get(Bin.TYPE, create.key(Bin.TYPE)))
        .startsWith("query operation { getBin(warehouseId: \"w1\", code: \"A \\\"1\\\"\") {");
    assertThat(Documents.getVariables(Bin.TYPE, create.key(Bin.TYPE))).isEmpty();
  }

  @Test
  void anAcknowledgementUnderLaterPendingChangesUpdatesOnlyThatRecordsVersion() {
    merger.merge(
        Bin.TYPE, List.of(server("w1", "A", "a", 1, false), server("w1", "B", "b", 1, false)));
    writes.save(Bin.TYPE, values("w1", "A", "a1"), null);
    PendingMutation sent = store.transaction(c -> store.outbox().takeHead(c)).orElseThrow();
    writes.save(Bin.TYPE, values("w1", "A", "a2"), null);

    merger.acknowledge(Bin.TYPE, sent, server("w1", "A", "a1", 2, false));

    StoredRecord a = record("w1", "A");
    assertThat(a.values()).containsEntry("aisle", "a2");
    assertThat(a.version()).isEqualTo(2);
    assertThat(record("w1", "B").version()).isEqualTo(1);
  }

  private StoredRecord record(String warehouse, String code) {
    return store
        .transaction(
            c -> store.get(c, Bin.TYPE, RecordKey.ofValues(Bin.TYPE, List.of(warehouse, code))))
        .orElseThrow();
  }

  private String aisle(String warehouse, String code) {
    return (String) record(warehouse, code).values().get("aisle");
  }

  private static Map<String, Object> values(String warehouse, String code, String aisle) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("warehouseId", warehouse);
    m.put("code", code);
    m.put("aisle", aisle);
    return m;
  }

  private static Map<String, Object> server(
      String warehouse, String code, String aisle, int version, boolean deleted) {
    Map<String, Object> m = values(warehouse, code, aisle);
    m.put("_version", version);
    m.put("_lastChangedAt", 1000L * version);
    m.put("_deleted", deleted);
    return m;
  }
}
