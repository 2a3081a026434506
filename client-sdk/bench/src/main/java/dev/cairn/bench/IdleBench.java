package dev.cairn.bench;

import dev.cairn.testkit.TestStack;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Idle subscribers on one Cairn node (a main, not a test; see README.md): what each connection
 * holding one filtered subscription costs in heap — total, and per class from the difference of two
 * {@code jcmd GC.class_histogram}s, before the connections and with them — in RSS and in open
 * files, and what the keep-alives ({@code ka} every 30 s) cost in CPU while nothing else happens.
 * The connections come from several load-generator processes ({@link LoadGenerators}), because one
 * process cannot hold more than ~19,600 sockets here. A round of connections is opened and closed
 * first, so that classes, pools and caches a first connection creates are in the baseline.
 *
 * <p>{@code -Dbench.upgrade=listener,servlet} measures two nodes back to back in one run, one with
 * the realtime upgrade taken in Payara's HTTP listener ({@code
 * cairn.realtime.upgrade-in-listener=true}, the default) and one with the Servlet upgrade ({@code
 * false}), and ends with both per-connection figures side by side. From the repository root, after
 * {@code mvn -B -q -pl client-sdk/bench -am package -DskipTests}:
 *
 * <pre>
 * java -Dbench.upgrade=listener,servlet -Dcairn.test.keycloakTimeoutSeconds=600 \
 *   -cp "client-sdk/bench/target/classes:$(cat client-sdk/bench/target/classpath.txt)" \
 *   dev.cairn.bench.IdleBench
 * </pre>
 *
 * <p>System properties: {@code bench.subscribers} (comma-separated, default {@code 10000}), {@code
 * bench.upgrade} ({@code listener}, {@code servlet} or both, comma-separated; default: the server's
 * default, one node), {@code bench.perProcess} (connections per load-generator process, 9,000),
 * {@code bench.connectRate} (connections/s over all processes, 400; Cairn takes 500/s per tenant),
 * {@code bench.kaSeconds} (how long the idle CPU is sampled, 90), {@code bench.top} (classes
 * listed, 25), {@code bench.serverHeap} (1g), {@code bench.war}, {@code bench.out} ({@code
 * client-sdk/bench/target/idle-bench.md}).
 */
public final class IdleBench {
  private static final String SCHEMA =
      "type Post @model @auth(rules: [{ allow: public }]) { id: ID! title: String! topic: Int! }";

  private final Path war =
      Path.of(System.getProperty("bench.war", "server/target/cairn-server.war"));
  private final Path out =
      Path.of(System.getProperty("bench.out", "client-sdk/bench/target/idle-bench.md"));
  private final int[] sizes =
      Arrays.stream(System.getProperty("bench.subscribers", "10000").split(","))
          .mapToInt(Integer::parseInt)
          .toArray();
  private final List<String> upgrades =
      Arrays.stream(System.getProperty("bench.upgrade", "default").split(","))
          .map(String::strip)
          .toList();
  private final int perProcess = Integer.getInteger("bench.perProcess", 9_000);
  private final int connectRate = Integer.getInteger("bench.connectRate", 400);
  private final int kaSeconds = Integer.getInteger("bench.kaSeconds", 90);
  private final int top = Integer.getInteger("bench.top", 25);
  private final String serverHeap = System.getProperty("bench.serverHeap", "1g");
  private final Path runDir =
      out.toAbsolutePath().getParent().resolve("idle-run-" + System.currentTimeMillis());
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final StringBuilder report = new StringBuilder();
  private final StringBuilder comparison = new StringBuilder();

  public static void main(String[] args) throws Exception {
    int status = 1;
    try {
      new IdleBench().run();
      status = 0;
    } catch (Exception | Error e) {
      e.printStackTrace(); // System.exit below would end the JVM before it is printed
    } finally {
      System.exit(status); // runs the test stack's shutdown hook, which stops Keycloak
    }
  }

  private void run() throws Exception {
    report
        .append("# Idle subscribers on one node\n\n")
        .append("Run at ")
        .append(Instant.now())
        .append(" on ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, Java ")
        .append(System.getProperty("java.version"))
        .append(", Payara Micro with ")
        .append(war)
        .append(" (-Xmx")
        .append(serverHeap)
        .append("). Each subscriber: one WebSocket connection (AppSync protocol, API key), one")
        .append(" filtered `onCreatePost` subscription, then nothing but the server's `ka` every")
        .append(" 30 s. Heap after full GCs (`jcmd GC.heap_info`, and the sum of")
        .append(" `jcmd GC.class_histogram`); keep-alive CPU is the Payara JVM's CPU time over ")
        .append(kaSeconds)
        .append(" s of idling, beside the 1-minute load average of this shared machine.\n\n");
    System.out.println("starting Keycloak and the embedded MongoDB (test stack)...");
    TestStack stack = TestStack.get();
    for (String upgrade : upgrades) {
      node(stack, upgrade);
    }
    if (upgrades.size() > 1) {
      report
          .append("\n## Per connection, the nodes side by side (same run)\n\n")
          .append(
              "| realtime upgrade | connections | heap / connection (KB) | class histogram /"
                  + " connection (KB) | RSS / connection (KB) | CPU idle with them / without"
                  + " (% of a core) |\n|---|---|---|---|---|---|\n")
          .append(comparison);
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report.toString());
    System.out.println(report);
    System.out.println("written to " + out.toAbsolutePath());
  }

