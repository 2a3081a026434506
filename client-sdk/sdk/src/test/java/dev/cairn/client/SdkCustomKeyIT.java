package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.client.testmodel.Bin;
import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.ClassTenant;
import dev.cairn.testkit.Deployments;
import dev.cairn.testkit.TestKeycloak;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models keyed by a {@code @primaryKey} with sort key fields, synced by SDK clients through the
 * real server WAR on Payara Micro (real Keycloak, embedded MongoDB), each client on its own real
 * SQLite file: records sharing a partition key are created, updated and deleted on one client and
 * reach the other, both ways, with edits made while the clients were offline; a late client
 * base-syncs them; a lost create acknowledgement of a record keyed by an {@code ID}, an {@code
 * AWSDate} and an {@code Int} is read back by its whole key; a conflict on such a record (under
 * optimistic concurrency) goes to the conflict handler and both clients converge; a new sync
 * expression, and a change of the user's groups, evict and fetch records by their whole key.
 */
@ExtendWith({CairnStackExtension.class, ArquillianExtension.class})
@RunAsClient
class SdkCustomKeyIT {
  static final String SCHEMA =
      """
      type Bin @model @auth(rules: [{ allow: public }]) {
        warehouseId: ID! @primaryKey(sortKeyFields: ["code"])
        code: String!
        aisle: String
        capacity: Int
      }
      type Reading @model @auth(rules: [{ allow: public }]) {
        sensorId: ID! @primaryKey(sortKeyFields: ["day", "seq"])
        day: AWSDate!
        seq: Int!
        level: Int
      }
      type Crate @model @auth(rules: [{ allow: groups, groupsField: "teams" }]) {
        site: ID! @primaryKey(sortKeyFields: ["slot"])
        slot: Int!
        label: String!
        teams: [String]
      }
      """;
  private static final Duration WAIT = Duration.ofSeconds(90);

