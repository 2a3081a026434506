package dev.cairn.server.data;

import static dev.cairn.server.data.conflict.ConflictStrategy.AUTOMERGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.TenantId;
import dev.cairn.server.changes.MongoChangeJournal;
import dev.cairn.server.data.conflict.Resolution;
import dev.cairn.server.tenancy.ControlPlaneTestDatabase;
import dev.cairn.server.tenancy.ControlPlaneTransactions;
import dev.cairn.server.tenancy.Retention;
import dev.cairn.server.tenancy.SchemaVersion;
import dev.cairn.spec.Model;
import jakarta.persistence.EntityManagerFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retention on the real control plane (EclipseLink on in-memory H2) and the embedded MongoDB: what
 * is older than the retention goes, what is younger or alive stays.
 */
class RetentionTest {
  static final Model NOTE = TestSchemas.note();
  static final Duration RETENTION = Duration.ofDays(30);
  @RegisterExtension static final MongoTestSupport mongo = new MongoTestSupport();

  EntityManagerFactory emf;
  ControlPlaneTransactions controlPlane;
  StoreFixture fixture;
  TenantId tenant;
  Retention retention;

  @BeforeEach
  void setUp() {
    emf = ControlPlaneTestDatabase.fresh();
    controlPlane = new ControlPlaneTransactions(emf);
    fixture = new StoreFixture(mongo.client(), c -> new Resolution.Reject("none"));
    tenant = TenantId.of("r-" + UUID.randomUUID().toString().substring(0, 8));
    controlPlane.inTransaction(
        cp -> {
          SchemaVersion version =
              new SchemaVersion(
                  tenant, 1, TestSchemas.NOTES, "hash", "ana", fixture.clock.instant());
          cp.schemas().add(version);
          cp.schemas().activate(version);
          return version;
        });
    retention =
        new Retention(controlPlane, fixture.store, fixture.journal, fixture.clock, RETENTION);
  }

  @AfterEach
  void tearDown() {
    emf.close();
  }

  void create(TenantId t, String id) {
    fixture.store.create(t, NOTE, new HashMap<>(Map.of("id", id, "title", "t")), null);
  }

  void delete(TenantId t, String id) {
    fixture.store.delete(t, NOTE, new HashMap<>(Map.of("id", id, "_version", 1)), null, AUTOMERGE);
  }

  List<String> stored(TenantId t) {
    return mongo
        .client()
        .getDatabase(t.databaseName())
        .getCollection(NOTE.name())
        .find()
        .map(d -> d.getString("_id"))
        .into(new java.util.ArrayList<>());
  }

  long journalEntries(TenantId t) {
    return mongo
        .client()
        .getDatabase(MongoChangeJournal.DATABASE)
        .getCollection(MongoChangeJournal.COLLECTION)
        .countDocuments(new Document("tenant", t.slug()));
  }

  @Test
  void tombstonesAndJournalEntriesOlderThanTheRetentionAreRemovedAndNothingElse() {
    create(tenant, "old-tombstone");
    create(tenant, "old-but-alive");
    delete(tenant, "old-tombstone");
    fixture.clock.advance(RETENTION.plusDays(1));
    create(tenant, "young-tombstone");
    delete(tenant, "young-tombstone");

    Retention.Purged purged = retention.run();

    assertThat(purged.tombstones()).isEqualTo(1);
    assertThat(stored(tenant)).containsExactlyInAnyOrder("old-but-alive", "young-tombstone");
    assertThat(purged.journalEntries()).isGreaterThanOrEqualTo(3);
    assertThat(journalEntries(tenant)).isEqualTo(2); // create + delete of young-tombstone
  }

  @Test
  void aRunBeforeAnythingIsOldEnoughRemovesNothing() {
    create(tenant, "n1");
    delete(tenant, "n1");
    fixture.clock.advance(RETENTION.minusMinutes(1));

    Retention.Purged purged = retention.run();

    assertThat(purged.tombstones()).isZero();
    assertThat(stored(tenant)).containsExactly("n1");
    assertThat(journalEntries(tenant)).isEqualTo(2);
  }
}
