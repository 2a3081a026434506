package dev.cairn.server.api;

import static dev.cairn.testkit.AmplifyClientProcess.is;
import static dev.cairn.testkit.AmplifyClientProcess.isHub;
import static dev.cairn.testkit.AmplifyClientProcess.observed;
import static dev.cairn.testkit.CairnHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testkit.AmplifyClientProcess;
import dev.cairn.testkit.CairnHttp;
import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.Deployments;
import dev.cairn.testkit.TestKeycloak;
import dev.cairn.testkit.TestStack;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real Amplify DataStore JS client (npm aws-amplify 6.22.1, see src/test/amplify) against the
 * real WAR, one Node process per client ({@link AmplifyClientProcess}), checked with plain GraphQL
 * over HTTP. Each test signs up its own tenant, so none sees another's records.
 *
 * <p>A server restart is simulated on the client side: Arquillian's managed Payara Micro cannot be
 * restarted inside a deployment, so the client's sockets are killed and new ones refused for a
 * while (what a restarting server looks like to the client), and writes land meanwhile.
 */
@ExtendWith({CairnStackExtension.class, ArquillianExtension.class})
@RunAsClient
class AmplifyDataStoreIT {
  static final String SCHEMA =
      """
      type Post @model @auth(rules: [{ allow: public }, { allow: private }]) {
        id: ID!
        title: String!
        body: String
        rating: Int
        tags: [String]
      }
      type Country @model @auth(rules: [{ allow: public }, { allow: private }]) {
        isoCode: ID! @primaryKey
        name: String!
        cities: [City] @hasMany(indexName: "byCountry", fields: ["isoCode"])
      }
      type City @model @auth(rules: [{ allow: public }, { allow: private }]) {
        countryCode: ID! @primaryKey(sortKeyFields: ["name"]) @index(name: "byCountry")
        name: String!
        population: Int
        country: Country @belongsTo(fields: ["countryCode"])
      }
      type Notebook @model @auth(rules: [{ allow: owner, provider: oidc, identityClaim: "sub" }]) {
        id: ID!
        title: String!
        notes: [Note] @hasMany
      }
      type Note @model @auth(rules: [{ allow: owner, provider: oidc, identityClaim: "sub" }]) {
        id: ID!
        text: String!
        notebook: Notebook @belongsTo
      }
      """;
  static final String CITY =
      "countryCode name population _version _lastChangedAt _deleted country { isoCode _deleted }";
  static final String NOTE =
      "id text notebookNotesId owner _version _lastChangedAt _deleted notebook { id _deleted }";
  static final String POST =
      "id title body rating tags createdAt updatedAt _version _lastChangedAt _deleted";
  static final String CREATE =
      "mutation operation($input: CreatePostInput!) { createPost(input: $input) { " + POST + " } }";
  static final String UPDATE =
      "mutation operation($input: UpdatePostInput!) { updatePost(input: $input) { " + POST + " } }";
  static final String DELETE =
      "mutation operation($input: DeletePostInput!) { deletePost(input: $input) { " + POST + " } }";
  static final String GET = "query operation($id: ID!) { getPost(id: $id) { " + POST + " } }";
  static final String SYNC =
      "query operation($limit: Int, $nextToken: String, $lastSync: AWSTimestamp) {"
          + " syncPosts(limit: $limit, nextToken: $nextToken, lastSync: $lastSync) { items { "
          + POST
          + " } nextToken startedAt } }";
  static final Duration WAIT = Duration.ofSeconds(30);
  static final int SEEDED = 3000;

  private final HttpClient http = HttpClient.newHttpClient();
  @ArquillianResource URL base;
  private String tenant;
  private String apiKey;
  private TestKeycloak keycloak;

  @Deployment(testable = false)
  static WebArchive server() throws IOException {
    Map<String, String> config = new LinkedHashMap<>(TestStack.get().serverConfig());
    // Its own data directory and control plane, so that no other Cairn on this machine holds them.
    Path data = Files.createTempDirectory(Path.of("target"), "amplify-it-").toAbsolutePath();
    config.put("cairn.data.dir", data.toString());
    config.put("cairn.db.url", "jdbc:h2:file:" + data.resolve("controlplane/cairn"));
    return Deployments.server(config);
  }

  @BeforeEach
  void tenant(TestKeycloak keycloak) throws Exception {
    AmplifyClientProcess.installPackages();
    this.keycloak = keycloak;
    String console = keycloak.consoleToken();
    tenant = CairnHttp.at(base).signUp(console, "amp-", SCHEMA);
    apiKey = CairnHttp.at(base).apiKey(console, tenant);
  }