  /** {@code Reading}, keyed by {@code sensorId} with the sort keys {@code day} and {@code seq}. */
  record Reading(String sensorId, String day, Integer seq, Integer level) {
    static final ModelType<Reading> TYPE =
        ModelType.builder(Reading.class, "Reading", "Readings")
            .field(ModelField.of("sensorId", FieldKind.ID, true))
            .field(ModelField.of("day", FieldKind.STRING, true))
            .field(ModelField.of("seq", FieldKind.INT, true))
            .field(ModelField.of("level", FieldKind.INT, false))
            .field(ModelField.readOnly("createdAt", FieldKind.STRING))
            .field(ModelField.readOnly("updatedAt", FieldKind.STRING))
            .primaryKey("sensorId", "day", "seq")
            .codec(
                r -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("sensorId", r.sensorId());
                  m.put("day", r.day());
                  m.put("seq", r.seq());
                  m.put("level", r.level());
                  return m;
                },
                m ->
                    new Reading(
                        (String) m.get("sensorId"),
                        (String) m.get("day"),
                        m.get("seq") == null ? null : ((Number) m.get("seq")).intValue(),
                        m.get("level") == null ? null : ((Number) m.get("level")).intValue()))
            .build();
  }

  /**
   * {@code Crate}, keyed by {@code site} and {@code slot}, readable by the groups in {@code teams}.
   */
  record Crate(String site, Integer slot, String label, List<String> teams) {
    static final ModelType<Crate> TYPE =
        ModelType.builder(Crate.class, "Crate", "Crates")
            .field(ModelField.of("site", FieldKind.ID, true))
            .field(ModelField.of("slot", FieldKind.INT, true))
            .field(ModelField.of("label", FieldKind.STRING, true))
            .field(ModelField.of("teams", FieldKind.STRING, false).asList())
            .field(ModelField.readOnly("createdAt", FieldKind.STRING))
            .field(ModelField.readOnly("updatedAt", FieldKind.STRING))
            .primaryKey("site", "slot")
            .codec(
                c -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("site", c.site());
                  m.put("slot", c.slot());
                  m.put("label", c.label());
                  m.put("teams", c.teams());
                  return m;
                },
                m ->
                    new Crate(
                        (String) m.get("site"),
                        m.get("slot") == null ? null : ((Number) m.get("slot")).intValue(),
                        (String) m.get("label"),
                        m.get("teams") == null
                            ? null
                            : ((List<?>) m.get("teams")).stream().map(String.class::cast).toList()))
            .build();

    static Crate of(String site, int slot, String team) {
      return new Crate(site, slot, team + " crate " + slot, List.of(team));
    }
  }

  @RegisterExtension
  static final ClassTenant TENANT =
      ClassTenant.signUp("sdk-", SCHEMA)
          .conflicts(
              "{\"default\":\"AUTOMERGE\",\"models\":{\"Reading\":\"OPTIMISTIC_CONCURRENCY\"}}")
          .withApiKey();

  private final List<CairnClient> clients = new ArrayList<>();
  private final StoreChanges changes = new StoreChanges();
  @ArquillianResource URL base;
  @TempDir Path dir;

  @Deployment(testable = false)
  static WebArchive server() {
    return Deployments.server();
  }

  @AfterEach
  void closeClients() {
    clients.forEach(CairnClient::close);
  }

  @Test
  void twoClientsSyncUpdateAndDeleteRecordsSharingAPartitionKeyBothWaysWithOfflineEdits()
      throws Exception {
    String w = "w-" + UUID.randomUUID();
    EventLog bobEvents = new EventLog();
    CairnClient bob = client("bob.db", bobEvents);
    bob.start();
    bobEvents.await(e -> e instanceof CairnEvent.Ready);

    // Alice writes before she ever connects; her outbox drains on start and bob sees it live.
    EventLog aliceEvents = new EventLog();
    CairnClient alice = client("alice.db", aliceEvents);
    alice.save(new Bin(w, "A-01", "north", 10));
    alice.save(new Bin(w, "A-02", "north", 20));
    alice.start();
    aliceEvents.await(e -> e instanceof CairnEvent.OutboxMutationProcessed, 2, WAIT);
    assertThat(aliceEvents.all())
        .filteredOn(e -> e instanceof CairnEvent.OutboxMutationProcessed)
        .extracting(e -> ((CairnEvent.OutboxMutationProcessed) e).id())
        .containsExactly(key(w, "A-01"), key(w, "A-02"));
    changes.await(
        () -> bin(bob, w, "A-01").isPresent() && bin(bob, w, "A-02").isPresent(),
        "bob has alice's two bins");
    assertThat(bin(bob, w, "A-02")).contains(new Bin(w, "A-02", "north", 20));

    // Bob edits one of the two; only that one changes on alice's side.
    bob.save(bin(bob, w, "A-02").orElseThrow().withCapacity(7));
    changes.await(
        () -> bin(alice, w, "A-02").map(Bin::capacity).equals(Optional.of(7)),
        "alice has bob's new capacity of A-02");
    assertThat(bin(alice, w, "A-01")).contains(new Bin(w, "A-01", "north", 10));
    assertThat(serverBin(w, "A-02")).containsEntry("capacity", 7L).containsEntry("_version", 2L);
    assertThat(serverBin(w, "A-01")).containsEntry("_version", 1L);

    // Both go offline and edit: different fields of A-01, a delete, a create.
    alice.stop();
    bob.stop();
    alice.save(bin(alice, w, "A-01").orElseThrow().withCapacity(99));
    alice.save(new Bin(w, "A-03", "south", 30));
    bob.save(bin(bob, w, "A-01").orElseThrow().withAisle("moved"));
    bob.delete(bin(bob, w, "A-02").orElseThrow());
    assertThat(bin(bob, w, "A-02")).isEmpty();
    alice.start();
    bob.start();

    Bin a01 = new Bin(w, "A-01", "moved", 99);
    Bin a03 = new Bin(w, "A-03", "south", 30);
    for (CairnClient client : List.of(alice, bob)) {
      changes.await(
          () ->
              bin(client, w, "A-01").equals(Optional.of(a01))
                  && bin(client, w, "A-02").isEmpty()
                  && bin(client, w, "A-03").equals(Optional.of(a03)),
          "both clients converge on A-01 merged, A-02 deleted, A-03 created");
    }
    assertThat(aliceEvents.count(e -> e instanceof CairnEvent.MutationFailed)).isZero();
    assertThat(bobEvents.count(e -> e instanceof CairnEvent.MutationFailed)).isZero();
    assertThat(serverBin(w, "A-01")).containsEntry("aisle", "moved").containsEntry("capacity", 99L);
    assertThat(serverBin(w, "A-02")).containsEntry("_deleted", true);
    assertThat(serverBin(w, "A-03")).containsEntry("_version", 1L);

    // A client started now base-syncs the partition: two live bins, the deleted one absent.
    EventLog carolEvents = new EventLog();
    CairnClient carol = client("carol.db", carolEvents);
    carol.start();
    carolEvents.await(e -> e instanceof CairnEvent.Ready);
    assertThat(carol.query(Bin.TYPE, Bin.WAREHOUSE_ID.eq(w))).containsExactlyInAnyOrder(a01, a03);
  }

  @Test
  void aLostCreateAcknowledgementIsReadBackByTheWholeKeyOfIdDateAndIntFields() throws Exception {
    String sensor = "s-" + UUID.randomUUID();
    // The create reached the server, but the client never heard back: it is still queued locally.
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("sensorId", sensor);
    input.put("day", "2026-11-29");
    input.put("seq", 3);
    input.put("level", 40);
    Map<String, Object> created =
        graphql(
            "mutation operation($input: CreateReadingInput!) { createReading(input: $input) {"
                + " sensorId } }",
            Map.of("input", input));
    assertThat(created).doesNotContainKey("errors");
    EventLog events = new EventLog();
    CairnClient client = client("lost.db", events);
    client.save(new Reading(sensor, "2026-11-29", 3, 40));
    client.save(new Reading(sensor, "2026-11-29", 4, 41));

    client.start();

    events.await(e -> e instanceof CairnEvent.OutboxMutationProcessed, 2, WAIT);
    assertThat(events.count(e -> e instanceof CairnEvent.MutationFailed)).isZero();
    assertThat(events.all())
        .filteredOn(e -> e instanceof CairnEvent.OutboxMutationProcessed)
        .extracting(e -> ((CairnEvent.OutboxMutationProcessed) e).id())
        .containsExactly(
            "[\"" + sensor + "\",\"2026-11-29\",3]", "[\"" + sensor + "\",\"2026-11-29\",4]");
    assertThat(serverReading(sensor, 3)).containsEntry("_version", 1L);

    client.save(new Reading(sensor, "2026-11-29", 3, 42));
    client.delete(new Reading(sensor, "2026-11-29", 4, null));
    events.await(e -> e instanceof CairnEvent.OutboxMutationProcessed, 4, WAIT);
    assertThat(serverReading(sensor, 3)).containsEntry("level", 42L).containsEntry("_version", 2L);
    assertThat(serverReading(sensor, 4)).containsEntry("_deleted", true);
    assertThat(client.queryByKey(Reading.TYPE, sensor, "2026-11-29", 3))
        .contains(new Reading(sensor, "2026-11-29", 3, 42));
    assertThat(client.queryByKey(Reading.TYPE, sensor, "2026-11-29", 4)).isEmpty();
  }

  @Test
  void aConflictOnARecordWithACompositeKeyGoesToTheHandlerAndBothClientsConverge()
      throws Exception {
    String sensor = "c-" + UUID.randomUUID();
    String day = "2026-11-30";
    EventLog aliceEvents = new EventLog();
    CairnClient alice = client("alice.db", aliceEvents);
    List<ConflictHandler.Conflict> conflicts = new java.util.concurrent.CopyOnWriteArrayList<>();
    EventLog bobEvents = new EventLog();
    CairnClient bob =
        client(
            "bob.db",
            bobEvents,
            c -> {
              conflicts.add(c);
              return new ConflictHandler.RetryWith(Map.of("level", 5));
            });
    alice.start();
    bob.start();
    aliceEvents.await(e -> e instanceof CairnEvent.Ready);
    bobEvents.await(e -> e instanceof CairnEvent.Ready);
    alice.save(new Reading(sensor, day, 1, 1));
    changes.await(
        () -> bob.queryByKey(Reading.TYPE, sensor, day, 1).isPresent(), "bob has the reading");

    alice.stop();
    bob.stop();
    alice.save(new Reading(sensor, day, 1, 2));
    bob.save(new Reading(sensor, day, 1, 3));
    alice.start();
    aliceEvents.await(e -> e instanceof CairnEvent.OutboxMutationProcessed, 2, WAIT);
    bob.start();

    Reading resolved = new Reading(sensor, day, 1, 5);
    for (CairnClient client : List.of(alice, bob)) {
      changes.await(
          () -> client.queryByKey(Reading.TYPE, sensor, day, 1).equals(Optional.of(resolved)),
          "both clients converge on the handler's level");
    }
    assertThat(conflicts)
        .first()
        .satisfies(
            c -> {
              assertThat(c.id()).isEqualTo("[\"" + sensor + "\",\"" + day + "\",1]");
              assertThat(c.local()).containsEntry("level", 3L);
              assertThat(c.remote()).containsEntry("level", 2L).containsEntry("_version", 2L);
            });
    assertThat(serverReading(sensor, day, 1))
        .containsEntry("level", 5L)
        .containsEntry("_version", 3L);
  }

  @Test
  void aNewSyncExpressionEvictsAndFetchesRecordsByTheirWholeKey() throws Exception {
    String w1 = "s1-" + UUID.randomUUID();
    String w2 = "s2-" + UUID.randomUUID();
    EventLog writerEvents = new EventLog();
    CairnClient writer = client("writer.db", writerEvents);
    writer.save(new Bin(w1, "A", null, 1));
    writer.save(new Bin(w1, "B", null, 2));
    writer.save(new Bin(w2, "A", null, 3));
    writer.start();
    writerEvents.await(e -> e instanceof CairnEvent.OutboxMutationProcessed, 3, WAIT);

    EventLog events = new EventLog();
    CairnClient scoped =
        CairnClient.builder()
            .endpoint(endpoint())
            .auth(Auth.apiKey(TENANT.apiKey()))
            .models(Bin.TYPE, Reading.TYPE)
            .storeFile(dir.resolve("scoped.db"))
            .syncExpression(Bin.TYPE, Bin.WAREHOUSE_ID.eq(w1))
            .build();
    scoped.addEventListener(events::add);
    clients.add(scoped);
    scoped.start();
    events.await(e -> e instanceof CairnEvent.Ready);
    assertThat(scoped.query(Bin.TYPE))
        .containsExactlyInAnyOrder(new Bin(w1, "A", null, 1), new Bin(w1, "B", null, 2));

    scoped.setSyncExpression(Bin.TYPE, Bin.WAREHOUSE_ID.eq(w2));

    events.await(e -> e instanceof CairnEvent.ScopeChanged s && s.model().equals("Bin"));
    assertThat(events.all())
        .filteredOn(e -> e instanceof CairnEvent.ScopeChanged)
        .singleElement()
        .isEqualTo(new CairnEvent.ScopeChanged("Bin", 2, 1));
    assertThat(scoped.query(Bin.TYPE)).containsExactly(new Bin(w2, "A", null, 3));
  }

  @Test
  void aGroupChangeEvictsAndFetchesRecordsByTheirWholeKey(TestKeycloak keycloak) throws Exception {
    String realm = "cairn-t-" + TENANT.slug();
    String site = "site-" + UUID.randomUUID();
    String other = "other-" + UUID.randomUUID();
    keycloak.createUser(realm, "erin", "pw", "green");
    keycloak.createUser(realm, "dave", "pw", "red", "blue");
    Path users = dir.resolve("users");

    // Erin's green crates exist before dave's first sync, so no delta sync of his brings them: only
    // the reconcile after his groups change can. One shares dave's partition key, one the sort key
    // of the crate he is about to lose.
    EventLog erinEvents = new EventLog();
    CairnClient erin = userClient(keycloak, users, "erin", erinEvents);
    erin.save(Crate.of(site, 4, "green"));
    erin.save(Crate.of(other, 2, "green"));
    erin.start();
    erinEvents.await(e -> e instanceof CairnEvent.OutboxMutationProcessed, 2, WAIT);
    signOut(erin);

    EventLog before = new EventLog();
    CairnClient dave = userClient(keycloak, users, "dave", before);
    dave.start();
    before.await(e -> e instanceof CairnEvent.Ready);
    dave.save(Crate.of(site, 1, "red"));
    dave.save(Crate.of(site, 2, "blue"));
    dave.save(Crate.of(site, 3, "red"));
    before.await(e -> e instanceof CairnEvent.OutboxMutationProcessed, 3, WAIT);
    assertThat(dave.query(Crate.TYPE)).extracting(Crate::slot).containsExactlyInAnyOrder(1, 2, 3);
    signOut(dave);

    keycloak.leaveGroup(realm, "dave", "blue");
    keycloak.joinGroup(realm, "dave", "green");
    EventLog after = new EventLog();
    CairnClient daveAgain = userClient(keycloak, users, "dave", after);
    List<ModelChange<Crate>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    daveAgain.observe(Crate.TYPE, seen::add);
    daveAgain.start();
    after.await(e -> e instanceof CairnEvent.Ready);

    assertThat(after.all())
        .filteredOn(e -> e instanceof CairnEvent.ScopeChanged s && s.model().equals("Crate"))
        .containsExactly(new CairnEvent.ScopeChanged("Crate", 1, 2));
    assertThat(daveAgain.query(Crate.TYPE))
        .containsExactlyInAnyOrder(
            Crate.of(site, 1, "red"),
            Crate.of(site, 3, "red"),
            Crate.of(site, 4, "green"),
            Crate.of(other, 2, "green"));
    assertThat(daveAgain.queryByKey(Crate.TYPE, site, 2)).isEmpty();
    assertThat(seen)
        .filteredOn(c -> c.mutation() == MutationType.DELETE)
        .extracting(ModelChange::model)
        .containsExactly(Crate.of(site, 2, "blue"));
    assertThat(seen)
        .filteredOn(c -> c.mutation() != MutationType.DELETE)
        .extracting(ModelChange::model)
        .contains(Crate.of(site, 4, "green"), Crate.of(other, 2, "green"));
    assertThat(
            after.all().stream()
                .filter(e -> e instanceof CairnEvent.ModelSynced m && m.model().equals("Crate"))
                .map(e -> ((CairnEvent.ModelSynced) e).fullSync()))
        .as("the groups change is reconciled, not answered by a base sync")
        .containsExactly(false);
  }

  private CairnClient userClient(
      TestKeycloak keycloak, Path directory, String user, EventLog events) {
    CairnClient client =
        CairnClient.builder()
            .endpoint(endpoint())
            .auth(
                KeycloakAuth.password(
                    URI.create(keycloak.url()),
                    "cairn-t-" + TENANT.slug(),
                    "cairn-app",
                    user,
                    "pw"))
            .models(Crate.TYPE)
            .storeDirectory(directory)
            .build();
    client.addEventListener(events::add);
    clients.add(client);
    return client;
  }

  /**
   * Signs the user out keeping the store; the client is closed, so {@code closeClients} skips it.
   */
  private void signOut(CairnClient client) {
    clients.remove(client);
    client.signOut(false);
  }

  private static String key(String warehouse, String code) {
    return "[\"" + warehouse + "\",\"" + code + "\"]";
  }

  private static Optional<Bin> bin(CairnClient client, String warehouse, String code) {
    return client.queryByKey(Bin.TYPE, warehouse, code);
  }

  private CairnClient client(String file, EventLog events) {
    return client(file, events, ConflictHandler.retryLocal());
  }

  private CairnClient client(String file, EventLog events, ConflictHandler handler) {
    CairnClient client =
        CairnClient.builder()
            .endpoint(endpoint())
            .auth(Auth.apiKey(TENANT.apiKey()))
            .models(Bin.TYPE, Reading.TYPE)
            .storeFile(dir.resolve(file))
            .conflictHandler(handler)
            .build();
    client.addEventListener(events::add);
    client.observe(Bin.TYPE, change -> changes.changed());
    client.observe(Reading.TYPE, change -> changes.changed());
    clients.add(client);
    return client;
  }

  private URI endpoint() {
    return URI.create(base.toString()).resolve("t/" + TENANT.slug() + "/graphql");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> serverBin(String warehouse, String code) throws Exception {
    Map<String, Object> response =
        graphql(
            "query operation($w: ID!, $c: String!) { getBin(warehouseId: $w, code: $c) {"
                + " warehouseId code aisle capacity _version _deleted } }",
            Map.of("w", warehouse, "c", code));
    Map<String, Object> bin =
        (Map<String, Object>) ((Map<String, Object>) response.get("data")).get("getBin");
    assertThat(bin).as("the server's Bin " + key(warehouse, code) + ": " + response).isNotNull();
    return bin;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> serverReading(String sensor, int seq) throws Exception {
    return serverReading(sensor, "2026-11-29", seq);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> serverReading(String sensor, String day, int seq) throws Exception {
    Map<String, Object> response =
        graphql(
            "query operation($s: ID!, $d: AWSDate!, $q: Int!) {"
                + " getReading(sensorId: $s, day: $d, seq: $q) { level _version _deleted } }",
            Map.of("s", sensor, "d", day, "q", seq));
    Map<String, Object> reading =
        (Map<String, Object>) ((Map<String, Object>) response.get("data")).get("getReading");
    assertThat(reading).as("the server's Reading " + seq + ": " + response).isNotNull();
    return reading;
  }

  private Map<String, Object> graphql(String query, Map<String, Object> variables)
      throws Exception {
    return TestTenant.of(TENANT).graphql(query, variables);
  }

  /**
   * Wakes the test whenever an observed client's store changes, so that it re-checks a condition on
   * the clients' stores instead of sleeping; fails after {@link #WAIT}.
   */
  static final class StoreChanges {
    private long count;

    synchronized void changed() {
      count++;
      notifyAll();
    }

    void await(BooleanSupplier condition, String what) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (true) {
        long seen;
        synchronized (this) {
          seen = count;
        }
        if (condition.getAsBoolean()) {
          return;
        }
        synchronized (this) {
          while (count == seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              throw new AssertionError("timed out waiting until " + what);
            }
            wait(Math.max(1, left / 1_000_000));
          }
        }
      }
    }
  }
}
