package dev.cairn.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.client.MutationType;
import dev.cairn.client.QueryPage;
import dev.cairn.client.QueryPredicate;
import dev.cairn.client.testmodel.Post;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The merge rule on a real SQLite file. */
class MergerTest {
  @TempDir Path dir;
  private LocalStore store;
  private Merger merger;
  private LocalWrites writes;

  @BeforeEach
  void open() {
    store = LocalStore.open(dir.resolve("m.db"), List.of(Post.TYPE));
    merger = new Merger(store);
    writes = new LocalWrites(store);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void aHigherVersionIsAppliedAndALowerOneNever() {
    merger.merge(Post.TYPE, List.of(server("p1", "v2", 2, false)));

    Merger.Result older = merger.merge(Post.TYPE, List.of(server("p1", "v1", 1, false)));
    Merger.Result newer = merger.merge(Post.TYPE, List.of(server("p1", "v3", 3, false)));

    assertThat(older.changes()).isEmpty();
    assertThat(newer.updated()).isEqualTo(1);
    assertThat(title("p1")).isEqualTo("v3");
  }

  @Test
  void aRecordWithPendingOutboxEntriesIsNotOverwrittenAndTheMergeNeverEntersTheOutbox() {
    merger.merge(Post.TYPE, List.of(server("p1", "server", 1, false)));
    writes.save(Post.TYPE, values("p1", "local edit"), null);

    Merger.Result result = merger.merge(Post.TYPE, List.of(server("p1", "server v2", 2, false)));

    assertThat(result.changes()).isEmpty();
    assertThat(title("p1")).isEqualTo("local edit");
    assertThat(outboxSize()).isEqualTo(1);
  }

  @Test
  void aTombstoneDeletesTheLocalRecordAndIsReportedAsADelete() {
    merger.merge(Post.TYPE, List.of(server("p1", "x", 1, false)));

    Merger.Result result = merger.merge(Post.TYPE, List.of(server("p1", "x", 2, true)));

    assertThat(result.changes())
        .singleElement()
        .extracting(Observers.Change::mutation)
        .isEqualTo(MutationType.DELETE);
    assertThat(store.query(Post.TYPE, QueryPredicate.all(), null, QueryPage.first(10))).isEmpty();
    assertThat(outboxSize()).isZero();
  }

  @Test
  void anAcknowledgementUnderLaterPendingChangesTakesOnlyTheServerVersion() {
    writes.save(Post.TYPE, values("p1", "first"), null);
    PendingMutation create = store.transaction(c -> store.outbox().takeHead(c)).orElseThrow();
    writes.save(Post.TYPE, values("p1", "second"), null);

    merger.acknowledge(Post.TYPE, create, server("p1", "first", 1, false));

    StoredRecord record = store.transaction(c -> store.get(c, Post.TYPE, "p1")).orElseThrow();
    assertThat(record.values()).containsEntry("title", "second");
    assertThat(record.version()).isEqualTo(1);
    PendingMutation update = store.transaction(c -> store.outbox().takeHead(c)).orElseThrow();
    assertThat(update.mutation()).isEqualTo(MutationType.UPDATE);
    assertThat(MutationProcessor.variables(Post.TYPE, update, record.version()))
        .containsEntry("input", Map.of("id", "p1", "title", "second", "_version", 1));
  }

  @Test
  void anUpdateThenADeleteOfASentRecordQueueOnlyTheDelete() {
    merger.merge(Post.TYPE, List.of(server("p1", "x", 1, false)));
    writes.save(Post.TYPE, values("p1", "y"), null);
    writes.delete(Post.TYPE, "p1", null);

    PendingMutation head = store.transaction(c -> store.outbox().takeHead(c)).orElseThrow();

    assertThat(head.mutation()).isEqualTo(MutationType.DELETE);
    assertThat(outboxSize()).isEqualTo(1);
  }

  @Test
  void aPageLargerThanOneLookUpMergesEachRecordAgainstItsOwnLocalVersion() {
    // 450 records: three look-up queries of 200 ids. Every third one is stored at a lower version
    // (updated), every third at a higher one (kept), the rest are new (created).
    List<Map<String, Object>> stored = new java.util.ArrayList<>();
    List<Map<String, Object>> page = new java.util.ArrayList<>();
    for (int i = 0; i < 450; i++) {
      if (i % 3 == 1) {
        stored.add(server("p" + i, "local", 1, false));
      } else if (i % 3 == 2) {
        stored.add(server("p" + i, "local", 5, false));
      }
      page.add(server("p" + i, "server", 2, false));
    }
    merger.merge(Post.TYPE, stored);

    Merger.Result result = merger.merge(Post.TYPE, page);

    assertThat(result.created()).isEqualTo(150);
    assertThat(result.updated()).isEqualTo(150);
    assertThat(title("p0")).isEqualTo("server");
    assertThat(title("p301")).isEqualTo("server");
    assertThat(title("p449")).isEqualTo("local");
  }

  @Test
  void aRecordTwiceInOnePageIsMergedAgainstItsFirstCopyAndADeleteAnnouncesTheLocalValues() {
    merger.merge(Post.TYPE, List.of(server("p1", "kept", 1, false)));

    Merger.Result result =
        merger.merge(
            Post.TYPE,
            List.of(
                server("p2", "v2", 2, false),
                server("p2", "v1", 1, false),
                server("p1", "gone", 2, true)));

    assertThat(title("p2")).isEqualTo("v2");
    assertThat(result.created()).isEqualTo(1);
    assertThat(result.changes())
        .filteredOn(ch -> ch.mutation() == MutationType.DELETE)
        .singleElement()
        .satisfies(ch -> assertThat(ch.values()).containsEntry("title", "kept"));
  }

  private long outboxSize() {
    Long size = store.transaction(c -> store.outbox().size(c));
    return size;
  }

  private String title(String id) {
    return (String)
        store.transaction(c -> store.get(c, Post.TYPE, id)).orElseThrow().values().get("title");
  }

  private static Map<String, Object> values(String id, String title) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("title", title);
    return m;
  }

  private static Map<String, Object> server(String id, String title, int version, boolean deleted) {
    Map<String, Object> m = values(id, title);
    m.put("_version", version);
    m.put("_lastChangedAt", 1000L * version);
    m.put("_deleted", deleted);
    return m;
  }
}
