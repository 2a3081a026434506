package dev.cairn.server.data;

import static dev.cairn.server.data.MongoRecordStoreTest.input;
import static dev.cairn.server.data.conflict.ConflictStrategy.AUTOMERGE;
import static dev.cairn.server.data.conflict.ConflictStrategy.CUSTOM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.server.TenantId;
import dev.cairn.server.data.conflict.Conflict;
import dev.cairn.server.data.conflict.Resolution;
import dev.cairn.spec.Model;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The versioned write's lost-race loop, on the embedded stand-in. The "concurrent writer" is a
 * CUSTOM resolver that writes the record itself between the write's read and its conditional
 * replace, which is exactly the window another request would use.
 */
class VersionedWriteTest {
  static final Model NOTE = TestSchemas.note();
  @RegisterExtension static final MongoTestSupport mongo = new MongoTestSupport();
  final List<Conflict> seen = new ArrayList<>();
  Function<Conflict, Resolution> resolver;
  StoreFixture fixture;
  TenantId tenant;

  @BeforeEach
  void fresh() {
    fixture =
        new StoreFixture(
            mongo.client(),
            conflict -> {
              seen.add(conflict);
              return resolver.apply(conflict);
            });
    tenant = TenantId.of("v-" + UUID.randomUUID().toString().substring(0, 8));
    fixture.store.create(tenant, NOTE, input("id", "n1", "title", "t", "rating", 1), null);
    fixture.store.update(
        tenant, NOTE, input("id", "n1", "title", "server", "_version", 1), null, AUTOMERGE);
  }

  /** Writes the record as another request would, at the version the conflict saw. */
  void writeConcurrently(Conflict conflict) {
    int version = conflict.current().getInteger("_version");
    fixture.store.update(
        tenant,
        NOTE,
        input("id", "n1", "rating", version * 10, "_version", version),
        null,
        AUTOMERGE);
  }

  /** The tenant's conflict log as strategy:outcome:detail. */
  List<String> conflictOutcomes() {
    return MongoRecordStoreTest.conflictLog(mongo, tenant).stream()
        .map(d -> d.getString("strategy") + ":" + d.getString("outcome") + ":" + d.get("detail"))
        .toList();
  }

  Document staleClientUpdate() {
    return fixture.store.update(
        tenant, NOTE, input("id", "n1", "title", "client", "_version", 1), null, CUSTOM);
  }

  @Test
  void aWriteThatLosesTheRaceStartsOverOnTheNewerRecordAndKeepsTheConcurrentChange() {
    resolver =
        conflict -> {
          if (seen.size() == 1) {
            writeConcurrently(conflict);
          }
          return new Resolution.Apply(Map.of("title", "merged"), "test");
        };

    Document written = staleClientUpdate();

    assertThat(seen).hasSize(2);
    assertThat(seen.get(0).current().getInteger("_version")).isEqualTo(2);
    assertThat(seen.get(1).current().getInteger("_version")).isEqualTo(3);
    assertThat(written.getInteger("_version")).isEqualTo(4);
    assertThat(written.getString("title")).isEqualTo("merged");
    assertThat(written.getInteger("rating")).isEqualTo(20);
  }

  @Test
  void aWriteThatKeepsLosingTheRaceGivesUpWithConflictUnhandledAndTheLatestRecord() {
    resolver =
        conflict -> {
          writeConcurrently(conflict);
          return new Resolution.Apply(Map.of("title", "merged"), "test");
        };

    assertThatThrownBy(this::staleClientUpdate)
        .isInstanceOfSatisfying(
            DataException.ConflictUnhandled.class,
            e ->
                assertThat(e.data())
                    .hasValueSatisfying(
                        latest -> {
                          assertThat(latest.getInteger("_version")).isEqualTo(7);
                          assertThat(latest.getString("title")).isEqualTo("server");
                        }));
    assertThat(seen).hasSize(VersionedWrite.ATTEMPTS);
  }

  @Test
  void resolversOfOneWriteShareOneDeadlineAcrossRetries() {
    resolver =
        conflict -> {
          fixture.clock.advance(Duration.ofSeconds(3)); // a slow webhook
          writeConcurrently(conflict);
          return new Resolution.Apply(Map.of("title", "merged"), "test");
        };

    assertThatThrownBy(this::staleClientUpdate).isInstanceOf(DataException.ConflictUnhandled.class);
    assertThat(seen)
        .extracting(Conflict::timeLeft)
        .containsExactly(StoreFixture.RESOLUTION_TIME, Duration.ofSeconds(2));
    assertThat(conflictOutcomes())
        .containsExactly(
            "CUSTOM:REJECTED:the conflict could not be resolved within 5000 ms (the write had to"
                + " start over)");
  }
}
