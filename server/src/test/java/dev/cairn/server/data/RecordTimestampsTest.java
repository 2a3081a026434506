package dev.cairn.server.data;

import static dev.cairn.server.data.conflict.ConflictStrategy.AUTOMERGE;
import static dev.cairn.server.data.conflict.ConflictStrategy.OPTIMISTIC_CONCURRENCY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.server.TenantId;
import dev.cairn.server.data.conflict.Resolution;
import dev.cairn.spec.Model;
import dev.cairn.spec.ModelSchema;
import dev.cairn.spec.ModelSchemaParser;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code createdAt}/{@code updatedAt} as AppSync keeps them: both set to the write time on create,
 * {@code updatedAt} moved to the write time by every update, and always the server's time (the
 * fields are read-only in the model, APPSYNC.md §6.1).
 */
class RecordTimestampsTest {
  @RegisterExtension static final MongoTestSupport mongo = new MongoTestSupport();

  static final ModelSchema SCHEMA =
      ModelSchemaParser.parse(
              "timestamps.graphql",
              """
              type Note @model @auth(rules: [{ allow: public }]) {
                id: ID!
                title: String
              }
              type Page @model @auth(rules: [{ allow: public }]) {
                id: ID!
                title: String
                updatedAt: AWSDateTime
              }
              type Entry @model(timestamps: { createdAt: "createdOn", updatedAt: "updatedOn" })
                  @auth(rules: [{ allow: public }]) {
                id: ID!
                title: String
              }
              """)
          .orElseThrow();

  static final Model NOTE = SCHEMA.model("Note").orElseThrow();
  static final Model PAGE = SCHEMA.model("Page").orElseThrow();
  static final Model ENTRY = SCHEMA.model("Entry").orElseThrow();
  static final String START = "2026-01-01T00:00:00Z";

  StoreFixture fixture;
  RecordStore store;
  TenantId tenant;

  @BeforeEach
  void freshTenant() {
    fixture = new StoreFixture(mongo.client(), c -> new Resolution.Remove());
    store = fixture.store;
    tenant = TenantId.of("t-" + UUID.randomUUID().toString().substring(0, 8));
  }

  Document stored(Model model, String id) {
    return store.get(tenant, model, RecordKey.of(model, Map.of("id", id))).orElseThrow();
  }

  @Test
  void everyUpdateMovesUpdatedAtToTheWriteTimeAndKeepsCreatedAt() {
    store.create(tenant, NOTE, Map.of("id", "n1", "title", "a"), null);
    fixture.clock.advance(Duration.ofSeconds(5));

    Document first =
        store.update(
            tenant, NOTE, Map.of("id", "n1", "title", "b", "_version", 1), null, AUTOMERGE);
    fixture.clock.advance(Duration.ofMillis(1_250));
    Document second =
        store.update(
            tenant, NOTE, Map.of("id", "n1", "title", "c", "_version", 2), null, AUTOMERGE);

    assertThat(first.getString("updatedAt")).isEqualTo("2026-01-01T00:00:05Z");
    assertThat(second.getString("updatedAt")).isEqualTo("2026-01-01T00:00:06.250Z");
    assertThat(second.getString("createdAt")).isEqualTo(START);
    assertThat(stored(NOTE, "n1")).isEqualTo(second);
  }

  @Test
  void aStaleUpdateMergedByTheServerAlsoMovesUpdatedAt() {
    store.create(tenant, NOTE, Map.of("id", "n1", "title", "a"), null);
    fixture.clock.advance(Duration.ofSeconds(5));

    Document merged = store.update(tenant, NOTE, Map.of("id", "n1", "title", "b"), null, AUTOMERGE);

    assertThat(merged.getInteger("_version")).isEqualTo(2);
    assertThat(merged.getString("updatedAt")).isEqualTo("2026-01-01T00:00:05Z");
    assertThat(merged.getString("createdAt")).isEqualTo(START);
  }

  @Test
  void anUpdateOfRenamedTimestampsMovesTheRenamedField() {
    store.create(tenant, ENTRY, Map.of("id", "e1", "title", "a"), null);
    fixture.clock.advance(Duration.ofSeconds(5));

    Document updated =
        store.update(
            tenant, ENTRY, Map.of("id", "e1", "title", "b", "_version", 1), null, AUTOMERGE);

    assertThat(updated.getString("createdOn")).isEqualTo(START);
    assertThat(updated.getString("updatedOn")).isEqualTo("2026-01-01T00:00:05Z");
    assertThat(updated).doesNotContainKeys("createdAt", "updatedAt");
  }

  @Test
  void anUpdatedAtInTheInputOfAModelThatDoesNotDeclareItIsRefusedAndNothingIsWritten() {
    Document created = store.create(tenant, NOTE, Map.of("id", "n1", "title", "a"), null);
    fixture.clock.advance(Duration.ofSeconds(5));

    assertThatThrownBy(
            () ->
                store.update(
                    tenant,
                    NOTE,
                    Map.of("id", "n1", "updatedAt", "2030-01-01T00:00:00Z", "_version", 1),
                    null,
                    OPTIMISTIC_CONCURRENCY))
        .isInstanceOf(DataException.InvalidInput.class)
        .hasMessageContaining("`updatedAt` is not a field of Note that a mutation can set");
    assertThat(stored(NOTE, "n1")).isEqualTo(created);
  }

  @Test
  void aClientUpdatedAtOfAModelThatDeclaresItGivesWayToTheServersTime() {
    store.create(
        tenant, PAGE, Map.of("id", "p1", "title", "a", "updatedAt", "1999-01-01T00:00:00Z"), null);
    assertThat(stored(PAGE, "p1").getString("updatedAt")).isEqualTo(START);
    fixture.clock.advance(Duration.ofSeconds(5));

    Document updated =
        store.update(
            tenant,
            PAGE,
            Map.of("id", "p1", "title", "b", "updatedAt", "2030-01-01T00:00:00Z", "_version", 1),
            null,
            OPTIMISTIC_CONCURRENCY);

    assertThat(updated.getString("updatedAt")).isEqualTo("2026-01-01T00:00:05Z");
    assertThat(updated.getString("createdAt")).isEqualTo(START);
    assertThat(stored(PAGE, "p1")).isEqualTo(updated);
  }
}
