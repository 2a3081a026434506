package dev.cairn.server.api;

import static dev.cairn.testkit.AmplifyClientProcess.is;
import static dev.cairn.testkit.AmplifyClientProcess.observed;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import dev.cairn.testkit.AmplifyClientProcess;
import dev.cairn.testkit.CairnHttp;
import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.ClassTenant;
import dev.cairn.testkit.Deployments;
import dev.cairn.testkit.PayaraNode;
import dev.cairn.testkit.RealtimeTestClient;
import dev.cairn.testkit.TestKeycloak;
import dev.cairn.testkit.TestStack;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.bson.Document;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two Payara Micro nodes on one machine sharing one MongoDB (the test stack's) and one
 * control-plane database (an H2 file in {@code AUTO_SERVER} mode, which lets a second process share
 * it): node A is the Arquillian container, node B a second Payara Micro this class starts as a
 * child process with the same WAR. Changes cross nodes only through the change journal, and a
 * restarted node resumes its journal cursor from the position it stored.
 */
@ExtendWith({CairnStackExtension.class, ArquillianExtension.class})
@RunAsClient
class TwoNodeRealtimeIT {

  /** The Amplify client's schema (src/test/amplify/schema.js), so that it can sync with node B. */
  private static final String SCHEMA = AmplifyDataStoreIT.SCHEMA;

  private static final String ON_CREATE_POST =
      "subscription operation { onCreatePost { id title _version _lastChangedAt _deleted } }";
  private static final String CREATE_POST =
      "mutation operation($input: CreatePostInput!) { createPost(input: $input) { id } }";
  private static final String NODE_B_ID = "two-node-it-b";
  private static final Path SHARED_DIR = sharedDir();

  @RegisterExtension
  static final ClassTenant TENANT = ClassTenant.signUp("two-", SCHEMA).withApiKey();

  private static PayaraNode nodeB;

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive nodeA() {
    return Deployments.server(nodeConfig("two-node-it-a"));
  }

  @BeforeEach
  void nodeB() throws Exception {
    synchronized (TwoNodeRealtimeIT.class) {
      if (nodeB == null) {
        nodeB = PayaraNode.start(nodeConfig(NODE_B_ID), SHARED_DIR);
      }
    }
  }

  @AfterAll
  static void stopNodeB() {
    if (nodeB != null) {
      nodeB.close();
      nodeB = null;
    }
  }

  @Test
  void aWriteThroughNodeAReachesASubscriberOnNodeB() throws Exception {
    try (RealtimeTestClient subscriber = subscribe(nodeB.realtime(TENANT.slug()))) {
      String id = UUID.randomUUID().toString();
      assertThat(createPostOnNodeA(id, "written on A").statusCode()).isEqualTo(200);

      JsonObject data = subscriber.await(m -> m.toString().contains(id), Duration.ofSeconds(15));
      assertThat(data).as("frames on node B: %s", subscriber.seen()).isNotNull();
      assertThat(data.getString("type")).isEqualTo("data");
      assertThat(
              data.getJsonObject("payload")
                  .getJsonObject("data")
                  .getJsonObject("onCreatePost")
                  .getString("title"))
          .isEqualTo("written on A");
    }
  }

  @Test
  void aFlagChangedThroughNodeAReachesAFlagSubscriberOnNodeB(TestKeycloak keycloak)
      throws Exception {
    String console = keycloak.consoleToken();
    String flag = "gate-" + UUID.randomUUID().toString().substring(0, 8);
    String flagUrl = "api/admin/tenants/" + TENANT.slug() + "/flags/" + flag;
    assertThat(put(flagUrl, console, "{\"type\":\"boolean\",\"default\":false}").statusCode())
        .isEqualTo(200);
    String keyAuth = "{\"x-api-key\":\"" + TENANT.apiKey() + "\",\"host\":\"localhost\"}";
    try (RealtimeTestClient subscriber =
        RealtimeTestClient.connect(nodeB.realtime(TENANT.slug()), keyAuth)) {
      subscriber.send("{\"type\":\"connection_init\"}");
      assertThat(subscriber.awaitType("connection_ack")).isNotNull();
      subscriber.start(
          "flags",
          "subscription { _cairnOnFlagsChanged { flags { key value reason } } }",
          "{}",
          keyAuth);
      assertThat(subscriber.awaitType("start_ack")).as("frames: %s", subscriber.seen()).isNotNull();

      assertThat(put(flagUrl, console, "{\"type\":\"boolean\",\"default\":true}").statusCode())
          .isEqualTo(200);

      JsonObject data = subscriber.await(m -> m.toString().contains(flag), Duration.ofSeconds(15));
      assertThat(data).as("frames on node B: %s", subscriber.seen()).isNotNull();
      JsonObject pushed =
          data.getJsonObject("payload")
              .getJsonObject("data")
              .getJsonObject("_cairnOnFlagsChanged")
              .getJsonArray("flags")
              .getJsonObject(0);
      assertThat(pushed.getString("key")).isEqualTo(flag);
      assertThat(pushed.getString("value")).isEqualTo("true");
    }
  }

  private HttpResponse<String> put(String path, String token, String body) throws Exception {
    return CairnHttp.at(base).admin("PUT", path, token, body);
  }

  @Test
  void aRestartedNodeResumesItsFeedFromItsStoredPositionAndServesNewSubscribers() throws Exception {
    try (MongoClient mongo = MongoClients.create(TestStack.get().mongo().connectionString());
        MongoChangeStreamCursor<ChangeStreamDocument<Document>> journal =
            mongo.getDatabase("cairn").getCollection("changes").watch().cursor()) {
      MongoCollection<Document> positions =
          mongo.getDatabase("cairn").getCollection("feedPositions");
      String before = UUID.randomUUID().toString();
      createPostOnNodeA(before, "written while B was up");
      Optional<String> beforeToken = Optional.of(nextTokenFor(journal, before));
      assertThat(poll(() -> storedPosition(positions), beforeToken, 15)).isEqualTo(beforeToken);
      nodeB.close();
      nodeB = null;

      String missed = UUID.randomUUID().toString();
      assertThat(createPostOnNodeA(missed, "written while B was down").statusCode()).isEqualTo(200);
      String missedToken = nextTokenFor(journal, missed);
      assertThat(storedPosition(positions)).isNotEqualTo(Optional.of(missedToken));

      nodeB = PayaraNode.start(nodeConfig(NODE_B_ID), SHARED_DIR);

      // The journal entry written while B was down is only reachable by resuming from B's stored
      // position; a feed started afresh would never store that entry's token.
      assertThat(poll(() -> storedPosition(positions), Optional.of(missedToken), 15))
          .isEqualTo(Optional.of(missedToken));
      try (RealtimeTestClient subscriber = subscribe(nodeB.realtime(TENANT.slug()))) {
        String fresh = UUID.randomUUID().toString();
        createPostOnNodeA(fresh, "written after B restarted");
        assertThat(subscriber.await(m -> m.toString().contains(fresh), Duration.ofSeconds(15)))
            .as("frames on node B: %s", subscriber.seen())
            .isNotNull();
      }
    }
  }

  /**
   * The real Amplify DataStore client against node B, which is then really restarted (stopped as
   * SIGTERM stops it in production, and started again on the same port) while a write lands through
   * node A: the client reconnects by itself and catches up.
   */
  @Test
  void anAmplifyClientOfARestartedNodeReconnectsByItselfAndCatchesUp() throws Exception {
    try (AmplifyClientProcess watcher =
        AmplifyClientProcess.withApiKey(
            "restart-watcher", nodeB.graphql(TENANT.slug()), TENANT.apiKey())) {
      watcher.start();
      int mark = watcher.mark();
      String before = UUID.randomUUID().toString();
      createPostOnNodeA(before, "written while B was up");
      watcher.awaitEvent(
          mark, e -> observed(e, before), Duration.ofSeconds(30), "a change observed through B");

      mark = watcher.mark();
      int port = nodeB.port();
      nodeB.close();
      nodeB = null;
      String whileDown = UUID.randomUUID().toString();
      assertThat(createPostOnNodeA(whileDown, "written while B restarted").statusCode())
          .isEqualTo(200);
      nodeB = PayaraNode.start(nodeConfig(NODE_B_ID), SHARED_DIR, port);

      watcher.awaitEvent(
          mark,
          e -> observed(e, whileDown),
          Duration.ofSeconds(120),
          "the change written while B was down, observed after B restarted");
      String after = UUID.randomUUID().toString();
      int afterMark = watcher.mark();
      createPostOnNodeA(after, "written after B restarted");
      watcher.awaitEvent(
          afterMark,
          e -> observed(e, after),
          Duration.ofSeconds(30),
          "a live change observed through the restarted B");
      assertThat(watcher.events(e -> is(e, "socketOpen"))).hasSizeGreaterThanOrEqualTo(2);
      AmplifyDataStoreIT.assertNoClientErrors(watcher);
    }
  }

  private RealtimeTestClient subscribe(URI realtime) throws Exception {
    String keyAuth = "{\"x-api-key\":\"" + TENANT.apiKey() + "\",\"host\":\"localhost\"}";
    RealtimeTestClient client = RealtimeTestClient.connect(realtime, keyAuth);
    client.send("{\"type\":\"connection_init\"}");
    assertThat(client.awaitType("connection_ack")).isNotNull();
    client.start("s1", ON_CREATE_POST, "{}", keyAuth);
    assertThat(client.awaitType("start_ack")).as("frames: %s", client.seen()).isNotNull();
    return client;
  }

  private static String nextTokenFor(
      MongoChangeStreamCursor<ChangeStreamDocument<Document>> journal, String recordId) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      ChangeStreamDocument<Document> change = journal.tryNext();
      if (change != null
          && change.getFullDocument() != null
          && recordId.equals(String.valueOf(change.getFullDocument().get("recordId")))) {
        return change.getResumeToken().toJson();
      }
    }
    throw new AssertionError("the journal did not show the entry of " + recordId);
  }

  private static Optional<String> storedPosition(MongoCollection<Document> positions) {
    return Optional.ofNullable(positions.find(Filters.eq("_id", NODE_B_ID)).first())
        .map(d -> d.getString("token"));
  }

  private static <T> T poll(Supplier<T> value, T wanted, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    T last = value.get();
    while (!wanted.equals(last) && System.nanoTime() < deadline) {
      Thread.sleep(100); // an external process's store gives no signal to wait on
      last = value.get();
    }
    return last;
  }

  private HttpResponse<String> createPostOnNodeA(String id, String title) throws Exception {
    String variables =
        Json.createObjectBuilder()
            .add("input", Json.createObjectBuilder().add("id", id).add("title", title))
            .build()
            .toString();
    return CairnHttp.at(base)
        .graphql(TENANT.slug(), Map.of("x-api-key", TENANT.apiKey()), CREATE_POST, variables);
  }

  private static Map<String, String> nodeConfig(String nodeId) {
    Map<String, String> config = new LinkedHashMap<>(TestStack.get().serverConfig());
    config.put("cairn.data.dir", SHARED_DIR.resolve(nodeId).toString());
    config.put(
        "cairn.db.url", "jdbc:h2:file:" + SHARED_DIR.resolve("controlplane") + ";AUTO_SERVER=TRUE");
    config.put("cairn.node.id", nodeId);
    return config;
  }

  private static Path sharedDir() {
    try {
      return Files.createTempDirectory(Path.of("target"), "two-node-").toAbsolutePath();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
