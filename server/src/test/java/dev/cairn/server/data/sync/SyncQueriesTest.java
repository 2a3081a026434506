package dev.cairn.server.data.sync;

import static dev.cairn.server.data.conflict.ConflictStrategy.AUTOMERGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.server.TenantId;
import dev.cairn.server.data.DataException;
import dev.cairn.server.data.MongoTestSupport;
import dev.cairn.server.data.StoreFixture;
import dev.cairn.server.data.TestSchemas;
import dev.cairn.server.data.conflict.Resolution;
import dev.cairn.spec.Model;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SyncQueriesTest {
  @RegisterExtension static final MongoTestSupport mongo = new MongoTestSupport();
  static final Model NOTE = TestSchemas.note();
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  StoreFixture fixture;
  SyncQueries sync;
  TenantId tenant;

  @BeforeEach
  void fresh() {
    fixture = new StoreFixture(mongo.client(), c -> new Resolution.Reject("none"));
    sync = fixture.syncQueries();
    tenant = TenantId.of("s-" + UUID.randomUUID().toString().substring(0, 8));
  }

  void create(String id, int rating) {
    Map<String, Object> input = new HashMap<>(Map.of("id", id, "title", "t", "rating", rating));
    fixture.store.create(tenant, NOTE, input, null);
  }

  void delete(String id, int version) {
    fixture.store.delete(
        tenant, NOTE, new HashMap<>(Map.of("id", id, "_version", version)), null, AUTOMERGE);
  }

  List<String> ids(SyncPage page) {
    return page.items().stream()
        .map(d -> d.getString("id") + (d.getBoolean("_deleted") ? "-" : ""))
        .toList();
  }

  List<String> syncAll(Long lastSync, Map<String, ?> filter, int limit) {
    List<String> all = new ArrayList<>();
    String token = null;
    do {
      SyncPage page = sync.sync(tenant, NOTE, filter, lastSync, limit, token);
      all.addAll(ids(page));
      token = page.nextToken().orElse(null);
    } while (token != null);
    return all;
  }

  @Test
  void baseSyncReturnsEveryRecordWithTombstones() {
    create("a", 1);
    create("b", 2);
    delete("a", 1);

    assertThat(syncAll(0L, null, 1000)).containsExactly("a-", "b");
    assertThat(syncAll(null, null, 1)).containsExactly("a-", "b");
  }

  @Test
  void deltaSyncReturnsRecordsChangedAtOrAfterLastSyncWithTombstones() {
    create("a", 1);
    create("b", 2);
    fixture.clock.advance(Duration.ofMinutes(1));
    long lastSync = fixture.clock.millis();
    create("c", 3);
    delete("a", 1);

    assertThat(syncAll(lastSync, null, 1000)).containsExactly("a-", "c");
  }

  @Test
  void startedAtIsTakenAtTheFirstPageMinusTheMarginAndRepeatedOnEveryPage() {
    create("a", 1);
    create("b", 1);
    long expected = fixture.clock.millis() - SyncSettings.defaults().safetyMargin().toMillis();

    SyncPage first = sync.sync(tenant, NOTE, null, 0L, 1, null);
    fixture.clock.advance(Duration.ofMinutes(3));
    SyncPage second = sync.sync(tenant, NOTE, null, 0L, 1, first.nextToken().orElseThrow());

    assertThat(first.startedAt()).contains(expected);
    assertThat(second.startedAt()).contains(expected);
    assertThat(second.nextToken()).isEmpty();
  }

  @Test
  void aWriteDuringAPaginatedSyncIsReturnedByTheNextDeltaSync() {
    create("a", 1);
    create("b", 1);
    SyncPage first = sync.sync(tenant, NOTE, null, 0L, 1, null);
    fixture.store.update(
        tenant,
        NOTE,
        new HashMap<>(Map.of("id", "a", "title", "late", "_version", 1)),
        null,
        AUTOMERGE);
    SyncPage second = sync.sync(tenant, NOTE, null, 0L, 1, first.nextToken().orElseThrow());
    assertThat(ids(second)).containsExactly("b");

    List<String> delta = syncAll(second.startedAt().orElseThrow(), null, 1000);

    assertThat(delta).contains("a");
  }

  @Test
  void lastSyncOlderThanTheTombstoneRetentionAnswersAsABaseSync() {
    long old = fixture.clock.millis();
    create("a", 1);
    fixture.clock.advance(Duration.ofDays(31));
    create("b", 1);

    assertThat(syncAll(old + 1, null, 1000)).containsExactly("a", "b");
    assertThat(syncAll(fixture.clock.millis() - 1, null, 1000)).containsExactly("b");
  }

  @Test
  void theEstimateCountsWhatTheWholeSyncWillReturn() {
    create("a", 1);
    create("b", 5);
    create("c", 7);
    delete("a", 1);
    fixture.clock.advance(Duration.ofMinutes(1));
    long lastSync = fixture.clock.millis();
    create("d", 9);
    Map<String, ?> high = Map.of("rating", Map.of("gt", 4));

    assertThat(sync.estimate(tenant, NOTE, null, 0L))
        .as("base: every record, tombstones included")
        .hasValue(syncAll(0L, null, 1).size())
        .hasValue(4);
    assertThat(sync.estimate(tenant, NOTE, high, 0L)).hasValue(syncAll(0L, high, 1).size());
    assertThat(sync.estimate(tenant, NOTE, null, lastSync))
        .as("delta: only what changed since lastSync")
        .hasValue(syncAll(lastSync, null, 1).size())
        .hasValue(1);
    assertThat(sync.estimate(TenantId.of("s-empty"), NOTE, null, 0L)).hasValue(0);
  }

  @Test
  void syncHonoursTheFilter() {
    create("a", 1);
    create("b", 5);

    assertThat(syncAll(0L, Map.of("rating", Map.of("gt", 3)), 1000)).containsExactly("b");
  }

  @Test
  void oversizedOrNonPositiveLimitsAreRejected() {
    assertThatThrownBy(() -> sync.sync(tenant, NOTE, null, 0L, 1001, null))
        .isInstanceOf(DataException.InvalidInput.class)
        .hasMessageContaining("limit 1001 is out of range; use 1 to 1000");
    assertThatThrownBy(() -> sync.list(tenant, NOTE, null, 0, null))
        .isInstanceOf(DataException.InvalidInput.class);
  }

  @Test
  void nextTokenCannotBeForgedAlteredOrReusedForAnotherQuery() {
    create("a", 1);
    create("b", 1);
    String token = sync.sync(tenant, NOTE, null, 0L, 1, null).nextToken().orElseThrow();
    String payload =
        new String(
            Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
            StandardCharsets.UTF_8);
    String altered =
        Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    payload.replace(tenant.slug(), "victim").getBytes(StandardCharsets.UTF_8))
            + token.substring(token.indexOf('.'));
    TenantId other = TenantId.of("o-" + tenant.slug());

    for (Runnable misuse :
        List.<Runnable>of(
            () -> sync.sync(tenant, NOTE, null, 0L, 1, "garbage"),
            () -> sync.sync(tenant, NOTE, null, 0L, 1, altered),
            () -> sync.sync(other, NOTE, null, 0L, 1, token),
            () -> sync.sync(tenant, NOTE, Map.of("rating", Map.of("eq", 1)), 0L, 1, token),
            () -> sync.sync(tenant, NOTE, null, 5L, 1, token),
            () -> sync.sync(tenant, TestSchemas.bin(), null, 0L, 1, token),
            () -> sync.list(tenant, NOTE, null, 1, token))) {
      assertThatThrownBy(misuse::run)
          .isInstanceOf(DataException.InvalidInput.class)
          .hasMessageContaining("nextToken");
    }
  }

  @Test
  void aTokenSignedWithAnotherSecretIsRefused() {
    PageTokens mine = new PageTokens(SECRET);
    PageTokens theirs =
        new PageTokens("ffffffffffffffffffffffffffffffff".getBytes(StandardCharsets.UTF_8));

    String token = theirs.seal(new Document("k", "sync"));

    assertThatThrownBy(() -> mine.open(token)).isInstanceOf(DataException.InvalidInput.class);
    assertThat(theirs.open(token)).containsEntry("k", "sync");
  }

  @Test
  void filterHashIgnoresKeyOrder() {
    Map<String, Object> ab = new java.util.LinkedHashMap<>();
    ab.put("a", 1);
    ab.put("b", "x");
    Map<String, Object> ba = new java.util.LinkedHashMap<>();
    ba.put("b", "x");
    ba.put("a", 1);

    assertThat(PageTokens.filterHash(ab)).isEqualTo(PageTokens.filterHash(ba));
    assertThat(PageTokens.filterHash(ab))
        .isNotEqualTo(PageTokens.filterHash(Map.of("a", 2, "b", "x")));
  }

  @Test
  void listPagesThroughTheFilteredRecords() {
    for (int i = 0; i < 5; i++) {
      create("n" + i, i);
    }
    SyncPage first = sync.list(tenant, NOTE, Map.of("rating", Map.of("ge", 1)), 3, null);
    SyncPage second =
        sync.list(
            tenant, NOTE, Map.of("rating", Map.of("ge", 1)), 3, first.nextToken().orElseThrow());

    assertThat(ids(first)).containsExactly("n1", "n2", "n3");
    assertThat(ids(second)).containsExactly("n4");
    assertThat(second.nextToken()).isEmpty();
    assertThat(first.startedAt()).isEmpty();
  }

  @Test
  void aPageAskedOfAnotherNodeContinuesWhereTheFirstNodeStopped() {
    for (int i = 0; i < 5; i++) {
      create("n" + i, i);
    }
    SyncQueries otherNode = fixture.syncQueries();

    SyncPage first = sync.sync(tenant, NOTE, null, 0L, 2, null);
    SyncPage second = otherNode.sync(tenant, NOTE, null, 0L, 2, first.nextToken().get());
    SyncPage third = sync.sync(tenant, NOTE, null, 0L, 2, second.nextToken().get());

    assertThat(ids(first)).containsExactly("n0", "n1");
    assertThat(ids(second)).containsExactly("n2", "n3");
    assertThat(ids(third)).containsExactly("n4");
    assertThat(third.nextToken()).isEmpty();
  }

  @Test
  void aPageAskedTwiceIsAnsweredTheSameBothTimes() {
    for (int i = 0; i < 5; i++) {
      create("n" + i, i);
    }
    String token = sync.sync(tenant, NOTE, null, 0L, 2, null).nextToken().get();

    SyncPage once = sync.sync(tenant, NOTE, null, 0L, 2, token);
    SyncPage retried = sync.sync(tenant, NOTE, null, 0L, 2, token); // e.g. the answer was lost

    assertThat(ids(once)).containsExactly("n2", "n3");
    assertThat(ids(retried)).containsExactly("n2", "n3");
  }

  @Test
  void cursorsAreKeptBetweenPagesOnlyWhileMorePagesFollowAndWithinTheCap() {
    for (int i = 0; i < 5; i++) {
      create("n" + i, i);
    }
    SyncCursors cursors = new SyncCursors(fixture.clock, Duration.ofSeconds(30), 1);
    SyncQueries node =
        new SyncQueries(
            fixture.store, new PageTokens(SECRET), fixture.clock, SyncSettings.defaults(), cursors);

    SyncPage first = node.sync(tenant, NOTE, null, 0L, 2, null);
    int afterFirst = cursors.parked();
    SyncPage otherSync = node.list(tenant, NOTE, null, 2, null); // the cap is reached
    int whileFull = cursors.parked();
    SyncPage second = node.sync(tenant, NOTE, null, 0L, 2, first.nextToken().get());
    SyncPage rest = node.list(tenant, NOTE, null, 2, otherSync.nextToken().get());
    SyncPage last = node.sync(tenant, NOTE, null, 0L, 2, second.nextToken().get());

    assertThat(afterFirst).isEqualTo(1);
    assertThat(whileFull).isEqualTo(1);
    assertThat(ids(second)).containsExactly("n2", "n3");
    assertThat(ids(rest)).containsExactly("n2", "n3");
    assertThat(ids(last)).containsExactly("n4");
    assertThat(cursors.parked()).isZero();
  }

  @Test
  void aCursorIdleLongerThanTheTimeoutIsClosedAndThePageQueriedAfresh() {
    for (int i = 0; i < 3; i++) {
      create("n" + i, i);
    }
    SyncCursors cursors = new SyncCursors(fixture.clock, Duration.ofSeconds(30), 8);
    SyncQueries node =
        new SyncQueries(
            fixture.store, new PageTokens(SECRET), fixture.clock, SyncSettings.defaults(), cursors);
    SyncPage first = node.sync(tenant, NOTE, null, 0L, 2, null);
    create("n3", 3); // written while the client was away

    fixture.clock.advance(Duration.ofSeconds(31));
    SyncPage second = node.sync(tenant, NOTE, null, 0L, 2, first.nextToken().get());

    assertThat(ids(second)).containsExactly("n2", "n3");
    assertThat(cursors.parked()).isZero();
  }

  private void createTitled(String id, String title) {
    fixture.store.create(
        tenant, NOTE, new HashMap<>(Map.of("id", id, "title", title, "rating", 1)), null);
  }

  /** listEach must answer each group exactly as that group's own list would, page 2 included. */
  private void assertEachGroupPagesAsItsOwnList(List<String> titles, int limit) {
    List<SyncQueries.ListGroup> groups = new ArrayList<>();
    for (String title : titles) {
      Map<String, Object> filter = Map.of("title", Map.of("eq", title));
      groups.add(new SyncQueries.ListGroup(Map.of("title", title), filter));
    }

    List<SyncPage> batched = sync.listEach(tenant, NOTE, null, groups, limit);

    for (int i = 0; i < groups.size(); i++) {
      Map<String, ?> filter = groups.get(i).filter();
      SyncPage alone = sync.list(tenant, NOTE, filter, limit, null);
      assertThat(ids(batched.get(i))).as(titles.get(i)).isEqualTo(ids(alone));
      assertThat(batched.get(i).nextToken().isPresent())
          .as(titles.get(i))
          .isEqualTo(alone.nextToken().isPresent());
      if (alone.nextToken().isPresent()) {
        SyncPage next = sync.list(tenant, NOTE, filter, limit, batched.get(i).nextToken().get());
        SyncPage nextAlone = sync.list(tenant, NOTE, filter, limit, alone.nextToken().get());
        assertThat(ids(next)).as(titles.get(i)).isEqualTo(ids(nextAlone));
      }
    }
  }

  @Test
  void listEachAnswersEveryGroupAsItsOwnListWithOneScan() {
    for (int i = 0; i < 5; i++) {
      createTitled("a" + i, "red");
      createTitled("b" + i, "blue");
    }
    createTitled("c0", "green");

    assertEachGroupPagesAsItsOwnList(List.of("red", "blue", "green", "none", "red"), 2);
  }

  @Test
  void listEachFallsBackToAGroupsOwnQueryWhenAnotherGroupFillsTheScan() {
    for (int i = 0; i < 60; i++) {
      createTitled("a" + String.format("%03d", i), "busy"); // small ids: scanned first
    }
    createTitled("z0", "quiet");
    createTitled("z1", "quiet");
    createTitled("z2", "quiet");

    // 2 groups x (2 + 1) x 2 = 12 records read before the scan gives up on "quiet"
    assertEachGroupPagesAsItsOwnList(List.of("busy", "quiet"), 2);
  }
}
