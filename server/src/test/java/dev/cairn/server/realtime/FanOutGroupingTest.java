package dev.cairn.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.TenantId;
import dev.cairn.server.auth.AppIdentity;
import dev.cairn.server.auth.AuthorizationPolicy;
import dev.cairn.server.changes.ChangeEntry;
import dev.cairn.server.changes.ChangeOperation;
import dev.cairn.server.data.MongoTestSupport;
import dev.cairn.server.data.StoreFixture;
import dev.cairn.server.data.conflict.ConflictStrategy;
import dev.cairn.server.data.conflict.Resolution;
import dev.cairn.server.data.sync.SyncQueries;
import dev.cairn.server.graphql.DataPlane;
import dev.cairn.server.graphql.RequestLimits;
import dev.cairn.server.graphql.TenantApis;
import dev.cairn.server.graphql.TenantGraphQL;
import dev.cairn.spec.ModelSchema;
import dev.cairn.spec.ModelSchemaParser;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fan-out matches and renders once per group of subscriptions with the same filter and the same
 * {@code @auth} rights, with the real backend (schema, {@code @auth}, rendering): subscribers who
 * may read different records never share a group, so grouping never leaks a record.
 */
class FanOutGroupingTest {
  static final ModelSchema SCHEMA =
      ModelSchemaParser.parse(
              "notes.graphql",
              """
              type Note @model @auth(rules: [
                { allow: owner },
                { allow: groups, groups: ["editors"], operations: [read] }
              ]) {
                id: ID!
                text: String!
                topic: Int
              }
              type Profile @model @auth(rules: [{ allow: private }]) {
                id: ID!
                name: String
                secret: String @auth(rules: [{ allow: owner }])
                owner: String
              }
              type Memo @model @auth(rules: [
                { allow: owner, ownerField: "author" },
                { allow: groups, groups: ["editors"], operations: [read] }
              ]) {
                id: ID!
                text: String
                author: String
              }
              """)
          .orElseThrow();
  static final String ON_CREATE =
      "subscription operation($filter: ModelSubscriptionNoteFilterInput) {"
          + " onCreateNote(filter: $filter) { id text owner topic } }";
  static final String ON_CREATE_PROFILE =
      "subscription operation { onCreateProfile { id name secret owner } }";

  static final String ON_CREATE_MEMO_BY =
      "subscription operation($author: String!) {"
          + " onCreateMemo(author: $author) { id text author } }";

  static MongoTestSupport mongo;
  TenantId tenant;
  Realtime realtime;

  @BeforeAll
  static void start() {
    mongo = new MongoTestSupport();
  }

  @AfterAll
  static void stop() {
    mongo.close();
  }

  @BeforeEach
  void build() {
    StoreFixture fixture = new StoreFixture(mongo.client(), c -> new Resolution.Reject("none"));
    SyncQueries queries = fixture.syncQueries();
    tenant = TenantId.of("g-" + UUID.randomUUID().toString().substring(0, 8));
    AuthorizationPolicy policy = new AuthorizationPolicy();
    TenantGraphQL api =
        TenantGraphQL.build(
            tenant,
            SCHEMA,
            new DataPlane(fixture.store, queries, m -> ConflictStrategy.AUTOMERGE),
            policy,
            RequestLimits.defaults());
    TenantSubscriptionBackend real = new TenantSubscriptionBackend();
    real.policy = policy;
    real.apis =
        new TenantApis() {
          @Override
          public Optional<TenantGraphQL> active(TenantId t) {
            return Optional.of(api);
          }
        };
    // Authentication is AppAuthenticator's (tested elsewhere): "user:<name>[:<group>]" here.
    SubscriptionBackend backend =
        new SubscriptionBackend() {
          @Override
          public Subscriber authenticate(TenantId t, Map<String, String> headers) {
            String[] parts = headers.get("Authorization").split(":");
            List<String> groups = parts.length > 2 ? List.of(parts[2]) : List.of();
            return new TenantSubscriptionBackend.AppSubscriber(
                new AppIdentity(
                    t,
                    AppIdentity.Kind.USER_TOKEN,
                    parts[1],
                    "sub",
                    Map.of("sub", parts[1], "username", parts[1]),
                    groups));
          }

          @Override
          public CompiledSubscription compile(
              TenantId t, Subscriber subscriber, String query, Map<String, Object> variables)
              throws RealtimeException {
            return real.compile(t, subscriber, query, variables);
          }
        };
    realtime = new Realtime(backend, RealtimeLimits.defaults(), Clock.systemUTC());
  }

  @Test
  void subscribersWithTheSameFilterButDifferentOwnersGetOnlyWhatTheyMayRead() throws Exception {
    RecordingConnection alice = subscribe("user:alice", ON_CREATE, "{}");
    RecordingConnection aliceAgain = subscribe("user:alice", ON_CREATE, "{}");
    RecordingConnection bob = subscribe("user:bob", ON_CREATE, "{}");
    RecordingConnection carol = subscribe("user:carol:editors", ON_CREATE, "{}");
    RecordingConnection dave = subscribe("user:dave:editors", ON_CREATE, "{}");

    int sent = realtime.fanOut().publish(note("n1", "alice", 1));

    assertThat(sent).isEqualTo(4);
    assertThat(data(alice)).containsExactly("n1");
    assertThat(data(aliceAgain)).containsExactly("n1");
    assertThat(data(bob)).isEmpty();
    assertThat(data(carol)).containsExactly("n1");
    assertThat(data(dave)).containsExactly("n1");
    // alice twice, bob, and the editors (who may read every note) share one group
    assertThat(groups("Note")).isEqualTo(3);

    realtime.fanOut().publish(note("n2", "bob", 1));

    assertThat(data(alice)).isEmpty();
    assertThat(data(bob)).containsExactly("n2");
    assertThat(data(carol)).containsExactly("n2");
  }

