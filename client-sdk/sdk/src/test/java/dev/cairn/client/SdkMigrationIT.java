package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.client.testmodel.Task;
import dev.cairn.testkit.CairnHttp;
import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.Deployments;
import dev.cairn.testkit.TestKeycloak;
import dev.cairn.testkit.TestStack;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What no DataStore client survives, against the real server WAR on Payara Micro with the run's
 * real Keycloak and the embedded MongoDB, each device on a real SQLite file: app upgrades with a
 * pending outbox (compatible: migrated in place, only the new field's records fetched;
 * incompatible: only the affected model rebuilt and base-synced, unfit entries reported), a sync
 * expression changed at run time (only the difference evicted and fetched), and two users
 * alternating on one device.
 */
@ExtendWith({CairnStackExtension.class, ArquillianExtension.class})
@RunAsClient
class SdkMigrationIT {
  static final String STABLE =
      """
      type Card @model @auth(rules: [{ allow: public }]) { id: ID! deck: String! n: Int }
      type Task @model @auth(rules: [{ allow: owner }]) { id: ID! title: String! }
      type Tag @model @auth(rules: [{ allow: public }]) { id: ID! label: String! }
      type Memo @model @auth(rules: [{ allow: groups, groupsField: "teams" }]) {
        id: ID!
        text: String!
        teams: [String]
      }
      """;
  static final String V1 =
      STABLE
          + "type Item @model @auth(rules: [{ allow: public }]) { id: ID! name: String! size: Int }";
  static final String V2 =
      STABLE
          + "type Item @model @auth(rules: [{ allow: public }]) { id: ID! name: String! size: Int"
          + " color: String }";
  static final String V3 =
      STABLE
          + "type Item @model @auth(rules: [{ allow: public }]) { id: ID! name: String! color:"
          + " String }";
  private static final int SEEDED = 60;

  private static TestKeycloak keycloak;
  private static String tenant;
  private static String apiKey;

  private final List<CairnClient> clients = new ArrayList<>();
  @ArquillianResource URL base;
  @TempDir Path dir;

  @Deployment(testable = false)
  static WebArchive server() {
    Map<String, String> config = new LinkedHashMap<>(TestStack.get().serverConfig());
    // No margin: a sync's startedAt is the moment it first reads, so records seeded (and
    // acknowledged) before it never come back in a later delta, and no test waits a margin out.
    config.put("cairn.sync.safety-margin-ms", "0");
    return Deployments.server(config);
  }

  @AfterEach
  void closeClients() {
    clients.forEach(
        c -> {
          try {
            c.close();
          } catch (RuntimeException alreadyClosed) {
            // signed out by the test
          }
        });
  }

  /** A fresh tenant with schema v1 per test, so that tests do not see each other's schemas. */
  private void tenantWithV1(TestKeycloak kc) throws Exception {
    keycloak = kc;
    String console = keycloak.consoleToken();
    tenant = "mig-" + UUID.randomUUID().toString().substring(0, 8);
    CairnHttp.at(base)
        .expect(201, "POST", "api/admin/tenants", console, "{\"slug\":\"" + tenant + "\"}");
    publish(V1, false);
    apiKey = CairnHttp.at(base).apiKey(console, tenant);
  }

