package dev.cairn.server.data;

import static dev.cairn.server.data.conflict.ConflictStrategy.AUTOMERGE;
import static dev.cairn.server.data.conflict.ConflictStrategy.CUSTOM;
import static dev.cairn.server.data.conflict.ConflictStrategy.OPTIMISTIC_CONCURRENCY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Filters;
import dev.cairn.server.TenantId;
import dev.cairn.server.changes.MongoChangeJournal;
import dev.cairn.server.data.conflict.ConflictLog;
import dev.cairn.server.data.conflict.Resolution;
import dev.cairn.spec.Model;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoRecordStoreTest {
  @RegisterExtension static final MongoTestSupport mongo = new MongoTestSupport();
  static final Model NOTE = TestSchemas.note();
  static final Model BIN = TestSchemas.bin();
  StoreFixture fixture;
  RecordStore store;
  TenantId tenant;

  @BeforeEach
  void freshTenant() {
    fixture = new StoreFixture(mongo.client(), c -> new Resolution.Remove());
    store = fixture.store;
    tenant = TenantId.of("t-" + UUID.randomUUID().toString().substring(0, 8));
  }

  static Map<String, Object> input(Object... pairs) {
    Map<String, Object> map = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }

  Document createNote(String id) {
    return store.create(
        tenant,
        NOTE,
        input("id", id, "title", "t", "rating", 1, "tags", List.of("a"), "counter", 10),
        null);
  }

  long journalEntries(String id) {
    return mongo
        .client()
        .getDatabase(MongoChangeJournal.DATABASE)
        .getCollection(MongoChangeJournal.COLLECTION)
        .countDocuments(
            Filters.and(Filters.eq("tenant", tenant.slug()), Filters.eq("recordId", id)));
  }

  @Test
  void createSetsVersionOneTimestampsAndAppendsAJournalEntry() {
    Document created = createNote("n1");

    assertThat(created.getInteger("_version")).isEqualTo(1);
    assertThat(created.getLong("_lastChangedAt")).isEqualTo(fixture.clock.millis());
    assertThat(created.getBoolean("_deleted")).isFalse();
    assertThat(created.getString("createdAt")).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(created).doesNotContainKey("_id");
    assertThat(store.get(tenant, NOTE, RecordKey.of(NOTE, Map.of("id", "n1")))).contains(created);
    assertThat(journalEntries("n1")).isEqualTo(1);
  }

  @Test
  void createFillsInDefaultsForFieldsLeftOutOrNullButKeepsGivenValues() {
    Model task = TestSchemas.task();
    Map<String, Object> input = new java.util.HashMap<>(input("id", "t1", "label", "mine"));
    input.put("urgent", null);

    Document created = store.create(tenant, task, input, null);

    assertThat(created.get("priority")).isEqualTo(3L);
    assertThat(created.get("weight")).isEqualTo(0.5);
    assertThat(created.get("urgent")).isEqualTo(false);
    assertThat(created.get("mood")).isEqualTo("HAPPY");
    assertThat(created.get("label")).isEqualTo("mine");
  }

  @Test
  void createWithAnExistingIdFailsWithConditionalCheckAndChangesNothing() {
    Document first = createNote("n1");

    assertThatThrownBy(() -> store.create(tenant, NOTE, input("id", "n1", "title", "other"), null))
        .isInstanceOf(DataException.ConditionalCheckFailed.class)
        .hasMessageContaining("already exists");
    assertThat(store.get(tenant, NOTE, RecordKey.of(NOTE, Map.of("id", "n1")))).contains(first);
    assertThat(journalEntries("n1")).isEqualTo(1);
  }

  @Test
  void concurrentCreatesEachGetTheirOwnOutcomeAndOneJournalEntry() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      List<Future<Document>> distinct = new ArrayList<>();
      List<Future<Document>> sameId = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String id = "c" + i;
        distinct.add(callers.submit(() -> createNote(id)));
        sameId.add(callers.submit(() -> createNote("same")));
      }

      for (int i = 0; i < 16; i++) {
        assertThat(distinct.get(i).get(60, TimeUnit.SECONDS).getString("id")).isEqualTo("c" + i);
        assertThat(journalEntries("c" + i)).isEqualTo(1);
      }
      int created = 0;
      for (Future<Document> attempt : sameId) {
        try {
          attempt.get(60, TimeUnit.SECONDS);
          created++;
        } catch (ExecutionException e) {
          assertThat(e.getCause())
              .isInstanceOf(DataException.ConditionalCheckFailed.class)
              .hasMessageContaining("already exists");
        }
      }
      assertThat(created).isEqualTo(1);
      assertThat(journalEntries("same")).isEqualTo(1);
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void createWithoutIdGetsAUuid() {
    Document created = store.create(tenant, NOTE, input("title", "x"), null);
    assertThat(UUID.fromString(created.getString("id"))).isNotNull();
  }

  @Test
  void inputNamingAFieldTheModelDoesNotStoreIsRejected() {
    assertThatThrownBy(
            () -> store.create(tenant, NOTE, input("id", "n1", "title", "t", "$where", "1"), null))
        .isInstanceOf(DataException.InvalidInput.class)
        .hasMessageContaining("`$where` is not a field of Note");
    assertThatThrownBy(
            () ->
                store.create(
                    tenant,
                    NOTE,
                    input("id", "n1", "title", "t", "createdAt", "2020-01-01T00:00:00Z"),
                    null))
        .isInstanceOf(DataException.InvalidInput.class);
    assertThatThrownBy(
            () -> store.create(tenant, NOTE, input("id", "n1", "title", Map.of("$gt", "")), null))
        .isInstanceOf(DataException.InvalidInput.class)
        .hasMessageContaining("`title` of Note must be a String value");
    assertThat(store.get(tenant, NOTE, RecordKey.of(NOTE, Map.of("id", "n1")))).isEmpty();
  }

  @Test
  void updateAtTheCurrentVersionChangesOnlyTheGivenFields() {
    createNote("n1");
    fixture.clock.advance(Duration.ofSeconds(5));

    Document updated =
        store.update(tenant, NOTE, input("id", "n1", "rating", 2, "_version", 1), null, AUTOMERGE);

    assertThat(updated.getInteger("rating")).isEqualTo(2);
    assertThat(updated.getString("title")).isEqualTo("t");
    assertThat(updated.getInteger("_version")).isEqualTo(2);
    assertThat(updated.getLong("_lastChangedAt")).isEqualTo(fixture.clock.millis());
    assertThat(updated.getString("updatedAt")).isEqualTo("2026-01-01T00:00:05Z");
    assertThat(updated.getString("createdAt")).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(journalEntries("n1")).isEqualTo(2);
  }

  @Test
  void staleUpdateUnderAutomergeKeepsServerScalarsAppendsListsAndMergesNullFields() {
    createNote("n1");
    store.update(
        tenant, NOTE, input("id", "n1", "title", "server", "_version", 1), null, AUTOMERGE);

    Document merged =
        store.update(
            tenant,
            NOTE,
            input(
                "id",
                "n1",
                "title",
                "client",
                "body",
                "new body",
                "tags",
                List.of("b"),
                "_version",
                1),
            null,
            AUTOMERGE);

    assertThat(merged.getString("title")).isEqualTo("server");
    assertThat(merged.getString("body")).isEqualTo("new body");
    assertThat(merged.getList("tags", String.class)).containsExactly("a", "b");
    assertThat(merged.getInteger("_version")).isEqualTo(3);
    assertThat(conflictOutcomes()).containsExactly("AUTOMERGE:APPLIED");
  }

  @Test
  void missingVersionCountsAsZeroAndIsAConflict() {
    createNote("n1");

    Document merged =
        store.update(tenant, NOTE, input("id", "n1", "title", "client"), null, AUTOMERGE);

    assertThat(merged.getString("title")).isEqualTo("t");
    assertThat(merged.getInteger("_version")).isEqualTo(2);
    assertThat(conflictOutcomes()).hasSize(1);
  }

  @Test
  void fieldPoliciesDecideTheMergeOfStaleWrites() {
    store.create(
        tenant,
        NOTE,
        input("id", "n1", "title", "t", "counter", 10, "labels", List.of("x"), "note", "a"),
        null);
    store.update(
        tenant,
        NOTE,
        input("id", "n1", "counter", 15, "labels", List.of("y"), "_version", 1),
        null,
        AUTOMERGE);

    Document merged =
        store.update(
            tenant,
            NOTE,
            input(
                "id",
                "n1",
                "counter",
                12,
                "labels",
                List.of("x", "z"),
                "note",
                "client",
                "_version",
                1),
            null,
            AUTOMERGE);

    assertThat(merged.getInteger("counter")).isEqualTo(17);
    assertThat(merged.getList("labels", String.class)).containsExactly("y", "x", "z");
    assertThat(merged.getString("note")).isEqualTo("client");
  }

  @Test
  void staleUpdateUnderOptimisticConcurrencyIsRejectedWithTheCurrentRecordAndChangesNothing() {
    createNote("n1");
    Document current =
        store.update(
            tenant, NOTE, input("id", "n1", "title", "server", "_version", 1), null, AUTOMERGE);

    assertThatThrownBy(
            () ->
                store.update(
                    tenant,
                    NOTE,
                    input("id", "n1", "title", "client", "_version", 1),
                    null,
                    OPTIMISTIC_CONCURRENCY))
        .isInstanceOfSatisfying(
            DataException.ConflictUnhandled.class,
            e -> {
              assertThat(e.errorType()).isEqualTo("ConflictUnhandled");
              assertThat(e.data()).contains(current);
            });
    assertThat(store.get(tenant, NOTE, RecordKey.of(NOTE, Map.of("id", "n1")))).contains(current);
    assertThat(conflictOutcomes()).containsExactly("OPTIMISTIC_CONCURRENCY:REJECTED");
  }

  @Test
  void customResolverRemovalLeavesATombstone() {
    createNote("n1");
    store.update(
        tenant, NOTE, input("id", "n1", "title", "server", "_version", 1), null, AUTOMERGE);

    Document result =
        store.update(
            tenant, NOTE, input("id", "n1", "title", "client", "_version", 1), null, CUSTOM);

    assertThat(result.getBoolean("_deleted")).isTrue();
    assertThat(result.getInteger("_version")).isEqualTo(3);
  }

  @Test
  void deleteLeavesATombstoneThatGetStillReturnsAndThatCannotBeUpdated() {
    createNote("n1");

    Document tombstone =
        store.delete(tenant, NOTE, input("id", "n1", "_version", 1), null, AUTOMERGE);

    assertThat(tombstone.getBoolean("_deleted")).isTrue();
    assertThat(tombstone.getInteger("_version")).isEqualTo(2);
    assertThat(store.get(tenant, NOTE, RecordKey.of(NOTE, Map.of("id", "n1")))).contains(tombstone);
    assertThatThrownBy(
            () ->
                store.update(
                    tenant, NOTE, input("id", "n1", "title", "x", "_version", 2), null, AUTOMERGE))
        .isInstanceOf(DataException.ConditionalCheckFailed.class)
        .hasMessageContaining("is deleted");
    assertThatThrownBy(() -> createNote("n1"))
        .isInstanceOf(DataException.ConditionalCheckFailed.class);
  }

  @Test
  void updateOfAMissingRecordFailsWithConditionalCheck() {
    assertThatThrownBy(
            () ->
                store.update(
                    tenant,
                    NOTE,
                    input("id", "nope", "title", "x", "_version", 1),
                    null,
                    AUTOMERGE))
        .isInstanceOf(DataException.ConditionalCheckFailed.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void conditionThatDoesNotHoldFailsAndChangesNothing() {
    Document created = createNote("n1");

    assertThatThrownBy(
            () ->
                store.update(
                    tenant,
                    NOTE,
                    input("id", "n1", "title", "x", "_version", 1),
                    Map.of("rating", Map.of("gt", 3)),
                    AUTOMERGE))
        .isInstanceOf(DataException.ConditionalCheckFailed.class);
    assertThat(store.get(tenant, NOTE, RecordKey.of(NOTE, Map.of("id", "n1")))).contains(created);

    Document updated =
        store.update(
            tenant,
            NOTE,
            input("id", "n1", "title", "x", "_version", 1),
            Map.of("rating", Map.of("eq", 1)),
            AUTOMERGE);
    assertThat(updated.getString("title")).isEqualTo("x");
  }

  @Test
  void anUpdateOrDeleteItsAuthorizationRefusesWritesNothingAndTheCheckSawTheStoredRecord() {
    createNote("n1");
    List<Document> seen = new java.util.ArrayList<>();
    java.util.function.Consumer<Document> refuse =
        stored -> {
          seen.add(stored);
          throw new IllegalStateException("not yours");
        };

    assertThatThrownBy(
            () ->
                store.update(
                    tenant,
                    NOTE,
                    input("id", "n1", "title", "stolen", "_version", 1),
                    null,
                    AUTOMERGE,
                    refuse))
        .hasMessage("not yours");
    assertThatThrownBy(
            () ->
                store.delete(
                    tenant, NOTE, input("id", "n1", "_version", 1), null, AUTOMERGE, refuse))
        .hasMessage("not yours");

    assertThat(seen).extracting(d -> d.getString("title")).containsExactly("t", "t");
    assertThat(seen.get(0).getInteger("_version")).isEqualTo(1);
    Document stored = store.get(tenant, NOTE, RecordKey.of(NOTE, Map.of("id", "n1"))).orElseThrow();
    assertThat(stored.getString("title")).isEqualTo("t");
    assertThat(stored.getBoolean("_deleted")).isFalse();
    assertThat(journalEntries("n1")).isEqualTo(1);
  }

  @Test
  void oneTenantNeverSeesAnotherTenantsRecords() {
    createNote("n1");
    TenantId other = TenantId.of("other-" + tenant.slug());

    assertThat(store.get(other, NOTE, RecordKey.of(NOTE, Map.of("id", "n1")))).isEmpty();
    assertThat(page(other, NOTE, new Document(), 10, Optional.empty()).items()).isEmpty();
    assertThatThrownBy(
            () ->
                store.update(
                    other, NOTE, input("id", "n1", "title", "x", "_version", 1), null, AUTOMERGE))
        .isInstanceOf(DataException.ConditionalCheckFailed.class);
  }

  @Test
  void compositeKeysIdentifyRecords() {
    store.create(tenant, BIN, input("warehouseId", "w1", "code", "A-1", "aisle", "3"), null);
    store.create(tenant, BIN, input("warehouseId", "w1", "code", "A-2"), null);

    assertThat(
            store.get(tenant, BIN, RecordKey.of(BIN, Map.of("warehouseId", "w1", "code", "A-1"))))
        .hasValueSatisfying(d -> assertThat(d.getString("aisle")).isEqualTo("3"));
    assertThatThrownBy(
            () -> store.create(tenant, BIN, input("warehouseId", "w1", "code", "A-1"), null))
        .isInstanceOf(DataException.ConditionalCheckFailed.class);
  }

  private Page page(TenantId t, Model model, Document query, int limit, Optional<Object> after) {
    try (RecordCursor cursor = store.scan(t, model, query, after, limit)) {
      return cursor.next(limit);
    }
  }

  @Test
  void aCursorReadsPageAfterPageInIdOrder() {
    for (int i = 0; i < 5; i++) {
      createNote("n" + i);
    }
    Page first;
    Page second;
    Page third;
    try (RecordCursor cursor = store.scan(tenant, NOTE, new Document(), Optional.empty(), 2)) {
      first = cursor.next(2);
      second = cursor.next(2);
      third = cursor.next(2);
    }

    assertThat(first.items()).extracting(d -> d.getString("id")).containsExactly("n0", "n1");
    assertThat(first.lastId()).hasValue("n1");
    assertThat(second.items()).extracting(d -> d.getString("id")).containsExactly("n2", "n3");
    assertThat(third.items()).extracting(d -> d.getString("id")).containsExactly("n4");
    assertThat(third.lastId()).isEmpty();
  }

  @Test
  void pagesWalkEveryRecordOnceInIdOrder() {
    for (int i = 0; i < 5; i++) {
      createNote("n" + i);
    }
    Page first = page(tenant, NOTE, new Document(), 2, Optional.empty());
    Page second = page(tenant, NOTE, new Document(), 2, first.lastId());
    Page third = page(tenant, NOTE, new Document(), 2, second.lastId());

    assertThat(first.items()).extracting(d -> d.getString("id")).containsExactly("n0", "n1");
    assertThat(second.items()).extracting(d -> d.getString("id")).containsExactly("n2", "n3");
    assertThat(third.items()).extracting(d -> d.getString("id")).containsExactly("n4");
    assertThat(third.lastId()).isEmpty();
  }

  @Test
  void anIndexAddedByANewSchemaVersionIsCreatedWhenThatVersionIsFirstUsed() {
    createNote("n1"); // the collection is known with version 1 of the model
    Model noteV2 =
        dev.cairn.spec.ModelSchemaParser.parse(
                "v2.graphql",
                TestSchemas.NOTES.replace(
                    "title: String!", "title: String! @index(name: \"byTitle\")"))
            .orElseThrow()
            .model("Note")
            .orElseThrow();

    store.create(tenant, noteV2, input("id", "n2", "title", "t"), null);

    List<String> indexes =
        mongo
            .client()
            .getDatabase(tenant.databaseName())
            .getCollection("Note")
            .listIndexes()
            .map(d -> d.getString("name"))
            .into(new java.util.ArrayList<>());
    assertThat(indexes).contains("delta_sync", "byTitle");
  }

  @Test
  void theOwnerAndGroupsFieldsOfAuthRulesAreIndexedUnlessAnIndexLeadsWithThem() {
    Model shared =
        dev.cairn.spec.ModelSchemaParser.parse(
                "shared.graphql",
                """
                type Doc @model @auth(rules: [
                  { allow: owner },
                  { allow: owner, ownerField: "editor" },
                  { allow: groups, groupsField: "teams" }
                ]) {
                  id: ID!
                  editor: String @index(name: "byEditor")
                  teams: [String]
                }
                """)
            .orElseThrow()
            .model("Doc")
            .orElseThrow();

    assertThat(MongoRecordStore.readScopeFields(shared)).containsExactly("owner", "teams");
    store.create(tenant, shared, input("id", "d1", "owner", "alice"), null);
    List<String> indexes =
        mongo
            .client()
            .getDatabase(tenant.databaseName())
            .getCollection("Doc")
            .listIndexes()
            .map(d -> d.getString("name"))
            .into(new java.util.ArrayList<>());
    assertThat(indexes).contains("auth_scope_owner", "auth_scope_teams", "byEditor");
  }

  @Test
  void purgeRemovesOnlyTombstonesOlderThanTheCutoff() {
    createNote("old");
    createNote("live");
    store.delete(tenant, NOTE, input("id", "old", "_version", 1), null, AUTOMERGE);
    fixture.clock.advance(Duration.ofDays(31));
    createNote("recent");
    store.delete(tenant, NOTE, input("id", "recent", "_version", 1), null, AUTOMERGE);

    long purged =
        store.purgeTombstones(
            tenant, NOTE, fixture.clock.millis() - Duration.ofDays(30).toMillis());

    assertThat(purged).isEqualTo(1);
    assertThat(page(tenant, NOTE, new Document(), 10, Optional.empty()).items())
        .extracting(d -> d.getString("id"))
        .containsExactly("live", "recent");
  }

  @Test
  void aWriteWhoseJournalEntryCannotBeAppendedIsUndone() {
    createNote("n1");
    mongo
        .client()
        .getDatabase(MongoChangeJournal.DATABASE)
        .getCollection(MongoChangeJournal.COLLECTION)
        .insertOne(
            new Document("tenant", tenant.slug())
                .append("model", "Note")
                .append("recordId", "n1")
                .append("version", 2));

    assertThatThrownBy(
            () ->
                store.update(
                    tenant, NOTE, input("id", "n1", "title", "x", "_version", 1), null, AUTOMERGE))
        .isInstanceOf(com.mongodb.MongoWriteException.class);

    Document after = store.get(tenant, NOTE, RecordKey.of(NOTE, Map.of("id", "n1"))).orElseThrow();
    assertThat(after.getString("title")).isEqualTo("t");
    assertThat(after.getInteger("_version")).isEqualTo(1);
  }

  List<String> conflictOutcomes() {
    return conflictLog(mongo, tenant).stream()
        .map(d -> d.getString("strategy") + ":" + d.getString("outcome"))
        .toList();
  }

  /** The tenant's conflict log entries, oldest first. */
  static List<Document> conflictLog(MongoTestSupport mongo, TenantId tenant) {
    return mongo
        .client()
        .getDatabase(tenant.databaseName())
        .getCollection(ConflictLog.COLLECTION)
        .find()
        .into(new java.util.ArrayList<>());
  }
}