  @Test
  void baseSyncBringsExactlyTheServersRecordsIntoTheClient() throws Exception {
    seed(SEEDED);
    String deleted = serverRecords().keySet().iterator().next();
    assertThat(
            graphql(
                    DELETE,
                    Json.createObjectBuilder()
                        .add(
                            "input",
                            Json.createObjectBuilder().add("id", deleted).add("_version", 1))
                        .build())
                .getJsonObject("deletePost")
                .getBoolean("_deleted"))
        .isTrue();
    Map<String, JsonObject> server = serverRecords();

    try (AmplifyClientProcess client = client("base")) {
      client.start();
      Map<String, JsonObject> local = byId(client.all());

      assertThat(server).hasSize(SEEDED - 1).doesNotContainKey(deleted);
      assertThat(local.keySet()).isEqualTo(server.keySet());
      assertThat(local.values().stream().map(AmplifyDataStoreIT::content).toList())
          .isEqualTo(server.values().stream().map(AmplifyDataStoreIT::content).toList());
      assertThat(client.events(e -> is(e, "http") && "syncPosts".equals(e.getString("root"))))
          .as("base sync pages (limit 1000, lastSync 0)")
          .hasSize(3)
          .allSatisfy(e -> assertThat(e.getJsonNumber("lastSync").longValue()).isZero());
      assertNoClientErrors(client);
    }
  }

  @Test
  void createUpdateAndDeleteFromTheClientReachTheServerWithVersionsAndATombstone()
      throws Exception {
    try (AmplifyClientProcess client = client("crud")) {
      client.start();

      JsonObject created =
          saveAndAwaitSent(
              client,
              () ->
                  client.create(
                      Json.createObjectBuilder().add("title", "first").add("rating", 3).build()));
      String id = created.getString("id");
      JsonObject afterCreate = serverPost(id);
      saveAndAwaitSent(
          client,
          () ->
              client.update(
                  id,
                  Json.createObjectBuilder()
                      .add("title", "first, edited")
                      .add("body", "more")
                      .build()));
      JsonObject afterUpdate = serverPost(id);
      saveAndAwaitSent(client, () -> client.delete(id));
      JsonObject afterDelete = serverPost(id);

      assertThat(afterCreate.getString("title")).isEqualTo("first");
      assertThat(afterCreate.getInt("rating")).isEqualTo(3);
      assertThat(afterCreate.getInt("_version")).isEqualTo(1);
      assertThat(afterUpdate.getString("title")).isEqualTo("first, edited");
      assertThat(afterUpdate.getString("body")).isEqualTo("more");
      assertThat(afterUpdate.getInt("rating")).as("a field the update left out").isEqualTo(3);
      assertThat(afterUpdate.getInt("_version")).isEqualTo(2);
      assertThat(afterDelete.getBoolean("_deleted")).as("tombstone").isTrue();
      assertThat(afterDelete.getInt("_version")).isEqualTo(3);
      assertThat(afterDelete.getJsonNumber("_lastChangedAt").longValue())
          .isGreaterThanOrEqualTo(afterUpdate.getJsonNumber("_lastChangedAt").longValue());
      assertThat(client.get(id)).as("deleted locally").isEqualTo(JsonValue.NULL);
      assertNoClientErrors(client);
    }
  }