  @Test
  void appUpgradesWithAPendingOutboxMigrateTheStoreAndFetchOnlyWhatTheyNeed(TestKeycloak kc)
      throws Exception {
    tenantWithV1(kc);
    // A seeder puts SEEDED items on the server; the device base-syncs them with schema v1.
    EventLog seederEvents = new EventLog();
    CairnClient seeder = client("seeder.db", seederEvents, ITEM_V1);
    seeder.start();
    for (int i = 0; i < SEEDED; i++) {
      seeder.save(item(i, "item " + i, i));
    }
    seederEvents.await(e -> e instanceof CairnEvent.OutboxMutationProcessed, SEEDED, WAIT);
    seeder.close();
    EventLog v1Events = new EventLog();
    CairnClient device = client("device.db", v1Events, ITEM_V1);
    device.start();
    v1Events.await(e -> e instanceof CairnEvent.Ready);
    assertThat(device.query(ITEM_V1)).hasSize(SEEDED);

    // The server moves to v2 and item-7 gets a colour, which the v1 device cannot see.
    publish(V2, false);
    String hashV2 = serverSchemaHash();
    CountDownLatch seven = new CountDownLatch(1);
    device.observe(ITEM_V1, QueryField.<String>of("id").eq("item-7"), c -> seven.countDown());
    Map<String, Object> colored =
        graphql(
            "mutation operation($input: UpdateItemInput!) { updateItem(input: $input) { id _version } }",
            Map.of("input", Map.of("id", "item-7", "color", "red", "_version", 1)));
    assertThat(colored.get("errors")).as(String.valueOf(colored)).isNull();
    assertThat(seven.await(60, TimeUnit.SECONDS)).isTrue();
    device.close();

    // Offline on v1: a rename and a create wait in the outbox.
    CairnClient offline = client("device.db", new EventLog(), ITEM_V1);
    offline.save(item(0, "renamed offline", 0));
    offline.save(item(1000, "created offline", 5));
    offline.close();

    // The app ships v2 (compatible): the store migrates in place, only item-7 is fetched again.
    EventLog v2Events = new EventLog();
    List<CairnException> v2Errors = new CopyOnWriteArrayList<>();
    CairnClient v2 = client("device.db", v2Events, v2Errors, hashV2, ITEM_V2);
    assertThat(v2.storeMigration().migrated()).containsExactly(Map.entry("Item", List.of("color")));
    assertThat(v2.storeMigration().rebuilt()).isEmpty();
    assertThat(v2.query(ITEM_V2)).hasSize(SEEDED + 1);
    v2.start();
    v2Events.await(e -> e instanceof CairnEvent.Ready);
    v2Events.await(e -> e instanceof CairnEvent.OutboxStatus s && s.empty());
    CairnEvent.FieldsFilled filled = only(v2Events, CairnEvent.FieldsFilled.class);
    assertThat(filled.fields()).containsExactly("color");
    assertThat(filled.received()).isEqualTo(1);
    CairnEvent.ModelSynced itemSynced = synced(v2Events, "Item");
    assertThat(itemSynced.fullSync()).isFalse();
    assertThat(itemSynced.received())
        .as("a delta of the device's own writes at most")
        .isLessThanOrEqualTo(3);
    assertThat(v2.query(ITEM_V2, "item-7")).map(m -> m.get("color")).contains("red");
    assertThat(serverRecord("item-0")).containsEntry("name", "renamed offline");
    assertThat(serverRecord("item-1000")).containsEntry("name", "created offline");
    assertThat(v2Events.count(e -> e instanceof CairnEvent.SchemaMismatch)).isZero();
    assertThat(v2Errors).isEmpty();
    // The same run, a full re-sync for comparison: a fresh device fetches every item.
    EventLog freshEvents = new EventLog();
    CairnClient fresh = client("fresh.db", freshEvents, ITEM_V2);
    fresh.start();
    freshEvents.await(e -> e instanceof CairnEvent.Ready);
    assertThat(synced(freshEvents, "Item").received()).isEqualTo(SEEDED + 1);
    v2.close();

    // Offline on v2: a change only to `size` (which v3 removes), a rename, and a new tag.
    CairnClient offline2 = client("device.db", new EventLog(), ITEM_V2);
    ItemRec resized = offline2.query(ITEM_V2, "item-1").orElseThrow();
    resized.put("size", 99L);
    offline2.save(resized);
    ItemRec renamed = offline2.query(ITEM_V2, "item-2").orElseThrow();
    renamed.put("name", "renamed before v3");
    offline2.save(renamed);
    offline2.save(tag("t-1", "kept"));
    offline2.close();

    // The app ships v3 (incompatible: `size` removed): only Item is rebuilt and base-synced.
    publish(V3, true);
    String hashV3 = serverSchemaHash();
    EventLog v3Events = new EventLog();
    List<CairnException> v3Errors = new CopyOnWriteArrayList<>();
    CairnClient v3 = client("device.db", v3Events, v3Errors, hashV3, ITEM_V3);
    StoreMigration m = v3.storeMigration();
    assertThat(m.rebuilt()).containsOnlyKeys("Item");
    assertThat(m.migratedMutations()).isEqualTo(1);
    assertThat(v3Errors)
        .singleElement()
        .isInstanceOfSatisfying(
            MutationDroppedException.class,
            d -> {
              assertThat(d.recordId()).isEqualTo("item-1");
              assertThat(d.data()).containsEntry("size", 99L);
            });
    v3.start();
    v3Events.await(e -> e instanceof CairnEvent.Ready);
    v3Events.await(e -> e instanceof CairnEvent.OutboxStatus s && s.empty());
    assertThat(synced(v3Events, "Item").fullSync()).isTrue();
    assertThat(synced(v3Events, "Item").received()).isGreaterThanOrEqualTo(SEEDED + 1);
    assertThat(synced(v3Events, "Tag").fullSync()).isFalse();
    assertThat(synced(v3Events, "Card").fullSync()).isFalse();
    assertThat(serverRecord("item-2")).containsEntry("name", "renamed before v3");
    assertThat(v3.query(TAG, "t-1")).isPresent();
    assertThat(v3.query(ITEM_V3)).hasSize(SEEDED + 1);

    // An app still on v2 against the v3 server hears about it.
    EventLog staleEvents = new EventLog();
    CairnClient stale =
        client("stale.db", staleEvents, new CopyOnWriteArrayList<>(), hashV2, ITEM_V2);
    stale.start();
    staleEvents.await(e -> e instanceof CairnEvent.SchemaMismatch);
    assertThat(only(staleEvents, CairnEvent.SchemaMismatch.class))
        .isEqualTo(new CairnEvent.SchemaMismatch(hashV2, hashV3));
  }