  @Test
  void subscribersWithDifferentFiltersAreMatchedSeparately() throws Exception {
    RecordingConnection one = subscribe("user:carol:editors", ON_CREATE, topic(1));
    RecordingConnection two = subscribe("user:dave:editors", ON_CREATE, topic(2));
    RecordingConnection alsoOne = subscribe("user:erin:editors", ON_CREATE, topic(1));

    realtime.fanOut().publish(note("n1", "alice", 1));

    assertThat(data(one)).containsExactly("n1");
    assertThat(data(alsoOne)).containsExactly("n1");
    assertThat(data(two)).isEmpty();
    assertThat(groups("Note")).isEqualTo(2);
  }

  @Test
  void fieldLevelRulesKeepEachSubscriberInItsOwnGroup() throws Exception {
    RecordingConnection alice = subscribe("user:alice", ON_CREATE_PROFILE, "{}");
    RecordingConnection bob = subscribe("user:bob", ON_CREATE_PROFILE, "{}");

    realtime
        .fanOut()
        .publish(
            new ChangeEntry(
                tenant,
                "Profile",
                "p1",
                ChangeOperation.CREATE,
                1,
                1000L,
                new Document("id", "p1")
                    .append("name", "Alice")
                    .append("secret", "s3cr3t")
                    .append("owner", "alice")));

    assertThat(alice.drain()).singleElement().asString().contains("s3cr3t");
    assertThat(bob.drain()).singleElement().asString().doesNotContain("s3cr3t").contains("Alice");
    assertThat(groups("Profile")).isEqualTo(2);
  }

  @Test
  void anOwnerArgumentNamedAfterTheOwnerFieldNarrowsToThatOwnersRecords() throws Exception {
    RecordingConnection editorForAlice =
        subscribe("user:carol:editors", ON_CREATE_MEMO_BY, "{\"author\":\"alice\"}");
    RecordingConnection alice =
        subscribe("user:alice", ON_CREATE_MEMO_BY, "{\"author\":\"alice\"}");
    RecordingConnection editor =
        subscribe("user:dave:editors", "subscription { onCreateMemo { id } }", "{}");

    realtime.fanOut().publish(memo("m1", "bob"));
    realtime.fanOut().publish(memo("m2", "alice"));

    assertThat(data(editorForAlice)).containsExactly("m2");
    assertThat(data(alice)).containsExactly("m2");
    assertThat(data(editor)).containsExactly("m1", "m2");
  }

  @Test
  void aGroupDisappearsWithItsLastSubscriber() throws Exception {
    RecordingConnection alice = subscribe("user:alice", ON_CREATE, "{}");
    RecordingConnection aliceAgain = subscribe("user:alice", ON_CREATE, "{}");
    sessions.get(alice).onClose(alice, 1000, "bye");

    realtime.fanOut().publish(note("n1", "alice", 1));

    assertThat(data(aliceAgain)).containsExactly("n1");
    assertThat(data(alice)).isEmpty();
    sessions.get(aliceAgain).onClose(aliceAgain, 1000, "bye");
    assertThat(groups("Note")).isZero();
    assertThat(realtime.registry().subscriptions()).isZero();
  }

  private final Map<RecordingConnection, RealtimeSession> sessions = new LinkedHashMap<>();

  private RecordingConnection subscribe(String authorization, String query, String variables)
      throws Exception {
    String auth = "{\"Authorization\":\"" + authorization + "\"}";
    String header =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(auth.getBytes(StandardCharsets.UTF_8));
    RealtimeSession session =
        realtime.open(tenant, List.of("graphql-ws", "header-" + header), null);
    RecordingConnection connection = new RecordingConnection();
    session.onOpen(connection);
    session.onText(connection, "{\"type\":\"connection_init\"}");
    String data =
        "{\"query\":\"" + query.replace("\"", "\\\"") + "\",\"variables\":" + variables + "}";
    session.onText(
        connection,
        "{\"id\":\"s\",\"type\":\"start\",\"payload\":{\"data\":"
            + jakarta.json.Json.createValue(data)
            + "}}");
    assertThat(connection.last()).isEqualTo("{\"type\":\"start_ack\",\"id\":\"s\"}");
    connection.drain();
    sessions.put(connection, session);
    return connection;
  }

  private int groups(String model) {
    return realtime.registry().groups(tenant, model, ChangeOperation.CREATE).size();
  }

  private static String topic(int topic) {
    return "{\"filter\":{\"topic\":{\"eq\":" + topic + "}}}";
  }

  private ChangeEntry note(String id, String owner, int topic) {
    return new ChangeEntry(
        tenant,
        "Note",
        id,
        ChangeOperation.CREATE,
        1,
        1000L,
        new Document("id", id).append("text", "t").append("owner", owner).append("topic", topic));
  }

  private ChangeEntry memo(String id, String author) {
    return new ChangeEntry(
        tenant,
        "Memo",
        id,
        ChangeOperation.CREATE,
        1,
        1000L,
        new Document("id", id).append("text", "t").append("author", author));
  }

  /** The ids of the records delivered to a connection since the last call. */
  private static List<String> data(RecordingConnection connection) {
    return connection.drain().stream()
        .map(
            s -> {
              assertThat(s).startsWith("{\"type\":\"data\",\"id\":\"s\",\"payload\":");
              int at = s.indexOf("\"id\":\"", 30) + 6;
              return s.substring(at, s.indexOf('"', at));
            })
        .toList();
  }
}