  @Test
  void afterGoingOfflineAndBackTheClientGetsTheServersChangesAndSendsItsOfflineEdit()
      throws Exception {
    String kept = createOnServer("kept", null);
    String changed = createOnServer("to be changed on the server", null);
    String removed = createOnServer("to be deleted on the server", null);
    String editedOffline = createOnServer("to be edited offline", null);
    try (AmplifyClientProcess client = client("offline")) {
      client.start();
      assertThat(byId(client.all())).containsKeys(kept, changed, removed, editedOffline);

      client.offline();
      client.update(
          editedOffline, Json.createObjectBuilder().add("body", "written offline").build());
      String added = createOnServer("added while the client was offline", null);
      updateOnServer(changed, Json.createObjectBuilder().add("title", "changed on the server"), 1);
      deleteOnServer(removed, 1);
      assertThat(serverPost(editedOffline).get("body"))
          .as("an offline edit stays in the outbox")
          .isEqualTo(JsonValue.NULL);
      int beforeOnline = client.mark();
      client.online();

      JsonObject synced =
          client.awaitEvent(
              beforeOnline, e -> isHub(e, "modelSynced"), WAIT, "modelSynced after going online");
      client.awaitEvent(
          beforeOnline,
          e ->
              isHub(e, "outboxMutationProcessed")
                  && editedOffline.equals(e.getJsonObject("element").getString("id")),
          WAIT,
          "the offline edit sent after going online");
      JsonObject deltaPage =
          client.awaitEvent(
              beforeOnline,
              e -> is(e, "http") && "syncPosts".equals(e.getString("root")),
              WAIT,
              "a sync query");
      Map<String, JsonObject> local = byId(client.all());
      JsonObject serverEdited = serverPost(editedOffline);

      assertThat(synced.getBoolean("isDeltaSync")).as(synced.toString()).isTrue();
      assertThat(deltaPage.getJsonNumber("lastSync").longValue()).as("delta sync").isPositive();
      assertThat(local).containsKeys(kept, added).doesNotContainKey(removed);
      assertThat(local.get(changed).getString("title")).isEqualTo("changed on the server");
      assertThat(serverEdited.getString("body")).isEqualTo("written offline");
      assertThat(serverEdited.getString("title")).isEqualTo("to be edited offline");
      assertThat(serverEdited.getInt("_version")).isEqualTo(2);
      assertNoClientErrors(client);
    }
  }

  @Test
  void concurrentEditsOfDifferentFieldsByTwoClientsConvergeUnderAutomerge() throws Exception {
    String id = createOnServer("original title", "original body");
    try (AmplifyClientProcess alice = client("alice");
        AmplifyClientProcess bob = client("bob")) {
      alice.start();
      bob.start();
      alice.offline();
      bob.offline();
      alice.update(id, Json.createObjectBuilder().add("title", "alice's title").build());
      bob.update(id, Json.createObjectBuilder().add("body", "bob's body").build());

      int aliceMark = alice.mark();
      alice.online();
      alice.awaitEvent(
          aliceMark, e -> isHub(e, "outboxMutationProcessed"), WAIT, "alice's edit sent");
      int aliceSeesBob = alice.mark();
      int bobMark = bob.mark();
      bob.online();
      JsonObject bobsResult =
          bob.awaitEvent(
                  bobMark, e -> isHub(e, "outboxMutationProcessed"), WAIT, "bob's stale edit sent")
              .getJsonObject("element");
      JsonObject server = serverPost(id);
      alice.awaitEvent(
          aliceSeesBob,
          e ->
              observed(e, id)
                  && "bob's body".equals(e.getJsonObject("element").getString("body", "")),
          WAIT,
          "bob's merged edit observed by alice");

      assertThat(server.getString("title")).isEqualTo("alice's title");
      assertThat(server.getString("body")).isEqualTo("bob's body");
      assertThat(server.getInt("_version")).isEqualTo(3);
      assertThat(bobsResult.getString("title")).isEqualTo("alice's title");
      for (AmplifyClientProcess client : List.of(alice, bob)) {
        JsonObject local = client.get(id).asJsonObject();
        assertThat(content(local)).as(client.toString()).isEqualTo(content(server));
        assertNoClientErrors(client);
      }
    }
  }

  @Test
  void observeSeesRawAndOtherClientsChangesAndCatchesUpAfterLosingTheServer() throws Exception {
    try (AmplifyClientProcess watcher = client("watcher");
        AmplifyClientProcess writer = oidcClient("writer")) {
      watcher.start();
      writer.start();

      int mark = watcher.mark();
      String raw = createOnServer("raw mutation", null);
      watcher.awaitEvent(mark, e -> observed(e, raw), WAIT, "the raw mutation observed");

      mark = watcher.mark();
      String fromWriter =
          writer
              .create(Json.createObjectBuilder().add("title", "from writer").build())
              .getString("id");
      watcher.awaitEvent(
          mark, e -> observed(e, fromWriter), WAIT, "the second client's save observed");

      mark = watcher.mark();
      assertThat(watcher.dropSockets(Duration.ofSeconds(7))).as("open sockets").isEqualTo(1);
      String whileDown = createOnServer("written while the watcher was cut off", null);
      updateOnServer(raw, Json.createObjectBuilder().add("title", "raw, edited while down"), 1);
      watcher.awaitEvent(
          mark,
          e -> observed(e, whileDown),
          Duration.ofSeconds(60),
          "the change made while cut off observed after reconnecting");
      // Latencies are neither asserted nor printed: speed is measured by benchmarks (STYLE.md).
      assertThat(watcher.events(e -> is(e, "socketConnecting") && e.getBoolean("refused")))
          .as("reconnect attempts while the server was gone")
          .isNotEmpty();
      assertThat(watcher.events(e -> is(e, "socketOpen"))).hasSizeGreaterThanOrEqualTo(2);
      assertThat(
              watcher
                  .awaitEvent(
                      mark,
                      e -> is(e, "http") && "syncPosts".equals(e.getString("root")),
                      WAIT,
                      "a delta sync after reconnecting")
                  .getJsonNumber("lastSync")
                  .longValue())
          .isPositive();
      assertThat(watcher.get(raw).asJsonObject().getString("title"))
          .isEqualTo("raw, edited while down");
      int afterReconnect = watcher.mark();
      String live = createOnServer("after reconnecting", null);
      watcher.awaitEvent(
          afterReconnect, e -> observed(e, live), WAIT, "a live change over the new socket");
      assertNoClientErrors(watcher);
      assertNoClientErrors(writer);
    }
  }