  /** One node: {@code upgrade} is {@code listener}, {@code servlet} or the server's default. */
  private void node(TestStack stack, String upgrade) throws Exception {
    Map<String, String> config =
        switch (upgrade) {
          case "listener" -> Map.of("cairn.realtime.upgrade-in-listener", "true");
          case "servlet" -> Map.of("cairn.realtime.upgrade-in-listener", "false");
          case "default" -> Map.of();
          default ->
              throw new IllegalArgumentException(
                  "bench.upgrade: '" + upgrade + "' is none of listener, servlet");
        };
    String label =
        switch (upgrade) {
          case "listener" ->
              "in Payara's HTTP listener (`CAIRN_REALTIME_UPGRADE_IN_LISTENER=true`)";
          case "servlet" -> "Servlet upgrade (`CAIRN_REALTIME_UPGRADE_IN_LISTENER=false`)";
          default -> "the server's default";
        };
    report.append("\n## Realtime upgrade: ").append(label).append("\n\n");
    String nodeId = "default".equals(upgrade) ? "bench" : upgrade;
    try (CairnServer server =
        CairnServer.start(stack, war, serverHeap, runDir, http, SCHEMA, nodeId, config)) {
      ChildProcess payara = server.payara;
      boolean inListener =
          payara.log().contains("realtime upgrades are taken below the Servlet layer");
      report
          .append("The node's log says the upgrades are taken ")
          .append(inListener ? "in the HTTP listener" : "by the Servlet layer")
          .append(".\n\n");
      System.out.println(
          upgrade
              + ": upgrades taken "
              + (inListener ? "in the listener" : "by the Servlet layer"));
      LoadGenerators.Target target = LoadGenerators.Target.cairn(server);
      System.out.println(upgrade + ": warming up with 200 connections...");
      LoadGenerators.open(target, 200, perProcess, connectRate, 1, runDir, upgrade + "-warm")
          .closeAndAwaitFilesBelow(payara, IdleSnapshot.openFiles(payara.pid()) - 150);
      IdleSnapshot before = IdleSnapshot.take(payara, 0, kaSeconds);
      report.append(IdleSnapshot.header()).append(before.row()).append('\n');
      System.out.println(before.row());
      StringBuilder classes = new StringBuilder();
      for (int n : sizes) {
        LoadGenerators clients =
            LoadGenerators.open(target, n, perProcess, connectRate, 1, runDir, upgrade);
        try {
          IdleSnapshot with = IdleSnapshot.take(payara, n, kaSeconds);
          String row = with.rowAgainst(before);
          report.append(row).append('\n');
          System.out.println(row);
          comparison.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %,d | **%.1f** | %.1f | %.1f | %.1f / %.1f |%n",
                  upgrade,
                  n,
                  with.heapPerConnectionKb(before),
                  with.histogramPerConnectionKb(before),
                  with.rssPerConnectionKb(before),
                  with.cpuPercent(),
                  before.cpuPercent()));
          String table = classTable(before, with);
          classes.append('\n').append(table);
          System.out.println(table);
        } finally {
          clients.closeAndAwaitFilesBelow(payara, before.files() + 200);
        }
      }
      report.append(classes);
    }
  }

  private String classTable(IdleSnapshot before, IdleSnapshot with) {
    int n = with.connections();
    Map<String, long[]> diff = new HashMap<>();
    with.classes().forEach((name, v) -> diff.put(name, new long[] {v[0], v[1]}));
    before
        .classes()
        .forEach(
            (name, v) -> {
              long[] d = diff.computeIfAbsent(name, k -> new long[2]);
              d[0] -= v[0];
              d[1] -= v[1];
            });
    Map<String, Long> byArea = new HashMap<>();
    diff.forEach((name, d) -> byArea.merge(area(name), d[1], Long::sum));
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "Per connection at %,d connections, by owner:%n%n", n));
    s.append("| owner (by class name) | bytes / connection |\n|---|---|\n");
    byArea.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            e ->
                s.append(
                    String.format(
                        Locale.ROOT, "| %s | %.0f |%n", e.getKey(), e.getValue() / (double) n)));
    s.append(String.format(Locale.ROOT, "%nThe %d largest classes:%n%n", top));
    s.append("| class | instances / connection | bytes / connection |\n|---|---|---|\n");
    diff.entrySet().stream()
        .sorted(
            Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed())
        .limit(top)
        .forEach(
            e ->
                s.append(
                    String.format(
                        Locale.ROOT,
                        "| `%s` | %.2f | %.0f |%n",
                        e.getKey(),
                        e.getValue()[0] / (double) n,
                        e.getValue()[1] / (double) n)));
    return s.toString();
  }

  /** Who a class belongs to; arrays and JDK classes are "JDK" (their holder is not named). */
  static String area(String className) {
    if (className.startsWith("org.glassfish.grizzly")) {
      return "Grizzly";
    }
    if (className.startsWith("org.apache.catalina")
        || className.startsWith("org.glassfish.web")
        || className.startsWith("com.sun.enterprise.web")) {
      return "Catalina (Payara's Servlet container)";
    }
    if (className.startsWith("dev.cairn")) {
      return "Cairn";
    }
    if (className.startsWith("[B")) {
      return "byte[] (any owner)";
    }
    if (className.startsWith("[C")) {
      return "char[] (any owner)";
    }
    return "other JDK and library classes";
  }
}