  @Test
  void aSyncExpressionChangedAtRunTimeEvictsAndFetchesOnlyTheDifference(TestKeycloak kc)
      throws Exception {
    tenantWithV1(kc);
    EventLog seederEvents = new EventLog();
    CairnClient seeder = client("seeder.db", seederEvents, ITEM_V1);
    seeder.start();
    for (int i = 0; i < 20; i++) {
      seeder.save(card("c-" + i, i < 10 ? "A" : "B", i));
    }
    seederEvents.await(e -> e instanceof CairnEvent.OutboxMutationProcessed, 20, WAIT);
    EventLog events = new EventLog();
    CairnClient device =
        register(
            builder("device.db", new CopyOnWriteArrayList<>(), null, ITEM_V1)
                .syncExpression(CARD, DECK.eq("A"))
                .build(),
            events);
    List<ModelChange<CardRec>> seen = new CopyOnWriteArrayList<>();
    device.observe(CARD, seen::add);
    device.start();
    events.await(e -> e instanceof CairnEvent.Ready);
    assertThat(device.query(CARD))
        .hasSize(10)
        .allSatisfy(c -> assertThat(c.get("deck")).isEqualTo("A"));
    seen.clear();

    device.setSyncExpression(CARD, DECK.eq("B"));
    events.await(e -> e instanceof CairnEvent.ScopeChanged);

    assertThat(only(events, CairnEvent.ScopeChanged.class))
        .isEqualTo(new CairnEvent.ScopeChanged("Card", 10, 10));
    assertThat(device.query(CARD))
        .hasSize(10)
        .allSatisfy(c -> assertThat(c.get("deck")).isEqualTo("B"));
    assertThat(seen.stream().filter(c -> c.mutation() == MutationType.DELETE)).hasSize(10);
    assertThat(seen.stream().filter(c -> c.mutation() == MutationType.CREATE)).hasSize(10);
    events.await(e -> e instanceof CairnEvent.ModelSynced s && s.model().equals("Card"), 2, WAIT);
    assertThat(
            events.all().stream()
                .filter(e -> e instanceof CairnEvent.ModelSynced s && s.model().equals("Card"))
                .map(e -> ((CairnEvent.ModelSynced) e).fullSync()))
        .containsExactly(true, false);
  }

