package dev.cairn.bench;

import dev.cairn.testkit.TestStack;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Idle subscribers on one Cairn node (a main, not a test; see README.md): what each connection
 * holding one filtered subscription costs in heap — total, and per class from the difference of two
 * {@code jcmd GC.class_histogram}s, before the connections and with them — in RSS and in open
 * files, and what the keep-alives ({@code ka} every 30 s) cost in CPU while nothing else happens.
 * The connections come from several load-generator processes ({@link IdleClients}), because one
 * process cannot hold more than ~19,600 sockets here. A round of connections is opened and closed
 * first, so that classes, pools and caches a first connection creates are in the baseline.
 *
 * <p>System properties: {@code bench.subscribers} (comma-separated, default {@code 10000}), {@code
 * bench.perProcess} (connections per load-generator process, 9,000), {@code bench.connectRate}
 * (connections/s over all processes, 400; Cairn takes 500/s per tenant), {@code bench.kaSeconds}
 * (how long the idle CPU is sampled, 90), {@code bench.top} (classes listed, 25), {@code
 * bench.serverHeap} (1g), {@code bench.war}, {@code bench.out} ({@code
 * client-sdk/bench/target/idle-bench.md}).
 */
public final class IdleBench {
  private static final Pattern HISTOGRAM_LINE =
      Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
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