  @Test
  void observeSeesAnotherClientsAndRawChangesOfACityWhoseCountryExistsWithAnApiKey()
      throws Exception {
    graphql(
        "mutation operation($input: CreateCountryInput!) { createCountry(input: $input) {"
            + " isoCode } }",
        Json.createObjectBuilder()
            .add("input", Json.createObjectBuilder().add("isoCode", "NZ").add("name", "NZ"))
            .build());
    try (AmplifyClientProcess watcher = client("watcher");
        AmplifyClientProcess writer = client("writer")) {
      watcher.start();
      writer.start();
      Predicate<JsonObject> wellington =
          c ->
              "NZ".equals(c.getString("countryCode", ""))
                  && "Wellington".equals(c.getString("name", ""));

      int mark = watcher.mark();
      writer.createChild(
          "City",
          Json.createObjectBuilder().add("name", "Wellington").add("population", 200000).build(),
          "country",
          "Country",
          Json.createValue("NZ"));
      watcher.awaitEvent(
          mark, e -> observed(e, "INSERT", wellington), WAIT, "the other client's new City");

      mark = watcher.mark();
      JsonObject updated =
          cityMutation(
              "updateCity",
              "UpdateCityInput",
              Json.createObjectBuilder()
                  .add("countryCode", "NZ")
                  .add("name", "Wellington")
                  .add("population", 215000)
                  .add("_version", 1));
      watcher.awaitEvent(
          mark,
          e -> observed(e, "UPDATE", wellington.and(c -> c.getInt("population", 0) == 215000)),
          WAIT,
          "the raw update of the City");

      mark = watcher.mark();
      cityMutation(
          "deleteCity",
          "DeleteCityInput",
          Json.createObjectBuilder()
              .add("countryCode", "NZ")
              .add("name", "Wellington")
              .add("_version", updated.getInt("_version")));
      watcher.awaitEvent(
          mark, e -> observed(e, "DELETE", wellington), WAIT, "the raw delete of the City");

      assertThat(updated.getJsonObject("country").getString("isoCode")).isEqualTo("NZ");
      JsonObject key =
          Json.createObjectBuilder().add("countryCode", "NZ").add("name", "Wellington").build();
      assertThat(watcher.get("City", key)).as("deleted on the watcher").isEqualTo(JsonValue.NULL);
      assertNoClientErrors(watcher);
      assertNoClientErrors(writer);
    }
  }