  @Test
  void recordsWithPendingOutboxEntriesStayWhenTheScopeChangesAndTheirEntriesAreSent(TestKeycloak kc)
      throws Exception {
    tenantWithV1(kc);
    EventLog seederEvents = new EventLog();
    CairnClient seeder = client("seeder.db", seederEvents, ITEM_V1);
    seeder.start();
    for (int i = 0; i < 6; i++) {
      seeder.save(card("c-" + i, i < 3 ? "A" : "B", i));
    }
    seederEvents.await(e -> e instanceof CairnEvent.OutboxMutationProcessed, 6, WAIT);
    EventLog first = new EventLog();
    CairnClient onA =
        register(
            builder("device.db", new CopyOnWriteArrayList<>(), null, ITEM_V1)
                .syncExpression(CARD, DECK.eq("A"))
                .build(),
            first);
    onA.start();
    first.await(e -> e instanceof CairnEvent.Ready);
    assertThat(onA.query(CARD)).hasSize(3);
    onA.close();

    // Offline, the app now scoped to deck B edits c-0 of deck A: an entry waits in the outbox, and
    // stays there while the first sync round runs (its sending fails as a network error until
    // released; otherwise the outbox, which drains from start on, may send it before the round).
    EventLog events = new EventLog();
    HeldMutations network = new HeldMutations("updateCard");
    CairnClient onB =
        register(
            builder("device.db", new CopyOnWriteArrayList<>(), null, ITEM_V1)
                .syncExpression(CARD, DECK.eq("B"))
                .httpClient(network)
                .build(),
            events);
    CardRec edited = onB.query(CARD, "c-0").orElseThrow();
    edited.put("n", 100L);
    onB.save(edited);
    List<ModelChange<CardRec>> seen = new CopyOnWriteArrayList<>();
    onB.observe(CARD, seen::add);
    onB.start();
    events.await(e -> e instanceof CairnEvent.Ready);

    assertThat(only(events, CairnEvent.ScopeChanged.class))
        .as("c-1 and c-2 evicted; c-0 kept for its pending entry; deck B fetched")
        .isEqualTo(new CairnEvent.ScopeChanged("Card", 2, 3));
    assertThat(seen.stream().filter(c -> c.mutation() == MutationType.DELETE))
        .extracting(c -> (Object) c.model().get("id"))
        .containsExactlyInAnyOrder("c-1", "c-2");
    assertThat(events.count(e -> e instanceof CairnEvent.OutboxMutationProcessed)).isZero();
    assertThat(onB.query(CARD))
        .extracting(c -> c.get("id"))
        .containsExactlyInAnyOrder("c-0", "c-3", "c-4", "c-5");

    network.release();
    events.await(
        e -> e instanceof CairnEvent.OutboxMutationProcessed p && p.id().equals("c-0"), 1, WAIT);
    assertThat(onB.query(CARD))
        .extracting(c -> c.get("id"))
        .as("the kept record stays after its entry is sent, out of scope but current")
        .containsExactlyInAnyOrder("c-0", "c-3", "c-4", "c-5");
    assertThat(onB.query(CARD, "c-0")).map(c -> c.get("n")).contains(100L);
    Map<?, ?> onServer =
        (Map<?, ?>)
            data(graphql(
                    "query operation($id: ID!) { getCard(id: $id) { n _version } }",
                    Map.of("id", "c-0")))
                .get("getCard");
    assertThat(onServer.get("n")).isEqualTo(100L);
    assertThat(onServer.get("_version")).isEqualTo(2L);

    // The next scope change that still leaves c-0 out evicts it: nothing of it is pending now.
    events.await(e -> e instanceof CairnEvent.OutboxStatus o && o.empty());
    onB.setSyncExpression(CARD, QueryField.<Long>of("n").lt(50L));
    events.await(e -> e instanceof CairnEvent.ScopeChanged, 2, WAIT);

    assertThat(events.all().stream().filter(e -> e instanceof CairnEvent.ScopeChanged).skip(1))
        .as("c-0 (n = 100) evicted; c-1 and c-2 (n < 50, not deck B) fetched")
        .containsExactly(new CairnEvent.ScopeChanged("Card", 1, 2));
    assertThat(onB.query(CARD))
        .extracting(c -> c.get("id"))
        .containsExactlyInAnyOrder("c-1", "c-2", "c-3", "c-4", "c-5");
  }

