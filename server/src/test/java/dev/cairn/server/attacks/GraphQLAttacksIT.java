package dev.cairn.server.attacks;

import static dev.cairn.testkit.CairnHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testkit.CairnHttp;
import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.ClassTenant;
import dev.cairn.testkit.Deployments;
import dev.cairn.testkit.TestStack;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attacks on the GraphQL API of the deployed WAR (issue 10, findings 2, 5 and 6), as an outside
 * caller and as a malicious app user of a tenant would try them: two tenants signed up through the
 * admin API, app users with real Keycloak tokens of each tenant's realm, the embedded MongoDB. Each
 * test names the attack and asserts the server's answer.
 */
@ExtendWith({CairnStackExtension.class, ArquillianExtension.class})
@RunAsClient
class GraphQLAttacksIT {
  static final String SCHEMA =
      """
      type Post @model @auth(rules: [{ allow: private }]) {
        id: ID!
        title: String!
        comments: [Comment] @hasMany
      }
      type Comment @model @auth(rules: [{ allow: private }]) {
        id: ID!
        content: String!
        post: Post @belongsTo
      }
      type Employee @model @auth(rules: [
        { allow: owner },
        { allow: groups, groups: ["hr"], operations: [read, update] }
      ]) {
        id: ID!
        name: String!
        salary: Int @auth(rules: [{ allow: owner }])
        reviews: [Review] @hasMany @auth(rules: [{ allow: owner }])
      }
      type Review @model @auth(rules: [
        { allow: owner },
        { allow: groups, groups: ["hr"], operations: [read] }
      ]) {
        id: ID!
        text: String!
        employee: Employee @belongsTo
      }
      type Doc @model @auth(rules: [
        { allow: owner },
        { allow: groups, groupsField: "editors", operations: [read, update] }
      ]) {
        id: ID!
        text: String
        owner: String
        editors: [String]
      }
      type Locked @model @auth(rules: [
        { allow: owner },
        { allow: groups, groupsField: "editors", operations: [read, update] }
      ]) {
        id: ID!
        text: String
        owner: String @auth(rules: [
          { allow: owner, operations: [read, delete] },
          { allow: groups, groupsField: "editors", operations: [read] }
        ])
        editors: [String]
      }
      """;

  /** Per-caller rate of this deployment: small, so one flooding caller meets it quickly. */
  static final int CALLER_BURST = 100;

  /** The deepest relation query the depth limit admits: 3 hasMany levels of 20 each. */
  static final String DEEP =
      "query operation { listPosts(limit: 20) { items { id comments(limit: 20) { items { id post"
          + " { id comments(limit: 20) { items { id post { id comments(limit: 20) { items { id } }"
          + " } } } } } } } } }";

  /** The tenant under attack: alice owns records, hank is in HR, erin in team1, mallory none. */
  @RegisterExtension
  static final ClassTenant A =
      ClassTenant.signUp("atk-", SCHEMA)
          .conflicts("{\"default\":\"OPTIMISTIC_CONCURRENCY\"}")
          .appUser("alice", "pw")
          .appUser("hank", "pw", "hr")
          .appUser("erin", "pw", "team1")
          .appUser("mallory", "pw");

  /** Another tenant, with its app user carol and an API key. */
  @RegisterExtension
  static final ClassTenant B =
      ClassTenant.signUp("atk-", SCHEMA).withApiKey().appUser("carol", "pw");

  /** Whether {@link #seed} ran for this class (each test method gets a new instance). */
  private static boolean seeded;