  @Test
  void observeSeesAnotherDevicesAndRawChangesOfAnOwnedNoteWithARealTenantToken() throws Exception {
    String realm = TestKeycloak.tenantRealm(tenant);
    keycloak.createUser(realm, "olive", "pw");
    String token = keycloak.passwordGrant(realm, "cairn-app", "olive", "pw");
    String notebook =
        graphqlAs(
                token,
                "mutation operation($input: CreateNotebookInput!) { createNotebook(input: $input)"
                    + " { id owner } }",
                Json.createObjectBuilder()
                    .add("input", Json.createObjectBuilder().add("title", "ideas"))
                    .build())
            .getJsonObject("createNotebook")
            .getString("id");
    try (AmplifyClientProcess phone =
            AmplifyClientProcess.withToken("olive-phone", endpoint(), token);
        AmplifyClientProcess laptop =
            AmplifyClientProcess.withToken("olive-laptop", endpoint(), token)) {
      phone.start();
      laptop.start();

      int mark = phone.mark();
      String note =
          laptop
              .createChild(
                  "Note",
                  Json.createObjectBuilder().add("text", "first").build(),
                  "notebook",
                  "Notebook",
                  Json.createValue(notebook))
              .getString("id");
      phone.awaitEvent(
          mark,
          e -> observed(e, "INSERT", n -> note.equals(n.getString("id", ""))),
          WAIT,
          "the other device's new Note");

      mark = phone.mark();
      JsonObject updated =
          graphqlAs(
                  token,
                  "mutation operation($input: UpdateNoteInput!) { updateNote(input: $input) { "
                      + NOTE
                      + " } }",
                  Json.createObjectBuilder()
                      .add(
                          "input",
                          Json.createObjectBuilder()
                              .add("id", note)
                              .add("text", "edited")
                              .add("_version", 1))
                      .build())
              .getJsonObject("updateNote");
      phone.awaitEvent(
          mark,
          e ->
              observed(
                  e,
                  "UPDATE",
                  n ->
                      note.equals(n.getString("id", ""))
                          && "edited".equals(n.getString("text", ""))),
          WAIT,
          "the raw update of the Note");

      mark = phone.mark();
      graphqlAs(
          token,
          "mutation operation($input: DeleteNoteInput!) { deleteNote(input: $input) { "
              + NOTE
              + " } }",
          Json.createObjectBuilder()
              .add(
                  "input",
                  Json.createObjectBuilder()
                      .add("id", note)
                      .add("_version", updated.getInt("_version")))
              .build());
      phone.awaitEvent(
          mark,
          e -> observed(e, "DELETE", n -> note.equals(n.getString("id", ""))),
          WAIT,
          "the raw delete of the Note");

      assertThat(updated.getJsonObject("notebook").getString("id")).isEqualTo(notebook);
      assertThat(phone.events(e -> is(e, "socketOpen"))).isNotEmpty();
      assertThat(phone.get("Note", Json.createValue(note))).isEqualTo(JsonValue.NULL);
      assertNoClientErrors(phone);
      assertNoClientErrors(laptop);
    }
  }

  private JsonObject cityMutation(
      String field, String inputType, jakarta.json.JsonObjectBuilder input) throws Exception {
    return graphql(
            "mutation operation($input: "
                + inputType
                + "!) { "
                + field
                + "(input: $input) { "
                + CITY
                + " } }",
            Json.createObjectBuilder().add("input", input).build())
        .getJsonObject(field);
  }

  // --- the client --------------------------------------------------------------------------

  private AmplifyClientProcess client(String name) {
    return AmplifyClientProcess.withApiKey(name, endpoint(), apiKey);
  }

  /** A client signed in as a new user of the tenant's realm (OIDC, custom token provider). */
  private AmplifyClientProcess oidcClient(String name) {
    String realm = TestKeycloak.tenantRealm(tenant);
    keycloak.createUser(realm, name, "pw");
    return AmplifyClientProcess.withToken(
        name, endpoint(), keycloak.passwordGrant(realm, "cairn-app", name, "pw"));
  }

  /** Runs a save and waits until its outbox mutation was answered by the server. */
  private static JsonObject saveAndAwaitSent(
      AmplifyClientProcess client, java.util.function.Supplier<JsonObject> save) {
    int mark = client.mark();
    JsonObject saved = save.get();
    String id = saved.getString("id");
    client.awaitEvent(
        mark,
        e ->
            isHub(e, "outboxMutationProcessed")
                && id.equals(e.getJsonObject("element").getString("id")),
        WAIT,
        "the mutation of " + id);
    return saved;
  }

  static void assertNoClientErrors(AmplifyClientProcess client) {
    assertThat(client.events(e -> is(e, "errorHandler") || is(e, "unhandledRejection")))
        .as("DataStore errorHandler calls and unhandled rejections")
        .isEmpty();
  }

  // --- the server through plain GraphQL ------------------------------------------------------

