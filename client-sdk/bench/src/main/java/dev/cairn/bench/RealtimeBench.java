package dev.cairn.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.cairn.testkit.TestStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The realtime benchmark (a main, not a test; see README.md). On this machine it starts the real
 * parts — Keycloak and the embedded MongoDB of the test stack, and Payara Micro with the real WAR
 * in its own JVM — signs up a tenant through the admin API, and measures: a bare journal cursor;
 * for each number of subscribers, Cairn's idle cost (heap after full GCs and by class histogram,
 * RSS, open files, and the CPU the keep-alives take while the subscribers idle) and its fan-out
 * latency from mutation acknowledgement to receipt at every subscriber, at a fixed write rate over
 * 10 subscription filters; then the same on a minimal Netty broadcaster in its own JVM, at the same
 * numbers. The subscribers are held by several load-generator processes ({@link LoadGenerators}:
 * one process cannot hold more than ~19,600 sockets here), which time each receipt; the
 * acknowledgement times are taken in this process. Figures go to stdout and to a Markdown file.
 *
 * <p>From the repository root, after {@code mvn -B -q -pl client-sdk/bench -am package
 * -DskipTests}; the 19,000-subscriber run (the server then holds 19,000 sockets and ~400 files of
 * its own under the per-process limit of 20,000; three load generators hold ~6,300 each):
 *
 * <pre>
 * java -Dbench.subscribers=19000 -Dcairn.test.keycloakTimeoutSeconds=600 \
 *   -cp "client-sdk/bench/target/classes:$(cat client-sdk/bench/target/classpath.txt)" \
 *   dev.cairn.bench.RealtimeBench
 * </pre>
 *
 * <p>System properties: {@code bench.war} (default {@code server/target/cairn-server.war}; several,
 * comma-separated, are measured in turn against the same Keycloak and MongoDB), {@code bench.out}
 * ({@code client-sdk/bench/target/bench-results.md}), {@code bench.subscribers} ({@code
 * 1000,10000}), {@code bench.rate} (writes/s, 100), {@code bench.warmup} (s, 10), {@code
 * bench.seconds} (s, 30), {@code bench.serverHeap} ({@code 1g}), {@code bench.perProcess}
 * (subscribers per load-generator process, 7,000), {@code bench.clientThreads} (Netty threads per
 * load generator, 1), {@code bench.connectRate} (connections/s over all load generators, 300; Cairn
 * refuses more than 500/s per tenant or address), {@code bench.kaSeconds} (how long Cairn's CPU is
 * sampled while the subscribers idle, 60: two rounds of {@code ka}), {@code bench.writesInFlight}
 * (writes awaiting their acknowledgement, 32), {@code bench.serverJvmArgs} (extra options for the
 * Payara JVM), {@code bench.serverJfr} (a directory: a flight recording of Cairn's server during
 * each measured fan-out, {@code fanout-<subscribers>.jfr}; see {@link ServerRecording}), {@code
 * bench.baseline} ({@code true}; {@code false} skips the Netty broadcaster, e.g. to compare two
 * WARs in turn).
 */
public final class RealtimeBench {
  private static final int TOPICS = 10;
  private static final String SCHEMA =
      "type Post @model @auth(rules: [{ allow: public }]) { id: ID! title: String! topic: Int! }";
  private static final String CAIRN = "Cairn (Payara Micro, WAR)";
  private static final String NETTY = "minimal Netty broadcaster";