  @Test
  void syncProgressEstimatesTheTotalOfOnlyWhatTheUserMayRead(TestKeycloak kc) throws Exception {
    tenantWithV1(kc);
    keycloak.createAppUser(tenant, "carol", "pw");
    keycloak.createAppUser(tenant, "erin", "pw");
    EventLog carolEvents = new EventLog();
    CairnClient carol = pagedUserClient(dir.resolve("carol"), "carol", carolEvents);
    carol.start();
    carolEvents.await(e -> e instanceof CairnEvent.Ready);
    for (int i = 0; i < 25; i++) {
      carol.save(new Task("c" + i, "carol's " + i, null));
    }
    EventLog erinEvents = new EventLog();
    CairnClient erin = pagedUserClient(dir.resolve("erin"), "erin", erinEvents);
    erin.start();
    erinEvents.await(e -> e instanceof CairnEvent.Ready);
    for (int i = 0; i < 3; i++) {
      erin.save(new Task("e" + i, "erin's " + i, null));
    }
    carolEvents.await(e -> e instanceof CairnEvent.OutboxMutationProcessed, 25, WAIT);
    erinEvents.await(e -> e instanceof CairnEvent.OutboxMutationProcessed, 3, WAIT);

    // Carol on a new device: a base sync in pages of 10 of her 25 tasks (erin's 3 not counted).
    EventLog fresh = new EventLog();
    CairnClient carolAgain = pagedUserClient(dir.resolve("carol-new"), "carol", fresh);
    carolAgain.start();
    fresh.await(e -> e instanceof CairnEvent.Ready);
    EventLog erinFresh = new EventLog();
    CairnClient erinAgain = pagedUserClient(dir.resolve("erin-new"), "erin", erinFresh);
    erinAgain.start();
    erinFresh.await(e -> e instanceof CairnEvent.Ready);

    assertThat(progress(fresh, "Task"))
        .containsExactly(
            new CairnEvent.SyncProgress("Task", 10, java.util.OptionalLong.of(25)),
            new CairnEvent.SyncProgress("Task", 20, java.util.OptionalLong.of(25)),
            new CairnEvent.SyncProgress("Task", 25, java.util.OptionalLong.of(25)));
    assertThat(progress(fresh, "Task").get(0).fraction()).hasValue(0.4);
    assertThat(progress(erinFresh, "Task"))
        .containsExactly(new CairnEvent.SyncProgress("Task", 3, java.util.OptionalLong.of(3)));
  }

  /** The progress of the first sync of {@code model}: its events up to its ModelSynced. */
  private static List<CairnEvent.SyncProgress> progress(EventLog events, String model) {
    List<CairnEvent.SyncProgress> out = new ArrayList<>();
    for (CairnEvent e : events.all()) {
      if (e instanceof CairnEvent.SyncProgress p && p.model().equals(model)) {
        out.add(p);
      } else if (e instanceof CairnEvent.ModelSynced s && s.model().equals(model)) {
        break;
      }
    }
    return out;
  }

  private CairnClient pagedUserClient(Path directory, String user, EventLog events) {
    return register(
        CairnClient.builder()
            .endpoint(endpoint())
            .auth(
                KeycloakAuth.password(
                    URI.create(keycloak.url()),
                    TestKeycloak.tenantRealm(tenant),
                    "cairn-app",
                    user,
                    "pw"))
            .models(Task.TYPE)
            .storeDirectory(directory)
            .syncPageSize(10)
            .build(),
        events);
  }

