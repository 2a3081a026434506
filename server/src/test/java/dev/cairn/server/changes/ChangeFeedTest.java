package dev.cairn.server.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.cairn.launcher.EmbeddedMongo;
import dev.cairn.server.TenantId;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The feed on the embedded MongoDB stand-in, through the official driver. */
class ChangeFeedTest {
  private static final TenantId ACME = TenantId.of("acme");

  private EmbeddedMongo mongo;
  private MongoClient client;
  private MongoChangeJournal journal;
  private final BlockingQueue<ChangeEntry> received = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws Exception {
    mongo = EmbeddedMongo.start("localhost", 0, Optional.empty());
    client = MongoClients.create(mongo.connectionString());
    journal = new MongoChangeJournal(client);
  }

  @AfterEach
  void stop() {
    client.close();
    mongo.close();
  }

  @Test
  void whileEntriesKeepComingTheFeedAsksAtMostEveryFiveMilliseconds() {
    assertThat(ChangeFeed.busyPause(0)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(5));
    assertThat(ChangeFeed.busyPause(TimeUnit.MICROSECONDS.toNanos(500)))
        .isEqualTo(TimeUnit.MICROSECONDS.toNanos(4500));
    assertThat(ChangeFeed.busyPause(TimeUnit.MILLISECONDS.toNanos(6))).isZero();
  }

  @Test
  void deliversEveryAppendedEntryInOrder() throws Exception {
    try (ChangeFeed feed = feed("node-a")) {
      for (int v = 1; v <= 3; v++) {
        journal.append(null, entry("p1", v));
      }

      journal.append(null, entry("marker", 1));

      assertThat(List.of(next(), next(), next(), next()))
          .extracting(ChangeEntry::recordId, ChangeEntry::version)
          .containsExactly(
              tuple("p1", 1), tuple("p1", 2), tuple("p1", 3), tuple("marker", 1)); // no duplicates
    }
  }

  @Test
  void aRestartedNodeResumesWhereItStoppedWithoutSkippingOrReplaying() throws Exception {
    try (ChangeFeed feed = feed("node-a")) {
      journal.append(null, entry("p1", 1));
      assertThat(next().version()).isEqualTo(1);
    }
    journal.append(null, entry("p1", 2)); // written while node-a is down
    journal.append(null, entry("p1", 3));

    try (ChangeFeed feed = feed("node-a")) {
      journal.append(null, entry("marker", 1)); // whatever is replayed arrives before it

      assertThat(List.of(next(), next(), next()))
          .extracting(ChangeEntry::recordId, ChangeEntry::version)
          .containsExactly(tuple("p1", 2), tuple("p1", 3), tuple("marker", 1));
    }
  }

  @Test
  void aNewNodeStartsFromNow() throws Exception {
    journal.append(null, entry("old", 1));

    try (ChangeFeed feed = feed("node-new")) {
      journal.append(null, entry("new", 1));

      assertThat(next().recordId()).isEqualTo("new");
    }
  }

  @Test
  void entriesRoundTripThroughTheJournalDocument() throws Exception {
    try (ChangeFeed feed = feed("node-a")) {
      ChangeEntry written = entry("p9", 4);
      journal.append(null, written);

      assertThat(next()).isEqualTo(written);
    }
  }

  @Test
  void aRecordOfEveryStoredShapeArrivesWithEveryFieldAndType() throws Exception {
    Document record =
        new Document("warehouse", "w1")
            .append("sku", "A-1")
            .append("title", "caf\u00e9 \"quoted\"")
            .append("topic", 7)
            .append("views", 5_000_000_000L)
            .append("rating", 4.5)
            .append("draft", true)
            .append("body", null)
            .append("tags", java.util.Arrays.asList("a", null, "c"))
            .append("meta", new Document("nested", new Document("deep", List.of(1, 2L, 3.0))))
            .append("createdAt", "2026-11-29T21:32:37.120Z")
            .append("_version", 3)
            .append("_lastChangedAt", 1_764_451_957_120L)
            .append("_deleted", false);
    ChangeEntry written =
        new ChangeEntry(
            ACME,
            "Item",
            "[\"w1\",\"A-1\"]",
            ChangeOperation.UPDATE,
            3,
            1_764_451_957_120L,
            record);
    try (ChangeFeed feed = feed("node-a")) {
      journal.append(null, written);

      ChangeEntry read = next();

      assertThat(read).isEqualTo(written);
      assertThat(read.record().keySet()).containsExactlyElementsOf(record.keySet());
      assertThat(read.record().get("views")).isInstanceOf(Long.class);
      assertThat(read.record().get("topic")).isInstanceOf(Integer.class);
      assertThat(read.record().get("body")).isNull();
      assertThat(read.record().containsKey("body")).isTrue();
    }
  }

  private ChangeFeed feed(String node) throws InterruptedException {
    return new ChangeFeed(
            client,
            node,
            e -> {
              received.add(e);
              return 1;
            },
            new ChangeFeedTracing(() -> OpenTelemetry.noop().getTracer("test")),
            Thread::new,
            Clock.systemUTC())
        .start();
  }

  private ChangeEntry next() throws InterruptedException {
    ChangeEntry entry = received.poll(10, TimeUnit.SECONDS);
    assertThat(entry).as("a change within 10 s").isNotNull();
    return entry;
  }

  private static ChangeEntry entry(String id, int version) {
    return new ChangeEntry(
        ACME,
        "Post",
        id,
        version == 1 ? ChangeOperation.CREATE : ChangeOperation.UPDATE,
        version,
        1_000L * version,
        new Document("id", id).append("title", "v" + version).append("_version", version));
  }
}