  private final HttpClient http = HttpClient.newHttpClient();
  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive server() {
    Map<String, String> config = new LinkedHashMap<>(TestStack.get().serverConfig());
    // a data directory of its own: the default one (~/.cairn) holds the control-plane H2 file that
    // any other Cairn on this machine may have open
    try {
      config.put(
          "cairn.data.dir", java.nio.file.Files.createTempDirectory("cairn-attacks").toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    config.put("cairn.graphql.rate.caller-burst", String.valueOf(CALLER_BURST));
    config.put("cairn.graphql.rate.caller-per-second", "2");
    return Deployments.server(config);
  }

  @BeforeEach
  void seedOnce() throws Exception {
    synchronized (GraphQLAttacksIT.class) {
      if (!seeded) {
        seed();
        seeded = true;
      }
    }
  }

  /** 20 posts with 20 comments each, and alice's employee record with a review. */
  private void seed() throws Exception {
    // ten creates per request (the root-field limit): 2 requests of posts, 40 of comments
    for (int half = 0; half < 2; half++) {
      StringBuilder posts = new StringBuilder("mutation operation {");
      for (int p = half * 10; p < half * 10 + 10; p++) {
        posts.append(" p%d: createPost(input: {id: \"p%d\", title: \"t\"}) { id }".formatted(p, p));
      }
      ok(gql(A.slug(), A.appToken("alice"), posts.append(" }").toString(), "{}"));
    }
    for (int p = 0; p < 20; p++) {
      for (int half = 0; half < 2; half++) {
        StringBuilder comments = new StringBuilder("mutation operation {");
        for (int c = half * 10; c < half * 10 + 10; c++) {
          comments.append(
              " c%d: createComment(input: {id: \"p%d-c%d\", content: \"x\", postCommentsId: \"p%d\"}) { id }"
                  .formatted(c, p, c, p));
        }
        ok(gql(A.slug(), A.appToken("alice"), comments.append(" }").toString(), "{}"));
      }
    }
    ok(
        gql(
            A.slug(),
            A.appToken("alice"),
            "mutation operation($input: CreateEmployeeInput!) { createEmployee(input: $input) { id } }",
            "{\"input\":{\"id\":\"e1\",\"name\":\"Alice\",\"salary\":123456}}"));
    ok(
        gql(
            A.slug(),
            A.appToken("alice"),
            "mutation operation($input: CreateReviewInput!) { createReview(input: $input) { id } }",
            "{\"input\":{\"id\":\"r1\",\"text\":\"great\",\"employeeReviewsId\":\"e1\"}}"));
  }

  // --- finding 2: query cost, fragments, request rate ---------------------------------------

  @Test
  void aNestedRelationQueryThatWouldRead176820RecordsIsRefusedBeforeRunning() throws Exception {
    long started = System.nanoTime();
    HttpResponse<String> deep = gql(A.slug(), A.appToken("alice"), DEEP, "{}");
    long millis = (System.nanoTime() - started) / 1_000_000;

    JsonObject error = firstError(deep);
    assertThat(deep.statusCode()).isEqualTo(200);
    assertThat(error.getString("errorType")).isEqualTo("BadRequestException");
    assertThat(error.getString("message")).contains("records").contains("limit");
    assertThat(json(deep.body()).get("data")).isEqualTo(JsonValue.NULL);
    System.out.println("[attack] deep nested query refused in " + millis + " ms");
  }

  @Test
  void aNestedQueryWithinTheLimitStillAnswersEveryLevel() throws Exception {
    HttpResponse<String> twoLevels =
        gql(
            A.slug(),
            A.appToken("alice"),
            "query operation { listPosts(limit: 20) { items { id comments(limit: 20) { items { id"
                + " post { id } } } } } }",
            "{}");

    JsonObject body = json(twoLevels.body());
    assertThat(body.containsKey("errors")).as(twoLevels.body()).isFalse();
    var posts = body.getJsonObject("data").getJsonObject("listPosts").getJsonArray("items");
    assertThat(posts).hasSize(20);
    for (JsonValue post : posts) {
      var comments = post.asJsonObject().getJsonObject("comments").getJsonArray("items");
      assertThat(comments).hasSize(20);
      assertThat(comments.getJsonObject(0).getJsonObject("post").getString("id"))
          .isEqualTo(post.asJsonObject().getString("id"));
    }
  }

  @Test
  void twelveRootFieldsHiddenInAFragmentSpreadAreRefused() throws Exception {
    StringBuilder fields = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      fields.append(" q").append(i).append(": listPosts(limit: 1) { items { id } }");
    }
    String query = "query operation { ...many } fragment many on Query {" + fields + " }";

    HttpResponse<String> response = gql(A.slug(), A.appToken("alice"), query, "{}");

    assertThat(firstError(response).getString("message"))
        .contains("12 root fields; the limit is 10");
    assertThat(json(response.body()).get("data")).isEqualTo(JsonValue.NULL);
  }

  @Test
  void aliasesMultipliedThroughFragmentSpreadsAreRefused() throws Exception {
    String query =
        "query operation { listPosts(limit: 1) { items { ...six } } a: listPosts(limit: 1) {"
            + " items { ...six ...six ...six } } } fragment six on Post { a1: id a2: id a3: id"
            + " a4: id a5: id a6: id }";

    HttpResponse<String> response = gql(A.slug(), A.appToken("alice"), query, "{}");

    assertThat(firstError(response).getString("message")).contains("the limit is 20");
  }

  @Test
  void aFloodingCallerGets429WithRetryAfterWhileOthersAreServed() throws Exception {
    String query = "query operation { listPosts(limit: 1) { items { id } } }";
    HttpResponse<String> throttled = null;
    int served = 0;
    for (int i = 0; i < CALLER_BURST * 3 && throttled == null; i++) {
      HttpResponse<String> response = gql(A.slug(), A.appToken("mallory"), query, "{}");
      if (response.statusCode() == 429) {
        throttled = response;
      } else {
        assertThat(response.statusCode()).isEqualTo(200);
        served++;
      }
    }
    HttpResponse<String> alice = gql(A.slug(), A.appToken("alice"), query, "{}");
    HttpResponse<String> carolOnB = gql(B.slug(), B.appToken("carol"), query, "{}");

    assertThat(throttled).as("no 429 after %d requests", served).isNotNull();
    assertThat(served).isGreaterThanOrEqualTo(CALLER_BURST - 1);
    assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow()))
        .isGreaterThanOrEqualTo(1);
    assertThat(firstError(throttled).getString("errorType")).isEqualTo("ThrottlingException");
    assertThat(alice.statusCode()).isEqualTo(200);
    assertThat(carolOnB.statusCode()).isEqualTo(200);
  }

  // --- finding 5: field-level @auth -------------------------------------------------------

  @Test
  void aStaleUpdateDoesNotRevealAFieldTheUpdaterCannotRead() throws Exception {
    HttpResponse<String> stale =
        gql(
            A.slug(),
            A.appToken("hank"),
            "mutation operation($input: UpdateEmployeeInput!) { updateEmployee(input: $input) { id } }",
            "{\"input\":{\"id\":\"e1\",\"name\":\"A.\",\"_version\":0}}");

    JsonObject error = firstError(stale);
    assertThat(error.getString("errorType")).isEqualTo("ConflictUnhandled");
    assertThat(error.getJsonObject("data").getString("name")).isEqualTo("Alice");
    assertThat(error.getJsonObject("data").isNull("salary")).isTrue();
    assertThat(stale.body()).doesNotContain("123456");
  }

  @Test
  void filtersAndConditionsOnAFieldTheCallerCannotReadAreNotAnOracle() throws Exception {
    HttpResponse<String> filter =
        gql(
            A.slug(),
            A.appToken("hank"),
            "query operation($f: ModelEmployeeFilterInput) { syncEmployees(lastSync: 0, filter: $f)"
                + " { items { id } } }",
            "{\"f\":{\"salary\":{\"eq\":123456}}}");
    HttpResponse<String> condition =
        gql(
            A.slug(),
            A.appToken("hank"),
            "mutation operation($input: UpdateEmployeeInput!, $c: ModelEmployeeConditionInput) {"
                + " updateEmployee(input: $input, condition: $c) { id } }",
            "{\"input\":{\"id\":\"e1\",\"_version\":1},\"c\":{\"salary\":{\"ge\":100000}}}");

    assertThat(firstError(filter).getString("errorType")).isEqualTo("Unauthorized");
    assertThat(firstError(filter).getString("message")).contains("field `salary`");
    assertThat(filter.body()).doesNotContain("\"e1\"");
    assertThat(firstError(condition).getString("errorType")).isEqualTo("Unauthorized");
  }

  @Test
  void aSubscriptionFilterOnAFieldTheCallerCannotReadIsRefused() throws Exception {
    String hankAuth = "{\"Authorization\":\"" + A.appToken("hank") + "\",\"host\":\"localhost\"}";
    URI realtime =
        URI.create(
            base.toString().replaceFirst("^http", "ws") + "t/" + A.slug() + "/graphql/realtime");
    BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    WebSocket socket = connect(realtime, hankAuth, frames);
    try {
      socket.sendText("{\"type\":\"connection_init\"}", true).join();
      assertThat(await(frames, "connection_ack")).isNotNull();
      String data =
          Json.createObjectBuilder()
              .add(
                  "query",
                  "subscription operation($filter: ModelSubscriptionEmployeeFilterInput) {"
                      + " onUpdateEmployee(filter: $filter) { id name } }")
              .add("variables", json("{\"filter\":{\"salary\":{\"eq\":123456}}}"))
              .build()
              .toString();
      socket
          .sendText(
              "{\"id\":\"s1\",\"type\":\"start\",\"payload\":{\"data\":"
                  + Json.createValue(data)
                  + ",\"extensions\":{\"authorization\":"
                  + hankAuth
                  + "}}}",
              true)
          .join();

      JsonObject answer = await(frames, "error", "start_ack");
      assertThat(answer).isNotNull();
      assertThat(answer.getString("type")).isEqualTo("error");
      assertThat(answer.toString()).contains("Unauthorized");
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
  }

  @Test
  void aRelationFieldWithFieldRulesIsHiddenFromOtherReaders() throws Exception {
    String query = "query operation { getEmployee(id: \"e1\") { id reviews { items { text } } } }";

    HttpResponse<String> hank = gql(A.slug(), A.appToken("hank"), query, "{}");
    HttpResponse<String> alice = gql(A.slug(), A.appToken("alice"), query, "{}");

    JsonObject hankEmployee = json(hank.body()).getJsonObject("data").getJsonObject("getEmployee");
    assertThat(hankEmployee.getString("id")).isEqualTo("e1");
    assertThat(hankEmployee.isNull("reviews")).isTrue();
    assertThat(hank.body()).doesNotContain("great");
    assertThat(alice.body()).contains("great");
  }

  // --- finding 6: ownership ---------------------------------------------------------------

  @Test
  void aGroupsFieldUpdaterMayTakeAnUnprotectedOwnerFieldButNotAProtectedOne() throws Exception {
    for (String model : List.of("Doc", "Locked")) {
      ok(
          gql(
              A.slug(),
              A.appToken("alice"),
              "mutation operation($input: Create"
                  + model
                  + "Input!) { create"
                  + model
                  + "(input: $input) { id } }",
              "{\"input\":{\"id\":\"own-1\",\"text\":\"t\",\"editors\":[\"team1\"]}}"));
    }
    String takeOver =
        "mutation operation($input: Update%sInput!) { update%s(input: $input) { id } }";
    String erinOwns = "{\"input\":{\"id\":\"own-1\",\"owner\":\"erin\",\"_version\":1}}";

    HttpResponse<String> doc =
        gql(A.slug(), A.appToken("erin"), takeOver.formatted("Doc", "Doc"), erinOwns);
    HttpResponse<String> locked =
        gql(A.slug(), A.appToken("erin"), takeOver.formatted("Locked", "Locked"), erinOwns);
    HttpResponse<String> lockedAfter =
        gql(
            A.slug(),
            A.appToken("alice"),
            "query operation { getLocked(id: \"own-1\") { owner _version } }",
            "{}");

    assertThat(json(doc.body()).containsKey("errors")).as(doc.body()).isFalse();
    assertThat(firstError(locked).getString("errorType")).isEqualTo("Unauthorized");
    assertThat(firstError(locked).getString("message")).contains("field `owner`");
    JsonObject stillAlices =
        json(lockedAfter.body()).getJsonObject("data").getJsonObject("getLocked");
    assertThat(stillAlices.getInt("_version")).isEqualTo(1);
    assertThat(stillAlices.getString("owner")).isNotEqualTo("erin");
  }

  // --- checks that already passed: tenants and tokens -------------------------------------

  @Test
  void anotherTenantsTokenAndKeyAreRefusedEvenForCheapQueries() throws Exception {
    String query = "query operation { listPosts(limit: 1) { items { id } } }";

    HttpResponse<String> carolOnA = gql(A.slug(), B.appToken("carol"), query, "{}");
    HttpRequest keyBOnA =
        HttpRequest.newBuilder(endpoint(A.slug()))
            .header("Content-Type", "application/json")
            .header("x-api-key", B.apiKey())
            .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"" + query + "\"}"))
            .build();

    assertThat(carolOnA.statusCode()).isEqualTo(401);
    assertThat(http.send(keyBOnA, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(401);
  }

  // --- helpers ------------------------------------------------------------------------------

  private URI endpoint(String tenant) {
    return CairnHttp.at(base).graphqlEndpoint(tenant);
  }

  private HttpResponse<String> gql(String tenant, String token, String query, String variables)
      throws Exception {
    return CairnHttp.at(base).graphql(tenant, Map.of("Authorization", token), query, variables);
  }

  private static void ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(json(response.body()).containsKey("errors")).as(response.body()).isFalse();
  }

  private static JsonObject firstError(HttpResponse<String> response) {
    JsonObject body = json(response.body());
    assertThat(body.containsKey("errors")).as(response.body()).isTrue();
    return body.getJsonArray("errors").getJsonObject(0);
  }

  private static WebSocket connect(URI uri, String authJson, BlockingQueue<JsonObject> frames)
      throws Exception {
    String header =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(authJson.getBytes(StandardCharsets.UTF_8));
    StringBuilder partial = new StringBuilder();
    return HttpClient.newHttpClient()
        .newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .subprotocols("graphql-ws", "header-" + header)
        .buildAsync(
            uri,
            new WebSocket.Listener() {
              @Override
              public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                  frames.add(json(partial.toString()));
                  partial.setLength(0);
                }
                ws.request(1);
                return null;
              }
            })
        .get(10, TimeUnit.SECONDS);
  }

  /** The next frame of one of {@code types} within 10 s (keep-alives skipped), or null. */
  private static JsonObject await(BlockingQueue<JsonObject> frames, String... types)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<String> wanted = new ArrayList<>(List.of(types));
    while (System.nanoTime() < deadline) {
      JsonObject frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (frame != null && wanted.contains(frame.getString("type", ""))) {
        return frame;
      }
    }
    return null;
  }
}
