package dev.cairn.server.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import dev.cairn.server.TenantId;
import dev.cairn.server.changes.MongoChangeJournal;
import dev.cairn.server.data.conflict.Resolution;
import dev.cairn.spec.Model;
import dev.cairn.spec.ModelSchemaParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonType;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a create stores, read back field by field with its BSON type and in order: the record (its
 * {@code _id} first, then the API fields) and its journal entry (an {@code ObjectId} {@code _id}
 * first, the entry's fields, then the record as the API returns it), for custom and composite keys,
 * nested objects, lists with nulls, AWS scalars and the sync metadata.
 */
class StoredDocumentsTest {
  @RegisterExtension static final MongoTestSupport mongo = new MongoTestSupport();

  static final Model PLACE =
      ModelSchemaParser.parse(
              "places.graphql",
              """
              type Place @model @auth(rules: [{ allow: public }]) {
                code: String! @primaryKey
                name: String
                address: Address
                stops: [Address]
                meta: AWSJSON
                at: AWSDateTime
                stamp: AWSTimestamp
                email: AWSEmail
                rank: Int
                score: Float
                open: Boolean
                tags: [String]
              }
              type Address { street: String zip: Int geo: Geo }
              type Geo { lat: Float lng: Float }
              """)
          .orElseThrow()
          .model("Place")
          .orElseThrow();

  StoreFixture fixture;
  TenantId tenant;

  @BeforeEach
  void freshTenant() {
    fixture = new StoreFixture(mongo.client(), c -> new Resolution.Remove());
    tenant = TenantId.of("t-" + UUID.randomUUID().toString().substring(0, 8));
  }

  @Test
  void aCreatedRecordIsStoredWithEveryFieldItsTypeAndTheSyncMetadata() {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("code", "p-1");
    input.put("name", null);
    input.put(
        "address",
        new LinkedHashMap<>(
            Map.of("street", "Main \"1\"", "zip", 10115, "geo", Map.of("lat", 52.5))));
    input.put("stops", Arrays.asList(Map.of("street", "A"), null));
    input.put("meta", "{\"a\":[1,null]}");
    input.put("at", "2026-11-29T21:32:37.120Z");
    input.put("stamp", 1_764_451_957L);
    input.put("email", "a@example.com");
    input.put("rank", 3);
    input.put("score", 0.25);
    input.put("open", true);
    input.put("tags", Arrays.asList("x", null));

    Document created = fixture.store.create(tenant, PLACE, input, null);

    BsonDocument stored = storedRecord("p-1");
    assertThat(keys(stored)).first().isEqualTo("_id");
    assertThat(keys(stored).subList(1, stored.size())).containsExactlyElementsOf(created.keySet());
    assertThat(stored.get("_id")).isEqualTo(new BsonString("p-1"));
    assertThat(stored.get("code")).isEqualTo(new BsonString("p-1"));
    assertThat(stored.get("name")).isEqualTo(BsonNull.VALUE);
    assertThat(stored.getDocument("address"))
        .isEqualTo(
            new BsonDocument("street", new BsonString("Main \"1\""))
                .append("zip", new BsonInt32(10115))
                .append("geo", new BsonDocument("lat", new BsonDouble(52.5))));
    assertThat(stored.getArray("stops"))
        .isEqualTo(
            new BsonArray(
                List.of(new BsonDocument("street", new BsonString("A")), BsonNull.VALUE)));
    assertThat(stored.get("meta")).isEqualTo(new BsonString("{\"a\":[1,null]}"));
    assertThat(stored.get("at")).isEqualTo(new BsonString("2026-11-29T21:32:37.120Z"));
    assertThat(stored.get("stamp")).isEqualTo(new BsonInt64(1_764_451_957L));
    assertThat(stored.get("email")).isEqualTo(new BsonString("a@example.com"));
    assertThat(stored.get("rank")).isEqualTo(new BsonInt32(3));
    assertThat(stored.get("score")).isEqualTo(new BsonDouble(0.25));
    assertThat(stored.get("open")).isEqualTo(BsonBoolean.TRUE);
    assertThat(stored.getArray("tags"))
        .isEqualTo(new BsonArray(List.of(new BsonString("x"), BsonNull.VALUE)));
    assertThat(stored.get("_version")).isEqualTo(new BsonInt32(1));
    assertThat(stored.get("_lastChangedAt")).isEqualTo(new BsonInt64(fixture.clock.millis()));
    assertThat(stored.get("_deleted")).isEqualTo(BsonBoolean.FALSE);
  }

  @Test
  void aCreatesJournalEntryHoldsTheRecordAsTheApiReturnsIt() {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("code", "p-2");
    input.put("address", Map.of("zip", 1));
    input.put("stamp", 7L);

    Document created = fixture.store.create(tenant, PLACE, input, null);

    BsonDocument entry = journalEntry("p-2");
    assertThat(keys(entry))
        .containsExactly(
            "_id",
            "tenant",
            "model",
            "recordId",
            "operation",
            "version",
            "lastChangedAt",
            "record");
    assertThat(entry.get("_id").getBsonType()).isEqualTo(BsonType.OBJECT_ID);
    assertThat(entry.get("tenant")).isEqualTo(new BsonString(tenant.slug()));
    assertThat(entry.get("model")).isEqualTo(new BsonString("Place"));
    assertThat(entry.get("recordId")).isEqualTo(new BsonString("p-2"));
    assertThat(entry.get("operation")).isEqualTo(new BsonString("CREATE"));
    assertThat(entry.get("version")).isEqualTo(new BsonInt32(1));
    assertThat(entry.get("lastChangedAt")).isEqualTo(new BsonInt64(fixture.clock.millis()));
    BsonDocument record = entry.getDocument("record");
    assertThat(keys(record)).containsExactlyElementsOf(created.keySet());
    assertThat(record.getDocument("address")).isEqualTo(new BsonDocument("zip", new BsonInt32(1)));
    assertThat(record.get("stamp")).isEqualTo(new BsonInt64(7L));
    assertThat(record.get("_version")).isEqualTo(new BsonInt32(1));
    assertThat(record.get("_deleted")).isEqualTo(BsonBoolean.FALSE);
    assertThat(record).doesNotContainKey("_id");
  }

  @Test
  void aCompositeKeyIsStoredAsItsJsonArrayIdBesideItsFields() {
    Model bin = TestSchemas.bin();

    fixture.store.create(
        tenant, bin, new LinkedHashMap<>(Map.of("warehouseId", "w\"1", "code", "A-1")), null);

    BsonDocument stored =
        mongo
            .client()
            .getDatabase(tenant.databaseName())
            .getCollection("Bin", BsonDocument.class)
            .find()
            .first();
    assertThat(keys(stored).subList(0, 3)).containsExactly("_id", "warehouseId", "code");
    assertThat(stored.get("_id")).isEqualTo(new BsonString("[\"w\\\"1\",\"A-1\"]"));
    assertThat(journalEntry("[\"w\\\"1\",\"A-1\"]").get("recordId"))
        .isEqualTo(new BsonString("[\"w\\\"1\",\"A-1\"]"));
  }

  private BsonDocument storedRecord(String id) {
    return mongo
        .client()
        .getDatabase(tenant.databaseName())
        .getCollection("Place", BsonDocument.class)
        .find(Filters.eq("_id", id))
        .first();
  }

  private BsonDocument journalEntry(String recordId) {
    return mongo
        .client()
        .getDatabase(MongoChangeJournal.DATABASE)
        .getCollection(MongoChangeJournal.COLLECTION, BsonDocument.class)
        .find(Filters.and(Filters.eq("tenant", tenant.slug()), Filters.eq("recordId", recordId)))
        .first();
  }

  private static List<String> keys(BsonDocument document) {
    return new ArrayList<>(document.keySet());
  }
}