  @Test
  void twoUsersAlternateOnOneDeviceWithoutSeeingEachOthersDataAndKeepTheirOutboxes(TestKeycloak kc)
      throws Exception {
    tenantWithV1(kc);
    keycloak.createAppUser(tenant, "alice", "pw");
    keycloak.createAppUser(tenant, "bob", "pw");
    Path users = dir.resolve("users");
    String tag = UUID.randomUUID().toString().substring(0, 8);

    EventLog aliceEvents = new EventLog();
    CairnClient alice = userClient(users, "alice", aliceEvents);
    alice.start();
    aliceEvents.await(e -> e instanceof CairnEvent.Ready);
    alice.save(new Task("a1-" + tag, "alice online", null));
    aliceEvents.await(e -> e instanceof CairnEvent.OutboxMutationProcessed);
    alice.stop();
    alice.save(new Task("a2-" + tag, "alice offline", null));
    Path aliceFile = alice.storeFile();
    alice.signOut(false);

    EventLog bobEvents = new EventLog();
    CairnClient bob = userClient(users, "bob", bobEvents);
    assertThat(bob.storeFile()).isNotEqualTo(aliceFile);
    assertThat(bob.query(Task.TYPE)).isEmpty();
    bob.start();
    bobEvents.await(e -> e instanceof CairnEvent.Ready);
    bob.save(new Task("b1-" + tag, "bob's", null));
    bobEvents.await(e -> e instanceof CairnEvent.OutboxMutationProcessed);
    assertThat(bob.query(Task.TYPE)).extracting(Task::id).containsExactly("b1-" + tag);
    Path bobFile = bob.storeFile();
    bob.signOut(true);
    assertThat(bobFile).doesNotExist();

    EventLog againEvents = new EventLog();
    CairnClient aliceAgain = userClient(users, "alice", againEvents);
    assertThat(aliceAgain.storeFile()).isEqualTo(aliceFile);
    assertThat(aliceAgain.query(Task.TYPE))
        .extracting(Task::id)
        .containsExactlyInAnyOrder("a1-" + tag, "a2-" + tag);
    aliceAgain.start();
    againEvents.await(
        e -> e instanceof CairnEvent.OutboxMutationProcessed p && p.id().equals("a2-" + tag));
    againEvents.await(e -> e instanceof CairnEvent.Ready);
    CairnEvent.ModelSynced tasks = synced(againEvents, "Task");
    assertThat(tasks.fullSync()).as("switching back is a delta sync").isFalse();
    assertThat(tasks.received())
        .as("only alice's own two writes since her last sync")
        .isLessThanOrEqualTo(2);
    assertThat(aliceAgain.query(Task.TYPE)).extracting(Task::id).doesNotContain("b1-" + tag);
  }

  @Test
  void aGroupRemovedFromTheUsersTokenEvictsThatGroupsRecordsOnTheNextSync(TestKeycloak kc)
      throws Exception {
    tenantWithV1(kc);
    String realm = TestKeycloak.tenantRealm(tenant);
    keycloak.createUser(realm, "dave", "pw", "red", "blue");
    Path users = dir.resolve("users");
    EventLog before = new EventLog();
    CairnClient dave = userClient(users, "dave", before, MEMO);
    dave.start();
    before.await(e -> e instanceof CairnEvent.Ready);
    for (int i = 0; i < 4; i++) {
      dave.save(memo("m-" + i, i % 2 == 0 ? "red" : "blue"));
    }
    before.await(e -> e instanceof CairnEvent.OutboxMutationProcessed, 4, WAIT);
    assertThat(dave.query(MEMO)).hasSize(4);
    dave.signOut(false);

    keycloak.leaveGroup(realm, "dave", "blue");
    EventLog after = new EventLog();
    CairnClient daveAgain = userClient(users, "dave", after, MEMO);
    List<ModelChange<MemoRec>> seen = new CopyOnWriteArrayList<>();
    daveAgain.observe(MEMO, seen::add);
    daveAgain.start();
    after.await(e -> e instanceof CairnEvent.Ready);

    assertThat(
            after.all().stream()
                .filter(e -> e instanceof CairnEvent.ScopeChanged s && s.model().equals("Memo")))
        .containsExactly(new CairnEvent.ScopeChanged("Memo", 2, 0));
    assertThat(daveAgain.query(MEMO))
        .extracting(m -> m.get("id"))
        .containsExactlyInAnyOrder("m-0", "m-2");
    assertThat(seen)
        .hasSize(2)
        .allSatisfy(c -> assertThat(c.mutation()).isEqualTo(MutationType.DELETE));
    assertThat(synced(after, "Memo").fullSync()).isFalse();
  }

