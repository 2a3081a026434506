package dev.cairn.server.api;

import static dev.cairn.testkit.AmplifyClientProcess.is;
import static dev.cairn.testkit.CairnHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testkit.AmplifyClientProcess;
import dev.cairn.testkit.CairnHttp;
import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.PayaraNode;
import dev.cairn.testkit.TestKeycloak;
import dev.cairn.testkit.TestStack;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A rolling restart under load: two Cairn nodes behind a load balancer, a writer creating records
 * through it and a real Amplify DataStore client syncing through it; each node in turn is stopped
 * (SIGTERM) and started again. No acknowledged write may be lost, and the client must end with
 * every acknowledged record. The figures (writes retried, longest time without an acknowledged
 * write) go to {@code target/rolling-restart.txt}.
 */
@ExtendWith(CairnStackExtension.class)
class RollingRestartIT {
  private static final String CREATE =
      "mutation operation($input: CreatePostInput!) { createPost(input: $input) { id } }";
  private static final String SYNC =
      "query operation($nextToken: String) { syncPosts(lastSync: 0, limit: 1000, nextToken:"
          + " $nextToken) { items { id } nextToken } }";
  private static final int WRITES_PER_PHASE = 15;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aRollingRestartLosesNoAcknowledgedWriteAndTheClientConverges(TestKeycloak keycloak)
      throws Exception {
    Path logs = Files.createTempDirectory(Path.of("target"), "rolling-").toAbsolutePath();
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        TcpBalancer balancer = new TcpBalancer()) {
      int portA = TestStack.freePort();
      int portB = TestStack.freePort();
      Map<Integer, PayaraNode> nodes = new ConcurrentHashMap<>();
      nodes.put(
          portA,
          PayaraNode.start(PostgresNodes.onPostgres(postgres, logs, "rolling-a"), logs, portA));
      nodes.put(
          portB,
          PayaraNode.start(PostgresNodes.onPostgres(postgres, logs, "rolling-b"), logs, portB));
      balancer.up(portA);
      balancer.up(portB);
      URI lb = URI.create("http://127.0.0.1:" + balancer.port() + "/");
      try {
        String console = keycloak.consoleToken();
        String tenant = CairnHttp.at(lb).signUp(console, "roll-", AmplifyDataStoreIT.SCHEMA);
        String key = CairnHttp.at(lb).apiKey(console, tenant);
        Writer writer = new Writer(lb.resolve("t/" + tenant + "/graphql"), key);
        try (AmplifyClientProcess client =
            AmplifyClientProcess.withApiKey("rolling", lb + "t/" + tenant + "/graphql", key)) {
          client.start();
          Thread writing = new Thread(writer, "writer");
          writing.start();

          writer.awaitAcknowledged(WRITES_PER_PHASE);
          restart(nodes, balancer, portA, logs, postgres, "rolling-a");
          writer.awaitAcknowledged(2 * WRITES_PER_PHASE);
          restart(nodes, balancer, portB, logs, postgres, "rolling-b");
          writer.awaitAcknowledged(3 * WRITES_PER_PHASE);
          writer.stop();
          writing.join(TimeUnit.MINUTES.toMillis(1));

          Set<String> acknowledged = writer.acknowledged();
          assertThat(stored(lb, tenant, key))
              .as("records stored after the rolling restart")
              .containsAll(acknowledged);
          Set<String> onClient = awaitOnClient(client, acknowledged, Duration.ofMinutes(3));
          assertThat(onClient).as("records on the Amplify client").containsAll(acknowledged);
          assertThat(client.events(e -> is(e, "socketOpen")))
              .as("the client reconnected after its node stopped")
              .hasSizeGreaterThanOrEqualTo(2);
          Files.writeString(
              Path.of("target/rolling-restart.txt"),
              String.format(
                  "acknowledged writes: %d%nwrites retried: %d%nlongest time without an"
                      + " acknowledged write: %d ms%nclient sockets opened: %d%n",
                  acknowledged.size(),
                  writer.retries.get(),
                  writer.longestGapMillis(),
                  client.events(e -> is(e, "socketOpen")).size()));
        }
      } finally {
        nodes.values().forEach(PayaraNode::close);
      }
    }
  }

  /** SIGTERM to one node (the balancer stops sending it connections first), then start it again. */
  private static void restart(
      Map<Integer, PayaraNode> nodes,
      TcpBalancer balancer,
      int port,
      Path logs,
      EmbeddedPostgres postgres,
      String nodeId)
      throws Exception {
    balancer.down(port);
    nodes.remove(port).close();
    nodes.put(port, PayaraNode.start(PostgresNodes.onPostgres(postgres, logs, nodeId), logs, port));
    balancer.up(port);
  }

  private Set<String> stored(URI lb, String tenant, String key) throws Exception {
    Set<String> ids = new HashSet<>();
    String nextToken = null;
    do {
      var variables = Json.createObjectBuilder();
      if (nextToken == null) {
        variables.addNull("nextToken");
      } else {
        variables.add("nextToken", nextToken);
      }
      String body =
          Json.createObjectBuilder()
              .add("query", SYNC)
              .add("variables", variables)
              .build()
              .toString();
      HttpResponse<String> page =
          http.send(
              HttpRequest.newBuilder(lb.resolve("t/" + tenant + "/graphql"))
                  .header("Content-Type", "application/json")
                  .header("x-api-key", key)
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
      JsonObject sync = json(page.body()).getJsonObject("data").getJsonObject("syncPosts");
      sync.getJsonArray("items").forEach(i -> ids.add(i.asJsonObject().getString("id")));
      nextToken =
          sync.get("nextToken") == null || sync.isNull("nextToken")
              ? null
              : sync.getString("nextToken");
    } while (nextToken != null);
    return ids;
  }

  private static Set<String> awaitOnClient(
      AmplifyClientProcess client, Set<String> wanted, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Set<String> seen = new HashSet<>();
    while (System.nanoTime() < deadline) {
      seen.clear();
      for (JsonValue post : client.all()) {
        seen.add(post.asJsonObject().getString("id"));
      }
      if (seen.containsAll(wanted)) {
        return seen;
      }
      Thread.sleep(500); // the client's store gives no signal to wait on
    }
    return seen;
  }

  /**
   * Creates posts one after the other through the balancer, as an app's outbox does: a write that
   * fails (connection cut, a node answering while it stops) is sent again, with the same id, until
   * it is acknowledged.
   */
  private final class Writer implements Runnable {
    private final URI endpoint;
    private final String key;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong lastAck = new AtomicLong(System.currentTimeMillis());
    private final AtomicLong longestGap = new AtomicLong();
    private final Map<Integer, CountDownLatch> milestones = new ConcurrentHashMap<>();

    Writer(URI endpoint, String key) {
      this.endpoint = endpoint;
      this.key = key;
    }

    @Override
    public void run() {
      while (running.get()) {
        String id = UUID.randomUUID().toString();
        while (running.get() && !create(id)) {
          retries.incrementAndGet();
          pause(200); // back off before sending it again, as the Amplify outbox does
        }
        pause(50);
      }
    }

    private boolean create(String id) {
      String body =
          Json.createObjectBuilder()
              .add("query", CREATE)
              .add(
                  "variables",
                  Json.createObjectBuilder()
                      .add(
                          "input",
                          Json.createObjectBuilder().add("id", id).add("title", "rolling " + id)))
              .build()
              .toString();
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json")
                    .header("x-api-key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains("\"id\":\"" + id + "\"")) {
          return false;
        }
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running.set(false);
        return false;
      }
      long now = System.currentTimeMillis();
      longestGap.accumulateAndGet(now - lastAck.getAndSet(now), Math::max);
      acknowledged.add(id);
      milestones.forEach(
          (count, latch) -> {
            if (acknowledged.size() >= count) {
              latch.countDown();
            }
          });
      return true;
    }

    void awaitAcknowledged(int count) throws InterruptedException {
      CountDownLatch latch = milestones.computeIfAbsent(count, c -> new CountDownLatch(1));
      if (acknowledged.size() >= count) {
        return;
      }
      assertThat(latch.await(5, TimeUnit.MINUTES))
          .as("%d writes acknowledged (have %d)", count, acknowledged.size())
          .isTrue();
    }

    void stop() {
      running.set(false);
    }

    Set<String> acknowledged() {
      return Set.copyOf(acknowledged);
    }

    long longestGapMillis() {
      return longestGap.get();
    }

    private void pause(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running.set(false);
      }
    }
  }
}
