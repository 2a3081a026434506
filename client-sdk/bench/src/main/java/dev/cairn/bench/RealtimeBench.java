package dev.cairn.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.cairn.testkit.TestStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The realtime benchmark (a main, not a test; see README.md for the command). On this machine it
 * starts the real parts — Keycloak and the embedded MongoDB of the test stack, and Payara Micro
 * with the real WAR in its own JVM — signs up a tenant through the admin API, and measures: a bare
 * journal cursor; Cairn's heap per idle subscriber; Cairn's fan-out latency from mutation
 * acknowledgement to receipt at every subscriber, at a fixed write rate over 10 subscription
 * filters; and the same fan-out on a minimal Netty broadcaster in its own JVM. Figures go to stdout
 * and to a Markdown file.
 *
 * <p>System properties: {@code bench.war} (default {@code server/target/cairn-server.war}), {@code
 * bench.out} ({@code client-sdk/bench/target/bench-results.md}), {@code bench.subscribers} ({@code
 * 1000,10000}), {@code bench.rate} (writes/s, 100), {@code bench.warmup} (s, 10), {@code
 * bench.seconds} (s, 30), {@code bench.serverHeap} ({@code 1g}), {@code bench.clientThreads} (2).
 */
public final class RealtimeBench {
  private static final int TOPICS = 10;
  private static final String SCHEMA =
      "type Post @model @auth(rules: [{ allow: public }]) { id: ID! title: String! topic: Int! }";

  private final Path war =
      Path.of(System.getProperty("bench.war", "server/target/cairn-server.war"));
  private final Path out =
      Path.of(System.getProperty("bench.out", "client-sdk/bench/target/bench-results.md"));
  private final int[] sizes =
      Arrays.stream(System.getProperty("bench.subscribers", "1000,10000").split(","))
          .mapToInt(Integer::parseInt)
          .toArray();
  private final int rate = Integer.getInteger("bench.rate", 100);
  private final int warmUp = Integer.getInteger("bench.warmup", 10);
  private final int seconds = Integer.getInteger("bench.seconds", 30);
  private final String serverHeap = System.getProperty("bench.serverHeap", "1g");
  private final int clientThreads = Integer.getInteger("bench.clientThreads", 2);
  private final int inFlight = Integer.getInteger("bench.handshakes", 16);
  private final Path runDir =
      out.toAbsolutePath().getParent().resolve("bench-run-" + System.currentTimeMillis());
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Report report = new Report();

  public static void main(String[] args) throws Exception {
    int status = 1;
    try {
      new RealtimeBench().run();
      status = 0;
    } finally {
      System.exit(status); // runs the test stack's shutdown hook, which stops Keycloak
    }
  }

  private void run() throws Exception {
    report.machine(rate, warmUp, seconds, serverHeap, clientThreads);
    System.out.println("starting Keycloak and the embedded MongoDB (test stack)...");
    TestStack stack = TestStack.get();
    try (MongoClient mongo = MongoClients.create(stack.mongo().connectionString())) {
      report.cursor(CursorBaseline.run(mongo, rate, warmUp, seconds));
    }
    cairn(stack);
    broadcaster();
    report.write(out);
    System.out.println(report.text());
    System.out.println("written to " + out.toAbsolutePath());
  }

  private void cairn(TestStack stack) throws Exception {
    try (CairnServer server = CairnServer.start(stack, war, serverHeap, runDir, http, SCHEMA)) {
      ChildProcess payara = server.payara;
      int port = server.port;
      String tenant = server.tenant;
      String apiKey = server.apiKey;
      String auth = "{\"x-api-key\":\"" + apiKey + "\",\"host\":\"localhost:" + port + "\"}";
      String subprotocols =
          "graphql-ws,header-"
              + Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(auth.getBytes(StandardCharsets.UTF_8));
      URI realtime = URI.create("ws://localhost:" + port + "/t/" + tenant + "/graphql/realtime");
      Publisher publisher = Publisher.cairn(http, server.graphql(), apiKey);
      for (int n : sizes) {
        Conversations.ProbeRef ref = new Conversations.ProbeRef();
        long heapBefore = payara.heapUsedKbAfterGc();
        long rssBefore = payara.rssKb();
        try (WsClients clients = new WsClients(clientThreads)) {
          long t0 = System.nanoTime();
          clients.open(
              realtime,
              subprotocols,
              n,
              inFlight,
              i -> Conversations.appSync("s" + i, i % TOPICS, auth, ref));
          double connectSeconds = (System.nanoTime() - t0) / 1e9;
          long heapAfter = payara.heapUsedKbAfterGc();
          report.idle(
              "Cairn (Payara Micro, WAR)",
              n,
              heapBefore,
              heapAfter,
              rssBefore,
              payara.rssKb(),
              connectSeconds);
          System.out.println(report.lastIdle());
          FanOutRun.Result result =
              FanOutRun.run(
                  "Cairn (Payara Micro, WAR)", n, TOPICS, publisher, ref, rate, warmUp, seconds);
          report.fanOut(result);
          System.out.println(report.lastFanOut());
        }
      }
    }
  }

  private void broadcaster() throws Exception {
    int port = CairnServer.freePort();
    List<String> command =
        List.of(
            ChildProcess.java(),
            "-Xms" + serverHeap,
            "-Xmx" + serverHeap,
            "-cp",
            System.getProperty("java.class.path"),
            MinimalBroadcaster.class.getName(),
            Integer.toString(port));
    String server = "minimal Netty broadcaster";
    try (ChildProcess netty =
        ChildProcess.start(server, command, runDir.resolve("broadcaster.log"))) {
      netty.awaitReady(() -> netty.log().contains("broadcaster ready"), Duration.ofMinutes(1));
      URI ws = URI.create("ws://localhost:" + port + "/ws");
      Publisher publisher =
          Publisher.broadcaster(http, URI.create("http://localhost:" + port + "/"));
      for (int n : sizes) {
        Conversations.ProbeRef ref = new Conversations.ProbeRef();
        long heapBefore = netty.heapUsedKbAfterGc();
        long rssBefore = netty.rssKb();
        try (WsClients clients = new WsClients(clientThreads)) {
          long t0 = System.nanoTime();
          clients.open(
              ws,
              "graphql-ws",
              n,
              inFlight,
              i -> Conversations.broadcaster("s" + i, i % TOPICS, ref));
          double connectSeconds = (System.nanoTime() - t0) / 1e9;
          report.idle(
              server,
              n,
              heapBefore,
              netty.heapUsedKbAfterGc(),
              rssBefore,
              netty.rssKb(),
              connectSeconds);
          System.out.println(report.lastIdle());
          FanOutRun.Result result =
              FanOutRun.run(server, n, TOPICS, publisher, ref, rate, warmUp, seconds);
          report.fanOut(result);
          System.out.println(report.lastFanOut());
        }
      }
    }
  }

  static String now() {
    return Instant.now().toString();
  }
}
