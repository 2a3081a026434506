package dev.cairn.server.api;

import static dev.cairn.testkit.CairnHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testkit.CairnHttp;
import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.ClassTenant;
import dev.cairn.testkit.Deployments;
import dev.cairn.testkit.RealtimeTestClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tenant's GraphQL endpoint and realtime endpoint on the real WAR, with tenants signed up through
 * the admin API, app users in their real Keycloak realms, and the embedded MongoDB: callers are
 * authenticated per tenant, {@code @auth} scopes what each sees, and changes reach exactly the
 * subscribers allowed to read them.
 */
@ExtendWith({CairnStackExtension.class, ArquillianExtension.class})
@RunAsClient
class SyncAndRealtimeIT {
  static final String SCHEMA =
      """
      type Note @model @auth(rules: [{ allow: owner }]) { id: ID! text: String! }
      type Post @model @auth(rules: [{ allow: public }, { allow: private, operations: [read] }]) {
        id: ID!
        title: String!
        rating: Int
      }
      """;
  static final String NOTE = "id text owner _version _lastChangedAt _deleted";
  static final String CREATE_NOTE =
      "mutation operation($input: CreateNoteInput!) { createNote(input: $input) { " + NOTE + " } }";
  static final String SYNC_NOTES =
      "query operation($lastSync: AWSTimestamp) { syncNotes(lastSync: $lastSync) { items { "
          + NOTE
          + " } startedAt } }";
  static final String ON_CREATE_NOTE = "subscription operation { onCreateNote { " + NOTE + " } }";

  @RegisterExtension
  static final ClassTenant A =
      ClassTenant.signUp("rt-", SCHEMA).withApiKey().appUser("alice", "pw").appUser("bob", "pw");

  @RegisterExtension
  static final ClassTenant B =
      ClassTenant.signUp("rt-", SCHEMA).withApiKey().appUser("carol", "pw");

  private final HttpClient http = HttpClient.newHttpClient();
  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive server() {
    return Deployments.server();
  }

  @Test
  void theGraphQlEndpointRefusesAnonymousAndOtherTenantsCallers() throws Exception {
    HttpResponse<String> anonymous = graphql(A.slug(), null, null, SYNC_NOTES, "{\"lastSync\":0}");
    HttpResponse<String> carolOnA =
        graphql(A.slug(), B.appToken("carol"), null, SYNC_NOTES, "{\"lastSync\":0}");
    HttpResponse<String> keyBOnA =
        graphql(A.slug(), null, B.apiKey(), SYNC_NOTES, "{\"lastSync\":0}");

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(
            json(anonymous.body()).getJsonArray("errors").getJsonObject(0).getString("errorType"))
        .isEqualTo("UnauthorizedException");
    assertThat(carolOnA.statusCode()).isEqualTo(401);
    assertThat(keyBOnA.statusCode()).isEqualTo(401);
  }

