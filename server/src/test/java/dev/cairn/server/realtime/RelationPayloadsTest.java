package dev.cairn.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.TenantId;
import dev.cairn.server.auth.AppIdentity;
import dev.cairn.server.auth.AuthorizationPolicy;
import dev.cairn.server.changes.ChangeEntry;
import dev.cairn.server.changes.ChangeOperation;
import dev.cairn.server.data.MongoTestSupport;
import dev.cairn.server.data.RecordCursor;
import dev.cairn.server.data.RecordKey;
import dev.cairn.server.data.RecordStore;
import dev.cairn.server.data.StoreFixture;
import dev.cairn.server.data.conflict.ConflictStrategy;
import dev.cairn.server.data.conflict.Resolution;
import dev.cairn.server.graphql.DataPlane;
import dev.cairn.server.graphql.RequestLimits;
import dev.cairn.server.graphql.TenantApis;
import dev.cairn.server.graphql.TenantGraphQL;
import dev.cairn.spec.Model;
import dev.cairn.spec.ModelSchema;
import dev.cairn.spec.ModelSchemaParser;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Subscription payloads of models with relation fields, with the exact documents Amplify DataStore
 * sends for them (APPSYNC.md §4.4: a {@code @belongsTo} or {@code @hasOne} field selects the
 * parent's key fields and {@code _deleted}), through the realtime protocol with the real schema,
 * {@code @auth} and rendering. The client drops any {@code data} frame that carries {@code errors},
 * so every payload here must be complete and error-free; the parent is read once per change, not
 * once per delivery.
 */
class RelationPayloadsTest {
  static final ModelSchema SCHEMA =
      ModelSchemaParser.parse(
              "relations.graphql",
              """
              type Country @model @auth(rules: [{ allow: public }]) {
                isoCode: ID! @primaryKey
                name: String!
                cities: [City] @hasMany(indexName: "byCountry", fields: ["isoCode"])
              }
              type City @model @auth(rules: [{ allow: public }]) {
                countryCode: ID! @primaryKey(sortKeyFields: ["name"]) @index(name: "byCountry")
                name: String!
                population: Int
                country: Country @belongsTo(fields: ["countryCode"])
              }
              type Notebook @model @auth(rules: [{ allow: owner }]) {
                id: ID!
                title: String
                notes: [Note] @hasMany
              }
              type Note @model @auth(rules: [{ allow: owner }]) {
                id: ID!
                text: String
                notebook: Notebook @belongsTo
              }
              type Project @model @auth(rules: [{ allow: public }]) {
                id: ID!
                name: String
                team: Team @hasOne
              }
              type Team @model @auth(rules: [{ allow: public }]) {
                id: ID!
                name: String
              }
              type Tag @model @auth(rules: [{ allow: private }]) {
                id: ID!
                label: String
                notebookId: ID
                notebook: Notebook @belongsTo(fields: ["notebookId"])
              }
              """)
          .orElseThrow();

  /** DataStore's City selection set, as graphql-js prints it. */
  static final String CITY_FIELDS =
      fields(
          "countryCode",
          "name",
          "population",
          "createdAt",
          "updatedAt",
          "_version",
          "_lastChangedAt",
          "_deleted",
          "country {",
          "  isoCode",
          "  _deleted",
          "}");

  static final String NOTE_FIELDS =
      fields(
          "id",
          "text",
          "createdAt",
          "updatedAt",
          "notebookNotesId",
          "owner",
          "_version",
          "_lastChangedAt",
          "_deleted",
          "notebook {",
          "  id",
          "  _deleted",
          "}");

  static MongoTestSupport mongo;
  TenantId tenant;
  TenantGraphQL api;
  Realtime realtime;
  CountingStore store;

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
    store = new CountingStore(fixture.store);
    tenant = TenantId.of("r-" + UUID.randomUUID().toString().substring(0, 8));
    AuthorizationPolicy policy = new AuthorizationPolicy();
    api =
        TenantGraphQL.build(
            tenant,
            SCHEMA,
            new DataPlane(store, fixture.syncQueries(), m -> ConflictStrategy.AUTOMERGE),
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
    // Authentication is AppAuthenticator's (tested elsewhere): an API key, or "user:<name>".
    SubscriptionBackend backend =
        new SubscriptionBackend() {
          @Override
          public Subscriber authenticate(TenantId t, Map<String, String> headers) {
            return new TenantSubscriptionBackend.AppSubscriber(identity(headers));
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

  private AppIdentity identity(Map<String, String> headers) {
    if (headers.containsKey("x-api-key")) {
      return AppIdentity.apiKey(tenant, "k1");
    }
    String user = headers.get("Authorization").substring("user:".length());
    return new AppIdentity(
        tenant,
        AppIdentity.Kind.USER_TOKEN,
        user,
        "sub",
        Map.of("sub", user, "username", user),
        List.of());
  }

  @Test
  void aCityWithACustomAndCompositeKeyArrivesWithItsCountryForEveryOperation() throws Exception {
    RecordingConnection onCreate = subscribe(API_KEY, document("onCreateCity", CITY_FIELDS), "{}");
    RecordingConnection onUpdate = subscribe(API_KEY, document("onUpdateCity", CITY_FIELDS), "{}");
    RecordingConnection onDelete = subscribe(API_KEY, document("onDeleteCity", CITY_FIELDS), "{}");
    write(API_KEY, "createCountry", "CreateCountryInput", "{\"isoCode\":\"NZ\",\"name\":\"NZ\"}");

    publish(
        write(
            API_KEY,
            "createCity",
            "CreateCityInput",
            "{\"countryCode\":\"NZ\",\"name\":\"Wellington\",\"population\":200000}"));
    publish(
        write(
            API_KEY,
            "updateCity",
            "UpdateCityInput",
            "{\"countryCode\":\"NZ\",\"name\":\"Wellington\",\"population\":215000,\"_version\":1}"));
    publish(
        write(
            API_KEY,
            "deleteCity",
            "DeleteCityInput",
            "{\"countryCode\":\"NZ\",\"name\":\"Wellington\",\"_version\":2}"));

    JsonObject created = onlyPayload(onCreate, "onCreateCity");
    JsonObject updated = onlyPayload(onUpdate, "onUpdateCity");
    JsonObject deleted = onlyPayload(onDelete, "onDeleteCity");
    for (JsonObject city : List.of(created, updated, deleted)) {
      assertThat(city.getString("countryCode")).isEqualTo("NZ");
      assertThat(city.getString("name")).isEqualTo("Wellington");
      assertThat(city.getJsonObject("country").getString("isoCode")).isEqualTo("NZ");
      assertThat(city.getJsonObject("country").getBoolean("_deleted")).isFalse();
      assertThat(city.keySet())
          .containsExactly(
              "countryCode",
              "name",
              "population",
              "createdAt",
              "updatedAt",
              "_version",
              "_lastChangedAt",
              "_deleted",
              "country");
    }
    assertThat(updated.getInt("population")).isEqualTo(215000);
    assertThat(deleted.getBoolean("_deleted")).isTrue();
    assertThat(deleted.getInt("_version")).isEqualTo(3);
  }

  @Test
  void aChildOfADeletedParentShowsTheParentsTombstone() throws Exception {
    RecordingConnection onCreate = subscribe(API_KEY, document("onCreateCity", CITY_FIELDS), "{}");
    write(API_KEY, "createCountry", "CreateCountryInput", "{\"isoCode\":\"DE\",\"name\":\"DE\"}");
    write(API_KEY, "deleteCountry", "DeleteCountryInput", "{\"isoCode\":\"DE\",\"_version\":1}");

    publish(
        write(
            API_KEY,
            "createCity",
            "CreateCityInput",
            "{\"countryCode\":\"DE\",\"name\":\"Bonn\"}"));

    JsonObject country = onlyPayload(onCreate, "onCreateCity").getJsonObject("country");
    assertThat(country.getString("isoCode")).isEqualTo("DE");
    assertThat(country.getBoolean("_deleted")).isTrue();
  }

  @Test
  void aChildWhoseParentDoesNotExistShowsANullParentWithoutErrors() throws Exception {
    RecordingConnection onCreate = subscribe(API_KEY, document("onCreateCity", CITY_FIELDS), "{}");

    publish(
        write(
            API_KEY,
            "createCity",
            "CreateCityInput",
            "{\"countryCode\":\"XX\",\"name\":\"Nowhere\"}"));

    assertThat(onlyPayload(onCreate, "onCreateCity").isNull("country")).isTrue();
  }

  @Test
  void theParentIsReadOncePerChangeHoweverManySubscriptionsShowIt() throws Exception {
    List<RecordingConnection> subscribers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      subscribers.add(subscribe(API_KEY, document("onCreateCity", CITY_FIELDS), "{}"));
    }
    subscribers.add(
        subscribe(
            API_KEY,
            "subscription operation($filter: ModelSubscriptionCityFilterInput) {"
                + " onCreateCity(filter: $filter) { name country { isoCode name } } }",
            "{\"filter\":{\"population\":{\"gt\":1000}}}"));
    subscribers.add(
        subscribe(
            API_KEY,
            "subscription { onCreateCity { ...city } } fragment city on City {"
                + " name c: country { isoCode } country { _deleted } }",
            "{}"));
    write(
        API_KEY, "createCountry", "CreateCountryInput", "{\"isoCode\":\"FR\",\"name\":\"France\"}");
    ChangeEntry change =
        write(
            API_KEY,
            "createCity",
            "CreateCityInput",
            "{\"countryCode\":\"FR\",\"name\":\"Lyon\",\"population\":500000}");
    store.gets.clear();

    int sent = realtime.fanOut().publish(change);

    assertThat(sent).isEqualTo(7);
    assertThat(store.gets).containsExactly(Map.entry("Country", 1));
    for (int i = 0; i < 5; i++) {
      assertThat(onlyPayload(subscribers.get(i), "onCreateCity").getJsonObject("country"))
          .hasToString("{\"isoCode\":\"FR\",\"_deleted\":false}");
    }
    assertThat(onlyPayload(subscribers.get(5), "onCreateCity"))
        .hasToString("{\"name\":\"Lyon\",\"country\":{\"isoCode\":\"FR\",\"name\":\"France\"}}");
    assertThat(onlyPayload(subscribers.get(6), "onCreateCity"))
        .hasToString(
            "{\"name\":\"Lyon\",\"c\":{\"isoCode\":\"FR\"},\"country\":{\"_deleted\":false}}");
  }

  @Test
  void anOwnersNoteShowsItsNotebookWithTheOwnerArgumentDataStoreSends() throws Exception {
    String query =
        "subscription operation($owner: String!) {\n  onCreateNote(owner: $owner) {\n"
            + NOTE_FIELDS
            + "  }\n}\n";
    RecordingConnection alice = subscribe("user:alice", query, "{\"owner\":\"alice\"}");
    RecordingConnection bob = subscribe("user:bob", query, "{\"owner\":\"bob\"}");
    String notebook =
        write("user:alice", "createNotebook", "CreateNotebookInput", "{\"title\":\"ideas\"}")
            .record()
            .getString("id");

    publish(
        write(
            "user:alice",
            "createNote",
            "CreateNoteInput",
            "{\"text\":\"first\",\"notebookNotesId\":\"" + notebook + "\"}"));

    JsonObject note = onlyPayload(alice, "onCreateNote");
    assertThat(note.getString("text")).isEqualTo("first");
    assertThat(note.getString("owner")).isEqualTo("alice");
    assertThat(note.getJsonObject("notebook"))
        .hasToString("{\"id\":\"" + notebook + "\",\"_deleted\":false}");
    assertThat(bob.drain()).as("bob may not read alice's note").isEmpty();
  }

  @Test
  void aParentTheSubscriberMayNotReadIsNullNotAnError() throws Exception {
    String query = document("onCreateNote", NOTE_FIELDS);
    RecordingConnection alice = subscribe("user:alice", query, "{}");
    String bobsNotebook =
        write("user:bob", "createNotebook", "CreateNotebookInput", "{\"title\":\"bob's\"}")
            .record()
            .getString("id");

    publish(
        write(
            "user:alice",
            "createNote",
            "CreateNoteInput",
            "{\"text\":\"in bob's notebook\",\"notebookNotesId\":\"" + bobsNotebook + "\"}"));

    JsonObject note = onlyPayload(alice, "onCreateNote");
    assertThat(note.getString("notebookNotesId")).isEqualTo(bobsNotebook);
    assertThat(note.isNull("notebook")).isTrue();
  }

  @Test
  void subscribersWhoSeeTheParentDifferentlyNeverShareAPayload() throws Exception {
    // Every signed-in user reads every Tag, so alice and bob want the same changes; only alice
    // may read the Notebook a tag belongs to.
    String query = "subscription { onCreateTag { id label notebook { id title } } }";
    RecordingConnection alice = subscribe("user:alice", query, "{}");
    RecordingConnection bob = subscribe("user:bob", query, "{}");
    String notebook =
        write("user:alice", "createNotebook", "CreateNotebookInput", "{\"title\":\"mine\"}")
            .record()
            .getString("id");

    publish(
        write(
            "user:alice",
            "createTag",
            "CreateTagInput",
            "{\"label\":\"x\",\"notebookId\":\"" + notebook + "\"}"));

    assertThat(onlyPayload(alice, "onCreateTag").getJsonObject("notebook").getString("title"))
        .isEqualTo("mine");
    JsonObject bobs = onlyPayload(bob, "onCreateTag");
    assertThat(bobs.getString("label")).isEqualTo("x");
    assertThat(bobs.isNull("notebook")).isTrue();
  }

  @Test
  void aHasOneFieldRendersItsRecordAsABelongsToDoes() throws Exception {
    RecordingConnection onCreate =
        subscribe(
            API_KEY,
            document(
                "onCreateProject",
                fields(
                    "id",
                    "name",
                    "projectTeamId",
                    "_version",
                    "_lastChangedAt",
                    "_deleted",
                    "team {",
                    "  id",
                    "  _deleted",
                    "}")),
            "{}");
    write(API_KEY, "createTeam", "CreateTeamInput", "{\"id\":\"t1\",\"name\":\"core\"}");

    publish(
        write(
            API_KEY,
            "createProject",
            "CreateProjectInput",
            "{\"id\":\"p1\",\"name\":\"cairn\",\"projectTeamId\":\"t1\"}"));

    assertThat(onlyPayload(onCreate, "onCreateProject").getJsonObject("team"))
        .hasToString("{\"id\":\"t1\",\"_deleted\":false}");
  }

  @Test
  void aHasManySelectionIsRefusedAtStartNamingTheField() throws Exception {
    RecordingConnection connection =
        start(
            API_KEY,
            "subscription { onCreateCountry { isoCode cities { items { name } } } }",
            "{}");

    JsonObject error = json(connection.last());
    assertThat(error.getString("type")).isEqualTo("error");
    JsonObject first = error.getJsonObject("payload").getJsonArray("errors").getJsonObject(0);
    assertThat(first.getString("errorType")).isEqualTo("BadRequestException");
    assertThat(first.getString("message"))
        .contains("onCreateCountry selects `cities`, a @hasMany field of Country");
    assertThat(realtime.registry().subscriptions()).isZero();
  }

  // --- helpers -------------------------------------------------------------------------------

  static final String API_KEY = "apikey";

  /** A DataStore subscription without arguments, printed as graphql-js prints it. */
  static String document(String rootField, String fields) {
    return "subscription operation {\n  " + rootField + " {\n" + fields + "  }\n}\n";
  }

  static String fields(String... lines) {
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      out.append("    ").append(line).append('\n');
    }
    return out.toString();
  }

  /** Runs a mutation as the given caller and returns the change it wrote. */
  private ChangeEntry write(String who, String field, String inputType, String input) {
    store.written.clear();
    Map<String, Object> response =
        api.execute(
            "mutation operation($input: "
                + inputType
                + "!) { "
                + field
                + "(input: $input) { __typename } }",
            Map.of("input", dev.cairn.server.JsonJava.toJava(json(input))),
            identity(
                who.equals(API_KEY) ? Map.of("x-api-key", "k") : Map.of("Authorization", who)));
    assertThat(response).as(field).doesNotContainKey("errors");
    return store.written.get(0);
  }

  private void publish(ChangeEntry change) {
    realtime.fanOut().publish(change);
  }

  private RecordingConnection subscribe(String who, String query, String variables)
      throws Exception {
    RecordingConnection connection = start(who, query, variables);
    assertThat(connection.last()).isEqualTo("{\"type\":\"start_ack\",\"id\":\"s\"}");
    connection.drain();
    return connection;
  }

  private RecordingConnection start(String who, String query, String variables) throws Exception {
    String auth =
        who.equals(API_KEY) ? "{\"x-api-key\":\"k\"}" : "{\"Authorization\":\"" + who + "\"}";
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
        Json.createObjectBuilder()
            .add("query", query)
            .add("variables", json(variables))
            .build()
            .toString();
    session.onText(
        connection,
        "{\"id\":\"s\",\"type\":\"start\",\"payload\":{\"data\":" + Json.createValue(data) + "}}");
    return connection;
  }

  /** The one data frame a connection got: complete, without errors; returns the record. */
  private static JsonObject onlyPayload(RecordingConnection connection, String rootField) {
    List<String> frames = connection.drain();
    assertThat(frames).hasSize(1);
    JsonObject frame = json(frames.get(0));
    assertThat(frame.getString("type")).isEqualTo("data");
    JsonObject payload = frame.getJsonObject("payload");
    assertThat(payload.keySet()).as(frames.get(0)).containsExactly("data");
    return payload.getJsonObject("data").getJsonObject(rootField);
  }

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  /**
   * The real store, counting reads by model and keeping what was written as the journal entry it
   * became (a spy around the real {@link RecordStore}, not a fake).
   */
  static final class CountingStore implements RecordStore {
    final RecordStore real;
    final Map<String, Integer> gets = new ConcurrentHashMap<>();
    final List<ChangeEntry> written = new ArrayList<>();

    CountingStore(RecordStore real) {
      this.real = real;
    }

    private Document wrote(TenantId tenant, Model model, ChangeOperation op, Document record) {
      written.add(
          new ChangeEntry(
              tenant,
              model.name(),
              RecordKey.of(model, record).toString(),
              op,
              record.getInteger("_version"),
              record.getLong("_lastChangedAt"),
              record));
      return record;
    }

    @Override
    public Document create(
        TenantId tenant, Model model, Map<String, Object> input, Map<String, ?> condition) {
      return wrote(
          tenant, model, ChangeOperation.CREATE, real.create(tenant, model, input, condition));
    }

    @Override
    public Document update(
        TenantId tenant,
        Model model,
        Map<String, Object> input,
        Map<String, ?> condition,
        ConflictStrategy strategy,
        Consumer<Document> authorize) {
      return wrote(
          tenant,
          model,
          ChangeOperation.UPDATE,
          real.update(tenant, model, input, condition, strategy, authorize));
    }

    @Override
    public Document delete(
        TenantId tenant,
        Model model,
        Map<String, Object> input,
        Map<String, ?> condition,
        ConflictStrategy strategy,
        Consumer<Document> authorize) {
      return wrote(
          tenant,
          model,
          ChangeOperation.DELETE,
          real.delete(tenant, model, input, condition, strategy, authorize));
    }

    @Override
    public Optional<Document> get(TenantId tenant, Model model, RecordKey key) {
      gets.merge(model.name(), 1, Integer::sum);
      return real.get(tenant, model, key);
    }

    @Override
    public RecordCursor scan(
        TenantId tenant, Model model, Document query, Optional<Object> afterId, int batchSize) {
      return real.scan(tenant, model, query, afterId, batchSize);
    }

    @Override
    public long purgeTombstones(TenantId tenant, Model model, long cutoffMillis) {
      return real.purgeTombstones(tenant, model, cutoffMillis);
    }
  }
}