  private final List<Path> wars =
      Arrays.stream(System.getProperty("bench.war", "server/target/cairn-server.war").split(","))
          .map(Path::of)
          .toList();
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
  private final int perProcess = Integer.getInteger("bench.perProcess", 7_000);
  private final int clientThreads = Integer.getInteger("bench.clientThreads", 1);
  private final int connectRate = Integer.getInteger("bench.connectRate", 300);
  private final int kaSeconds = Integer.getInteger("bench.kaSeconds", 60);
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
    } catch (Exception | Error e) {
      e.printStackTrace(); // System.exit below would end the JVM before it is printed
    } finally {
      System.exit(status); // runs the test stack's shutdown hook, which stops Keycloak
    }
  }

  private void run() throws Exception {
    report.machine(rate, warmUp, seconds, serverHeap, perProcess, clientThreads);
    System.out.println("starting Keycloak and the embedded MongoDB (test stack)...");
    TestStack stack = TestStack.get();
    try (MongoClient mongo = MongoClients.create(stack.mongo().connectionString())) {
      report.cursor(CursorBaseline.run(mongo, rate, warmUp, seconds));
    }
    for (int i = 0; i < wars.size(); i++) {
      // several WARs (e.g. main's and a branch's, in turn) are told apart by file name and turn
      // each turn in a directory of its own, so one turn's log and data never overwrite another's
      cairn(
          stack,
          wars.get(i),
          wars.size() == 1 ? CAIRN : CAIRN + " " + wars.get(i).getFileName() + " #" + (i + 1),
          wars.size() == 1 ? runDir : runDir.resolve("turn-" + (i + 1)));
    }
    if (Boolean.parseBoolean(System.getProperty("bench.baseline", "true"))) {
      broadcaster();
    }
    report.write(out);
    System.out.println(report.text());
    System.out.println("written to " + out.toAbsolutePath());
  }

  private void cairn(TestStack stack, Path war, String name, Path turnDir) throws Exception {
    Files.createDirectories(turnDir);
    try (CairnServer server = CairnServer.start(stack, war, serverHeap, turnDir, http, SCHEMA)) {
      measure(
          name,
          server.payara,
          LoadGenerators.Target.cairn(server),
          Publisher.cairn(http, server.graphql(), server.apiKey),
          kaSeconds);
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
    try (ChildProcess netty =
        ChildProcess.start(NETTY, command, runDir.resolve("broadcaster.log"))) {
      netty.awaitReady(() -> netty.log().contains("broadcaster ready"), Duration.ofMinutes(1));
      measure(
          NETTY,
          netty,
          LoadGenerators.Target.broadcaster(port),
          Publisher.broadcaster(http, URI.create("http://localhost:" + port + "/")),
          0);
    }
  }

  /**
   * For each number of subscribers: opens them, measures the server idle with them against the
   * server before, then the fan-out.
   */
  private void measure(
      String name,
      ChildProcess server,
      LoadGenerators.Target target,
      Publisher publisher,
      int idleSeconds)
      throws Exception {
    System.out.println(name + ": warming up with 200 connections...");
    LoadGenerators.open(target, 200, perProcess, connectRate, clientThreads, runDir, "warm")
        .closeAndAwaitFilesBelow(server, IdleSnapshot.openFiles(server.pid()) - 150);
    IdleSnapshot before = IdleSnapshot.take(server, 0, idleSeconds);
    System.out.println(name + " idle, no subscribers: " + before.row());
    for (int n : sizes) {
      long t0 = System.nanoTime();
      LoadGenerators clients =
          LoadGenerators.open(
              target, n, perProcess, connectRate, clientThreads, runDir, name.split(" ")[0]);
      try {
        double connectSeconds = (System.nanoTime() - t0) / 1e9;
        report.idle(name, before, IdleSnapshot.take(server, n, idleSeconds), connectSeconds);
        System.out.println(report.lastIdle());
        FanOutRun.Result result =
            FanOutRun.run(
                name,
                n,
                TOPICS,
                publisher,
                clients,
                rate,
                warmUp,
                seconds,
                ProcessHandle.of(server.pid()).orElseThrow(),
                name.startsWith(CAIRN) ? ServerRecording.of(server) : ServerRecording.NONE);
        report.fanOut(result);
        System.out.println(report.lastFanOut());
      } finally {
        clients.closeAndAwaitFilesBelow(server, before.files() + 200);
      }
    }
  }

  static String now() {
    return Instant.now().toString();
  }
}