  @Test
  void theGraphQlEndpointAnswersOtherMethodsAndPathsWithAppSyncShapedErrors() throws Exception {
    URI endpoint = URI.create(base.toString()).resolve("t/" + A.slug() + "/graphql");
    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(endpoint).GET().build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> elsewhere =
        http.send(
            HttpRequest.newBuilder(URI.create(base.toString()).resolve("t/" + A.slug() + "/nope"))
                .header("x-api-key", A.apiKey())
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    assertThat(json(get.body()).getJsonArray("errors").getJsonObject(0).getString("message"))
        .contains("POST");
    assertThat(elsewhere.statusCode()).isEqualTo(404);
    assertThat(
            json(elsewhere.body()).getJsonArray("errors").getJsonObject(0).getString("errorType"))
        .isEqualTo("NotFound");
  }

  @Test
  void anUpgradeToATenantThatDoesNotExistIsRefusedBeforeSwitchingProtocols() throws Exception {
    URI unknown =
        URI.create(base.toString())
            .resolve(
                "t/nosuchtenant"
                    + UUID.randomUUID().toString().substring(0, 6)
                    + "/graphql/realtime");
    try (RawWebSocket raw = RawWebSocket.open(unknown, null, null)) {
      String answer = raw.answer();

      assertThat(answer).startsWith("HTTP/1.1 401");
      assertThat(answer).contains("\"errorType\":\"UnauthorizedException\"");
      assertThat(answer).doesNotContain("nosuchtenant").doesNotContain("Upgrade: websocket");
    }
  }

  @Test
  void aFrameLengthWithTheTopBitSetClosesTheConnectionWithAProtocolError() throws Exception {
    URI realtime = URI.create(base.toString()).resolve("t/" + A.slug() + "/graphql/realtime");
    try (RawWebSocket raw = RawWebSocket.open(realtime, null, null)) {
      assertThat(raw.answer()).startsWith("HTTP/1.1 101");

      raw.write(
          new byte[] {
            (byte) 0x81, (byte) 0xFF, (byte) 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4, 'x', 'y'
          });

      // Before the fix the server spun on this frame forever and never answered.
      assertThat(raw.awaitClose(Duration.ofSeconds(20))).isEqualTo(1002);
    }
    HttpResponse<String> stillServing =
        graphql(A.slug(), null, A.apiKey(), SYNC_NOTES, "{\"lastSync\":0}");
    assertThat(stillServing.statusCode()).isNotEqualTo(500);
  }

  @Test
  void ownersSeeOnlyTheirOwnNotesAndTheServerSetsTheOwner() throws Exception {
    String id = UUID.randomUUID().toString();
    HttpResponse<String> created =
        graphql(A.slug(), A.appToken("alice"), null, CREATE_NOTE, input(id, "alice's note"));
    HttpResponse<String> bobSync =
        graphql(A.slug(), A.appToken("bob"), null, SYNC_NOTES, "{\"lastSync\":0}");
    HttpResponse<String> aliceSync =
        graphql(A.slug(), "Bearer " + A.appToken("alice"), null, SYNC_NOTES, "{\"lastSync\":0}");

    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    JsonObject note = json(created.body()).getJsonObject("data").getJsonObject("createNote");
    assertThat(note.getString("owner")).isNotBlank();
    assertThat(note.getInt("_version")).isEqualTo(1);
    assertThat(bobSync.body()).doesNotContain(id);
    assertThat(aliceSync.body()).contains(id);
  }

  @Test
  void aChangeReachesItsOwnersSubscriptionAndNotAnotherOwners() throws Exception {
    URI realtime = realtimeUri(A.slug());
    try (RealtimeTestClient alice =
            RealtimeTestClient.connect(realtime, auth(A.appToken("alice")));
        RealtimeTestClient bob =
            RealtimeTestClient.connectLegacy(realtime, auth(A.appToken("bob")))) {
      assertThat(alice.subprotocol()).isEqualTo("graphql-ws");
      for (RealtimeTestClient client : new RealtimeTestClient[] {alice, bob}) {
        client.send("{\"type\":\"connection_init\"}");
        assertThat(client.awaitType("connection_ack")).isNotNull();
      }
      alice.start("a1", ON_CREATE_NOTE, "{}", auth(A.appToken("alice")));
      bob.start("b1", ON_CREATE_NOTE, "{}", auth(A.appToken("bob")));
      assertThat(alice.awaitType("start_ack")).isNotNull();
      assertThat(bob.awaitType("start_ack")).isNotNull();

      String aliceNote = UUID.randomUUID().toString();
      graphql(A.slug(), A.appToken("alice"), null, CREATE_NOTE, input(aliceNote, "for alice only"));
      String bobNote = UUID.randomUUID().toString();
      graphql(A.slug(), A.appToken("bob"), null, CREATE_NOTE, input(bobNote, "bob's"));

      JsonObject aliceData = alice.awaitType("data");
      JsonObject bobData = bob.awaitType("data");
      assertThat(aliceData).isNotNull();
      assertThat(payloadId(aliceData, "onCreateNote")).isEqualTo(aliceNote);
      assertThat(bobData).isNotNull();
      assertThat(payloadId(bobData, "onCreateNote")).isEqualTo(bobNote);
      assertThat(bob.seen().toString()).doesNotContain(aliceNote);
    }
  }

  @Test
  void aFilteredSubscriptionReceivesOnlyMatchingChanges() throws Exception {
    String keyAuth = "{\"x-api-key\":\"" + A.apiKey() + "\",\"host\":\"localhost\"}";
    try (RealtimeTestClient client = RealtimeTestClient.connect(realtimeUri(A.slug()), keyAuth)) {
      client.send("{\"type\":\"connection_init\"}");
      assertThat(client.awaitType("connection_ack")).isNotNull();
      client.start(
          "f1",
          "subscription operation($filter: ModelSubscriptionPostFilterInput) {"
              + " onCreatePost(filter: $filter) { id title rating _version } }",
          "{\"filter\":{\"rating\":{\"gt\":3}}}",
          keyAuth);
      assertThat(client.awaitType("start_ack")).isNotNull();

      String low = UUID.randomUUID().toString();
      String high = UUID.randomUUID().toString();
      String createPost =
          "mutation operation($input: CreatePostInput!) { createPost(input: $input) { id } }";
      graphql(
          A.slug(),
          null,
          A.apiKey(),
          createPost,
          "{\"input\":{\"id\":\"" + low + "\",\"title\":\"meh\",\"rating\":2}}");
      graphql(
          A.slug(),
          null,
          A.apiKey(),
          createPost,
          "{\"input\":{\"id\":\"" + high + "\",\"title\":\"great\",\"rating\":5}}");

      JsonObject data = client.awaitType("data");
      assertThat(data).isNotNull();
      assertThat(payloadId(data, "onCreatePost")).isEqualTo(high);
      assertThat(client.seen().toString()).doesNotContain(low);
    }
  }

  /**
   * Tenant isolation: every GraphQL operation replayed on tenant A with tenant B's token and API
   * key is refused, and A's own callers naming B's record ids neither see nor change B's record.
   */
  @Test
  void noOperationCrossesTenants() throws Exception {
    String bNote = UUID.randomUUID().toString();
    HttpResponse<String> created =
        graphql(B.slug(), B.appToken("carol"), null, CREATE_NOTE, input(bNote, "carol's secret"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    String get = "query operation($id: ID!) { getNote(id: $id) { " + NOTE + " } }";
    String[][] operations = {
      {get, "{\"id\":\"" + bNote + "\"}"},
      {"query operation { listNotes { items { " + NOTE + " } } }", "{}"},
      {SYNC_NOTES, "{\"lastSync\":0}"},
      {CREATE_NOTE, input(UUID.randomUUID().toString(), "intruder")},
      {
        "mutation operation($input: UpdateNoteInput!) { updateNote(input: $input) { "
            + NOTE
            + " } }",
        "{\"input\":{\"id\":\"" + bNote + "\",\"text\":\"overwritten\",\"_version\":1}}"
      },
      {
        "mutation operation($input: DeleteNoteInput!) { deleteNote(input: $input) { "
            + NOTE
            + " } }",
        "{\"input\":{\"id\":\"" + bNote + "\",\"_version\":1}}"
      },
    };
    for (String[] op : operations) {
      HttpResponse<String> foreignToken =
          graphql(A.slug(), B.appToken("carol"), null, op[0], op[1]);
      HttpResponse<String> foreignKey = graphql(A.slug(), null, B.apiKey(), op[0], op[1]);
      HttpResponse<String> ownCallerForeignId =
          graphql(A.slug(), A.appToken("alice"), null, op[0], op[1]);

      assertThat(foreignToken.statusCode()).as(op[0]).isEqualTo(401);
      assertThat(foreignKey.statusCode()).as(op[0]).isEqualTo(401);
      assertThat(ownCallerForeignId.body()).as(op[0]).doesNotContain("carol's secret");
    }
    HttpResponse<String> stillThere =
        graphql(B.slug(), B.appToken("carol"), null, get, "{\"id\":\"" + bNote + "\"}");
    JsonObject note = json(stillThere.body()).getJsonObject("data").getJsonObject("getNote");
    assertThat(note.getString("text")).isEqualTo("carol's secret");
    assertThat(note.getInt("_version")).isEqualTo(1);
    assertThat(note.isNull("_deleted") || !note.getBoolean("_deleted")).isTrue();
  }

  @Test
  void aSubscriptionStartedWithAnotherTenantsKeyIsRefused() throws Exception {
    String keyAuth = "{\"x-api-key\":\"" + A.apiKey() + "\",\"host\":\"localhost\"}";
    String foreignKey = "{\"x-api-key\":\"" + B.apiKey() + "\",\"host\":\"localhost\"}";
    try (RealtimeTestClient client = RealtimeTestClient.connect(realtimeUri(A.slug()), keyAuth)) {
      client.send("{\"type\":\"connection_init\"}");
      assertThat(client.awaitType("connection_ack")).isNotNull();

      client.start("x", "subscription operation { onCreatePost { id } }", "{}", foreignKey);

      JsonObject error = client.awaitType("error");
      assertThat(error).isNotNull();
      assertThat(error.toString()).contains("UnauthorizedException");
    }
  }

  @Test
  void aConnectionWithAnotherTenantsTokenIsRefused() throws Exception {
    try (RealtimeTestClient carol =
        RealtimeTestClient.connect(realtimeUri(A.slug()), auth(B.appToken("carol")))) {
      carol.send("{\"type\":\"connection_init\"}");

      JsonObject error = carol.awaitType("connection_error");
      assertThat(error).isNotNull();
      assertThat(error.toString()).contains("UnauthorizedException");
    }
  }

  private HttpResponse<String> graphql(
      String tenant, String authorization, String apiKey, String query, String variables)
      throws Exception {
    Map<String, String> headers = new HashMap<>();
    if (authorization != null) {
      headers.put("Authorization", authorization);
    }
    if (apiKey != null) {
      headers.put("x-api-key", apiKey);
    }
    return CairnHttp.at(base).graphql(tenant, headers, query, variables);
  }

  private URI realtimeUri(String tenant) {
    return CairnHttp.at(base).realtimeEndpoint(tenant);
  }

  private static String auth(String token) {
    return "{\"Authorization\":\"" + token + "\",\"host\":\"localhost\"}";
  }

  private static String input(String id, String text) {
    return "{\"input\":{\"id\":\"" + id + "\",\"text\":\"" + text + "\"}}";
  }

  private static String payloadId(JsonObject data, String field) {
    return data.getJsonObject("payload").getJsonObject("data").getJsonObject(field).getString("id");
  }
}