  public static void main(String[] args) throws Exception {
    int status = 1;
    try {
      new IdleBench().run();
      status = 0;
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
    try (CairnServer server = CairnServer.start(stack, war, serverHeap, runDir, http, SCHEMA)) {
      ChildProcess payara = server.payara;
      System.out.println("warming up with 200 connections...");
      try (Clients warm = Clients.open(this, server, 200)) {
        // opened, then closed: pools, caches and classes a first connection creates stay
      }
      awaitFilesBelow(payara, openFiles(payara.pid()) + 50);
      Snapshot before = Snapshot.take(payara, 0, kaSeconds);
      report.append(table()).append(before.row()).append('\n');
      System.out.println(before.row());
      StringBuilder classes = new StringBuilder();
      for (int n : sizes) {
        try (Clients clients = Clients.open(this, server, n)) {
          Snapshot with = Snapshot.take(payara, n, kaSeconds);
          String row = with.rowAgainst(before);
          report.append(row).append('\n');
          System.out.println(row);
          String table = classTable(before, with);
          classes.append('\n').append(table);
          System.out.println(table);
        }
        awaitFilesBelow(payara, before.files + 200);
      }
      report.append(classes);
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report.toString());
    System.out.println(report);
    System.out.println("written to " + out.toAbsolutePath());
  }

  private static String table() {
    return "| connections | heap used (MB) | heap / connection (KB) | class histogram / connection"
        + " (KB) | RSS (MB) | RSS / connection (KB) | open files | Payara CPU while idle (% of a"
        + " core) | load average (1 min) |\n|---|---|---|---|---|---|---|---|---|\n";
  }

  private String classTable(Snapshot before, Snapshot with) {
    int n = with.connections;
    Map<String, long[]> diff = new HashMap<>();
    with.classes.forEach((name, v) -> diff.put(name, new long[] {v[0], v[1]}));
    before.classes.forEach(
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

  private void awaitFilesBelow(ChildProcess payara, long limit) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (openFiles(payara.pid()) > limit && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
  }

  static long openFiles(long pid) throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      return fds.count();
    }
  }

  static double loadAverage() throws IOException {
    return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
  }

  /** The server's state with a number of idle connections open. */
  private record Snapshot(
      int connections,
      long heapKb,
      long histogramBytes,
      Map<String, long[]> classes,
      long rssKb,
      long files,
      double cpuPercent,
      double loadAverage) {

    static Snapshot take(ChildProcess server, int connections, int idleSeconds) throws Exception {
      long heap = server.heapUsedKbAfterGc();
      Map<String, long[]> classes = new HashMap<>();
      long total = 0;
      for (String line : server.jcmd("GC.class_histogram").split("\n")) {
        Matcher m = HISTOGRAM_LINE.matcher(line);
        if (m.find()) {
          long bytes = Long.parseLong(m.group(2));
          classes.merge(
              m.group(3),
              new long[] {Long.parseLong(m.group(1)), bytes},
              (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
          total += bytes;
        }
      }
      long rss = server.rssKb();
      long files = openFiles(server.pid());
      ProcessHandle handle = ProcessHandle.of(server.pid()).orElseThrow();
      Duration cpu0 = handle.info().totalCpuDuration().orElseThrow();
      long t0 = System.nanoTime();
      Thread.sleep(idleSeconds * 1000L);
      Duration cpu1 = handle.info().totalCpuDuration().orElseThrow();
      double cpu = 100.0 * cpu1.minus(cpu0).toNanos() / (System.nanoTime() - t0);
      return new Snapshot(
          connections, heap, total, classes, rss, files, cpu, IdleBench.loadAverage());
    }

    String row() {
      return String.format(
          Locale.ROOT,
          "| %,d | %.1f | | | %.1f | | %,d | %.1f | %.1f |",
          connections,
          heapKb / 1024.0,
          rssKb / 1024.0,
          files,
          cpuPercent,
          loadAverage);
    }

    String rowAgainst(Snapshot base) {
      double n = connections;
      return String.format(
          Locale.ROOT,
          "| %,d | %.1f | **%.1f** | %.1f | %.1f | %.1f | %,d | %.1f | %.1f |",
          connections,
          heapKb / 1024.0,
          (heapKb - base.heapKb) / n,
          (histogramBytes - base.histogramBytes) / n / 1024.0,
          rssKb / 1024.0,
          (rssKb - base.rssKb) / n,
          files,
          cpuPercent,
          loadAverage);
    }
  }

  /** Load-generator processes holding idle subscribers. */
  private static final class Clients implements AutoCloseable {
    private final List<ChildProcess> processes = new ArrayList<>();

    static Clients open(IdleBench bench, CairnServer server, int n) throws Exception {
      String auth =
          "{\"x-api-key\":\"" + server.apiKey + "\",\"host\":\"localhost:" + server.port + "\"}";
      String subprotocols =
          "graphql-ws,header-"
              + Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(auth.getBytes(StandardCharsets.UTF_8));
      String uri = "ws://localhost:" + server.port + "/t/" + server.tenant + "/graphql/realtime";
      int count = (n + bench.perProcess - 1) / bench.perProcess;
      int rate = Math.max(1, bench.connectRate / count);
      Clients clients = new Clients();
      long t0 = System.nanoTime();
      try {
        for (int p = 0, first = 0; p < count; p++) {
          int share = n / count + (p < n % count ? 1 : 0);
          List<String> command =
              List.of(
                  ChildProcess.java(),
                  "-Xmx512m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  IdleClients.class.getName(),
                  uri,
                  subprotocols,
                  auth,
                  Integer.toString(share),
                  Integer.toString(first),
                  Integer.toString(rate),
                  "1");
          clients.processes.add(
              ChildProcess.start(
                  "load generator " + p,
                  command,
                  bench.runDir.resolve("clients-" + n + "-" + p + ".log")));
          first += share;
        }
        for (ChildProcess process : clients.processes) {
          process.awaitReady(() -> process.log().contains("ready "), Duration.ofMinutes(15));
        }
      } catch (Exception | Error e) {
        clients.close();
        throw e;
      }
      System.out.printf(
          Locale.ROOT,
          "%,d connections open in %.1f s from %d processes%n",
          n,
          (System.nanoTime() - t0) / 1e9,
          count);
      return clients;
    }

    @Override
    public void close() {
      processes.forEach(ChildProcess::close);
    }
  }
}