  /**
   * Creates {@code count} Posts, ten aliased createPost fields per request (the root-field limit).
   */
  private void seed(int count) throws Exception {
    Semaphore inFlight = new Semaphore(4);
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (int first = 0; first < count; first += 10) {
      StringBuilder query = new StringBuilder("mutation operation(");
      StringBuilder fields = new StringBuilder();
      var variables = Json.createObjectBuilder();
      for (int i = first; i < Math.min(count, first + 10); i++) {
        query.append(i == first ? "" : ", ").append("$p").append(i).append(": CreatePostInput!");
        fields.append(" p").append(i).append(": createPost(input: $p").append(i).append(") { id }");
        variables.add(
            "p" + i,
            Json.createObjectBuilder()
                .add("id", UUID.randomUUID().toString())
                .add("title", "seeded " + i)
                .add("body", "body " + i)
                .add("rating", i % 10)
                .add("tags", Json.createArrayBuilder().add("t" + (i % 7))));
      }
      query.append(") {").append(fields).append(" }");
      inFlight.acquire();
      sent.add(
          http.sendAsync(
                  graphqlRequest(query.toString(), variables.build()),
                  HttpResponse.BodyHandlers.ofString())
              .whenComplete((r, e) -> inFlight.release()));
    }
    for (CompletableFuture<HttpResponse<String>> response : sent) {
      HttpResponse<String> r = response.get();
      assertThat(r.body()).as("seeding").doesNotContain("\"errors\"");
    }
  }

  /** Every live (not deleted) record, by a base sync over plain GraphQL. */
  private Map<String, JsonObject> serverRecords() throws Exception {
    Map<String, JsonObject> records = new TreeMap<>();
    String nextToken = null;
    do {
      var variables = Json.createObjectBuilder().add("limit", 1000).add("lastSync", 0);
      if (nextToken != null) {
        variables.add("nextToken", nextToken);
      }
      JsonObject page = graphql(SYNC, variables.build()).getJsonObject("syncPosts");
      for (JsonValue item : page.getJsonArray("items")) {
        if (!item.asJsonObject().getBoolean("_deleted", false)) {
          records.put(item.asJsonObject().getString("id"), item.asJsonObject());
        }
      }
      nextToken = page.isNull("nextToken") ? null : page.getString("nextToken");
    } while (nextToken != null);
    return records;
  }

  private JsonObject serverPost(String id) throws Exception {
    return graphql(GET, Json.createObjectBuilder().add("id", id).build()).getJsonObject("getPost");
  }

  private String createOnServer(String title, String body) throws Exception {
    var input =
        Json.createObjectBuilder().add("id", UUID.randomUUID().toString()).add("title", title);
    if (body != null) {
      input.add("body", body);
    }
    return graphql(CREATE, Json.createObjectBuilder().add("input", input).build())
        .getJsonObject("createPost")
        .getString("id");
  }

  private void updateOnServer(String id, jakarta.json.JsonObjectBuilder fields, int version)
      throws Exception {
    graphql(
        UPDATE,
        Json.createObjectBuilder()
            .add("input", fields.add("id", id).add("_version", version))
            .build());
  }

  private void deleteOnServer(String id, int version) throws Exception {
    graphql(
        DELETE,
        Json.createObjectBuilder()
            .add("input", Json.createObjectBuilder().add("id", id).add("_version", version))
            .build());
  }

  /** A mutation or query with a user's token instead of the API key. */
  private JsonObject graphqlAs(String token, String query, JsonObject variables) throws Exception {
    return data(
        CairnHttp.at(base)
            .graphql(tenant, Map.of("Authorization", token), query, variables.toString()));
  }

  private JsonObject graphql(String query, JsonObject variables) throws Exception {
    return data(http.send(graphqlRequest(query, variables), HttpResponse.BodyHandlers.ofString()));
  }

  /** The answer's data; the answer must have no errors. */
  private static JsonObject data(HttpResponse<String> response) {
    JsonObject body = json(response.body());
    assertThat(body.containsKey("errors")).as(response.body()).isFalse();
    return body.getJsonObject("data");
  }

  private HttpRequest graphqlRequest(String query, JsonObject variables) {
    return CairnHttp.at(base)
        .graphqlRequest(tenant, Map.of("x-api-key", apiKey), query, variables.toString());
  }

  private String endpoint() {
    return CairnHttp.at(base).graphqlEndpoint(tenant).toString();
  }

  private HttpResponse<String> admin(String method, String path, String token, String body)
      throws Exception {
    return CairnHttp.at(base).admin(method, path, token, body);
  }

  /** What both sides must agree on: the fields and the version. */
  private static String content(JsonObject record) {
    return String.join(
        "|",
        record.getString("id"),
        String.valueOf(record.get("title")),
        String.valueOf(record.get("body")),
        String.valueOf(record.get("rating")),
        String.valueOf(record.get("tags")),
        String.valueOf(record.get("_version")));
  }

  private static Map<String, JsonObject> byId(JsonArray records) {
    Map<String, JsonObject> out = new TreeMap<>();
    for (JsonValue record : records) {
      out.put(record.asJsonObject().getString("id"), record.asJsonObject());
    }
    return out;
  }
}