  // --- models: maps, so that three versions of Item can live in one test ---

  static final ModelType<ItemRec> ITEM_V1 =
      map(ItemRec.class, ItemRec::new, "Item", "Items")
          .field(ModelField.of("id", FieldKind.ID, true))
          .field(ModelField.of("name", FieldKind.STRING, true))
          .field(ModelField.of("size", FieldKind.INT, false))
          .build();
  static final ModelType<ItemRec> ITEM_V2 =
      map(ItemRec.class, ItemRec::new, "Item", "Items")
          .field(ModelField.of("id", FieldKind.ID, true))
          .field(ModelField.of("name", FieldKind.STRING, true))
          .field(ModelField.of("size", FieldKind.INT, false))
          .field(ModelField.of("color", FieldKind.STRING, false))
          .build();
  static final ModelType<ItemRec> ITEM_V3 =
      map(ItemRec.class, ItemRec::new, "Item", "Items")
          .field(ModelField.of("id", FieldKind.ID, true))
          .field(ModelField.of("name", FieldKind.STRING, true))
          .field(ModelField.of("color", FieldKind.STRING, false))
          .build();
  static final ModelType<TagRec> TAG =
      map(TagRec.class, TagRec::new, "Tag", "Tags")
          .field(ModelField.of("id", FieldKind.ID, true))
          .field(ModelField.of("label", FieldKind.STRING, true))
          .build();
  static final ModelType<CardRec> CARD =
      map(CardRec.class, CardRec::new, "Card", "Cards")
          .field(ModelField.of("id", FieldKind.ID, true))
          .field(ModelField.of("deck", FieldKind.STRING, true))
          .field(ModelField.of("n", FieldKind.INT, false))
          .build();
  static final ModelType<MemoRec> MEMO =
      map(MemoRec.class, MemoRec::new, "Memo", "Memos")
          .field(ModelField.of("id", FieldKind.ID, true))
          .field(ModelField.of("text", FieldKind.STRING, true))
          .field(ModelField.of("teams", FieldKind.STRING, false).asList())
          .build();
  static final QueryField<String> DECK = QueryField.of("deck");
  private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(90);

  /** A record as a map; one subclass per model, as the client tells models apart by class. */
  static class Rec extends LinkedHashMap<String, Object> {
    private static final long serialVersionUID = 1L;
  }

  static final class ItemRec extends Rec {
    private static final long serialVersionUID = 1L;
  }

  static final class TagRec extends Rec {
    private static final long serialVersionUID = 1L;
  }

  static final class CardRec extends Rec {
    private static final long serialVersionUID = 1L;
  }

  static final class MemoRec extends Rec {
    private static final long serialVersionUID = 1L;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static <R extends Rec> ModelType.Builder<R> map(
      Class<R> type, java.util.function.Supplier<R> make, String name, String plural) {
    ModelType.Builder<R> b = (ModelType.Builder) ModelType.builder(type, name, plural);
    return b.codec(
        m -> m,
        values -> {
          R r = make.get();
          r.putAll(values);
          return r;
        });
  }

  static ItemRec item(int i, String name, int size) {
    ItemRec m = new ItemRec();
    m.put("id", "item-" + i);
    m.put("name", name);
    m.put("size", size);
    return m;
  }

  static TagRec tag(String id, String label) {
    TagRec m = new TagRec();
    m.put("id", id);
    m.put("label", label);
    return m;
  }

  static MemoRec memo(String id, String team) {
    MemoRec m = new MemoRec();
    m.put("id", id);
    m.put("text", "for " + team);
    m.put("teams", List.of(team));
    return m;
  }

  static CardRec card(String id, String deck, int n) {
    CardRec m = new CardRec();
    m.put("id", id);
    m.put("deck", deck);
    m.put("n", n);
    return m;
  }

  // --- helpers ---

  private CairnClient client(String file, EventLog events, ModelType<?> item) {
    return client(file, events, new CopyOnWriteArrayList<>(), null, item);
  }

  private CairnClient client(
      String file, EventLog events, List<CairnException> errors, String hash, ModelType<?> item) {
    return register(builder(file, errors, hash, item).build(), events);
  }

  private CairnClient.Builder builder(
      String file, List<CairnException> errors, String hash, ModelType<?> item) {
    CairnClient.Builder b =
        CairnClient.builder()
            .endpoint(endpoint())
            .auth(Auth.apiKey(apiKey))
            .models(item, TAG, CARD)
            .storeFile(dir.resolve(file))
            .syncPageSize(20)
            .errorHandler(errors::add);
    return hash == null ? b : b.schemaHash(hash);
  }

  private CairnClient register(CairnClient client, EventLog events) {
    client.addEventListener(events::add);
    clients.add(client);
    return client;
  }

  private CairnClient userClient(Path directory, String user, EventLog events) {
    return userClient(directory, user, events, Task.TYPE);
  }

  private CairnClient userClient(Path directory, String user, EventLog events, ModelType<?> model) {
    return register(
        CairnClient.builder()
            .endpoint(endpoint())
            .auth(
                KeycloakAuth.password(
                    URI.create(keycloak.url()),
                    TestKeycloak.tenantRealm(tenant),
                    "cairn-app",
                    user,
                    "pw"))
            .models(model)
            .storeDirectory(directory)
            .build(),
        events);
  }

  private static <E extends CairnEvent> E only(EventLog events, Class<E> type) {
    List<CairnEvent> matching = events.all().stream().filter(type::isInstance).toList();
    assertThat(matching).as(type.getSimpleName()).hasSize(1);
    return type.cast(matching.get(0));
  }

  private static CairnEvent.ModelSynced synced(EventLog events, String model) {
    return events.all().stream()
        .filter(e -> e instanceof CairnEvent.ModelSynced s && s.model().equals(model))
        .map(e -> (CairnEvent.ModelSynced) e)
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no ModelSynced for " + model + " in " + events.all()));
  }

  private URI endpoint() {
    return CairnHttp.at(base).graphqlEndpoint(tenant);
  }

  private void publish(String sdl, boolean confirmBreaking) throws Exception {
    CairnHttp.at(base)
        .expect(
            201,
            "POST",
            "api/admin/tenants/" + tenant + "/schemas?confirmBreaking=" + confirmBreaking,
            keycloak.consoleToken(),
            sdl);
  }

  private String serverSchemaHash() throws Exception {
    return (String)
        data(graphql("query operation { _cairnSchemaHash }", Map.of())).get("_cairnSchemaHash");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> serverRecord(String id) throws Exception {
    return (Map<String, Object>)
        data(graphql(
                "query operation($id: ID!) { getItem(id: $id) { id name _version } }",
                Map.of("id", id)))
            .get("getItem");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> data(Map<String, Object> response) {
    assertThat(response.get("errors")).as(String.valueOf(response)).isNull();
    return (Map<String, Object>) response.get("data");
  }

  private Map<String, Object> graphql(String query, Map<String, Object> variables)
      throws Exception {
    return TestTenant.of(URI.create(base.toString()), tenant, apiKey).graphql(query, variables);
  }
}
