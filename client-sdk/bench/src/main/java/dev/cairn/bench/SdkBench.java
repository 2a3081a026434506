package dev.cairn.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.cairn.client.Auth;
import dev.cairn.client.CairnClient;
import dev.cairn.client.CairnEvent;
import dev.cairn.testkit.TestStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;

/**
 * The Java SDK benchmark (a main, not a test; README.md has the command). Starts the test stack
 * (Keycloak, embedded MongoDB) and Cairn (Payara Micro, real WAR) through {@link CairnServer}, puts
 * {@code bench.records} (100,000) Posts on the server (one written by {@code createPost}, the rest
 * copied in its stored shape into the tenant's collection with the raw driver) and measures in one
 * run:
 *
 * <ol>
 *   <li>base sync: a fresh SDK client (new SQLite file) from {@code build()} to {@link
 *       CairnEvent.Ready}, records/s — once with this JVM cold, once warm — and, between the two,
 *       the real Amplify DataStore JS client syncing the same records from the same server, as a
 *       web app in headless Chromium persisting into IndexedDB ({@link AmplifyBrowserBaseline}) and
 *       in Node with its in-memory store ({@link AmplifyBaseline}): the ratios;
 *   <li>local, on the synced client after {@code stop()} (no network): {@code save}s/s of new Posts
 *       with their outbox entries, an indexed query ({@code rating == k}, 100 of 100,000 rows)
 *       p50/p99, and save → {@code observe} callback and save → {@code changes()} {@code onNext}
 *       p50/p99;
 *   <li>memory: heap after full GC with no client, with an empty client, and with the client
 *       holding the records.
 * </ol>
 *
 * <p>Every figure carries the 1- and 5-minute load average when it was taken. The report is printed
 * and appended to {@code bench.sdkOut} ({@code client-sdk/bench/results/sdk-<date>.md}).
 */
public final class SdkBench {
  private final Path war =
      Path.of(System.getProperty("bench.war", "server/target/cairn-server.war"));
  private final Path out =
      Path.of(
          System.getProperty(
              "bench.sdkOut",
              "client-sdk/bench/results/sdk-" + LocalDate.now(ZoneOffset.UTC) + ".md"));
  private final int records = Integer.getInteger("bench.records", 100_000);
  private final int pageSize = Integer.getInteger("bench.pageSize", 1000);
  private final int saves = Integer.getInteger("bench.saves", 20_000);
  private final int queries = Integer.getInteger("bench.queries", 2_000);
  private final int observes = Integer.getInteger("bench.observes", 10_000);
  private final boolean amplify = !"false".equals(System.getProperty("bench.amplify"));
  private final boolean amplifyBrowser =
      !"false".equals(System.getProperty("bench.amplifyBrowser"));
  private final String serverHeap = System.getProperty("bench.serverHeap", "1g");
  private final Path runDir =
      Path.of("client-sdk/bench/target")
          .toAbsolutePath()
          .resolve("sdk-bench-run-" + System.currentTimeMillis());
  private final StringBuilder md = new StringBuilder();
  private ProcessHandle serverProcess;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  public static void main(String[] args) {
    int status = 1;
    try {
      new SdkBench().run();
      status = 0;
    } catch (Exception | Error e) {
      e.printStackTrace(); // System.exit below would otherwise swallow it
    } finally {
      System.exit(status); // runs the test stack's shutdown hook, which stops Keycloak
    }
  }

  private void run() throws Exception {
    line("## Run " + Instant.now());
    line("");
    line(
        Runtime.getRuntime().availableProcessors()
            + " cores shared by Payara Micro, the embedded MongoDB, Keycloak, this JVM (the SDK"
            + " client), Chromium and Node (the Amplify clients, one after the other), and by"
            + " other engineers' builds; "
            + records
            + " Posts; sync page size "
            + pageSize
            + "; Java "
            + Runtime.version()
            + ", "
            + ManagementFactory.getRuntimeMXBean().getInputArguments()
            + ".");
    line("");
    Files.createDirectories(runDir);
    TestStack stack = TestStack.get();
    try (MongoClient mongo = MongoClients.create(stack.mongo().connectionString());
        CairnServer server =
            CairnServer.start(stack, war, serverHeap, runDir, http, BenchPost.SCHEMA)) {
      serverProcess = ProcessHandle.of(server.payara.pid()).orElseThrow();
      graphql(
          server,
          "mutation { createPost(input: {id: \"sample\", title: \"sample\", body: \"b\", rating:"
              + " 0, tags: [\"t0\"]}) { id } }");
      seed(mongo.getDatabase(server.databaseName()).getCollection("Post"));

      long heapNone = Heap.afterFullGc();
      String heapNoneLoad = Phase.loadAverage();
      CairnClient empty = client(server, runDir.resolve("empty.db"));
      long heapEmpty = Heap.afterFullGc();
      String heapEmptyLoad = Phase.loadAverage();

      line("### 1. Base sync of " + records + " records into a fresh store");
      line("");
      line(
          "Before the timed rows, one untimed pass of the HTTP paging below warms the server up, so"
              + " that no client pays for Payara's first requests. Time to ready: from `build()`"
              + " (SDK; opens the SQLite file) or `DataStore.start()` (Amplify) to the `Ready` /"
              + " `ready` event, after subscribing and the whole base sync.");
      line("");
      line(
          "| client | time to ready (s) | records | records/s | client CPU µs/record | server"
              + " (Payara) CPU µs/record | load average (1, 5 min) at end |");
      line("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
      System.out.println("warming the server up with one untimed base sync over HTTP...");
      RawSync raw = new RawSync(http, server.graphql(), server.apiKey, pageSize);
      raw.run();
      Duration rawServerBefore = Phase.cpu(serverProcess);
      long[] rawPass = raw.run();
      long rawServerCpu = Phase.cpu(serverProcess).minus(rawServerBefore).toNanos();
      line(
          String.format(
              Locale.ROOT,
              "| HTTP paging alone, no store (the server's share; `syncPosts` pages, records"
                  + " counted, not parsed) | %.1f | %d | %.0f | - | %.1f | %s |",
              rawPass[1] / 1e9,
              rawPass[0],
              rawPass[0] / (rawPass[1] / 1e9),
              rawServerCpu / 1000.0 / rawPass[0],
              Phase.loadAverage()));
      flush();
      Synced cold = sync(server, runDir.resolve("cold.db"));
      row("Java SDK, first sync in this JVM (cold JIT)", cold);
      cold.client().close();
      AmplifyBaseline.Result browserJs = null;
      if (amplifyBrowser) {
        System.out.println("Amplify DataStore base sync in headless Chromium (IndexedDB)...");
        Duration before = Phase.cpu(serverProcess);
        browserJs =
            AmplifyBrowserBaseline.baseSync(
                server.graphql(), server.apiKey, pageSize, runDir.resolve("amplify-browser"));
        long serverCpu = Phase.cpu(serverProcess).minus(before).toNanos();
        amplifyRow(
            "Amplify DataStore JS (aws-amplify 6.22.1) in headless Chromium "
                + chromiumVersion()
                + ", IndexedDB; CPU of the Chromium processes",
            browserJs,
            serverCpu,
            Phase.loadAverage());
      }
      AmplifyBaseline.Result js = null;
      String jsLoad = null;
      if (amplify) {
        System.out.println("Amplify DataStore base sync in Node...");
        Duration jsServerBefore = Phase.cpu(serverProcess);
        js =
            AmplifyBaseline.baseSync(
                server.graphql(), server.apiKey, pageSize, runDir.resolve("amplify.log"));
        long jsServerCpu = Phase.cpu(serverProcess).minus(jsServerBefore).toNanos();
        jsLoad = Phase.loadAverage();
        amplifyRow(
            "Amplify DataStore JS (aws-amplify 6.22.1) in Node "
                + nodeVersion(js)
                + ", in-memory store (no IndexedDB)",
            js,
            jsServerCpu,
            jsLoad);
      }
      Synced warm = sync(server, runDir.resolve("warm.db"));
      row("Java SDK, second sync (warm JIT)", warm);
      line("");
      ratio("Amplify in Chromium (IndexedDB)", browserJs, cold, warm);
      ratio("Amplify in Node (in memory)", js, cold, warm);
      CairnClient client = warm.client();
      client.stop();

      long heapFull = Heap.afterFullGc();
      String heapFullLoad = Phase.loadAverage();
      new LocalSection(this::line, client, saves, queries, observes, records).run();
      flush();

      line("### 3. Memory (heap used after full GC, this JVM)");
      line("");
      line("| state | heap MB | Δ vs no client MB | load average (1, 5 min) |");
      line("| --- | ---: | ---: | --- |");
      memoryRow(
          "no SDK client (test stack, MongoDB driver, seeded embedded MongoDB)",
          heapNone,
          heapNone,
          heapNoneLoad);
      memoryRow(
          "+ an empty client (store opened, not started)", heapEmpty, heapNone, heapEmptyLoad);
      memoryRow(
          "+ a client holding "
              + records
              + " records (synced, then stopped; SQLite file "
              + Files.size(warm.client().storeFile()) / (1024 * 1024)
              + " MB)",
          heapFull,
          heapNone,
          heapFullLoad);
      if (js != null && js.heapUsed() > 0) {
        line(
            String.format(
                Locale.ROOT,
                "| Amplify DataStore JS, Node heap used after gc(): empty %.1f MB, holding %d records %.1f MB | | | %s |",
                js.heapEmpty() / 1048576.0,
                js.local(),
                js.heapUsed() / 1048576.0,
                jsLoad));
      }
      if (browserJs != null && browserJs.heapUsed() > 0) {
        line(
            String.format(
                Locale.ROOT,
                "| Amplify DataStore JS in Chromium, page's JS heap used at ready (performance.memory,"
                    + " no forced GC; the records are in IndexedDB): %.1f MB | | | |",
                browserJs.heapUsed() / 1048576.0));
      }
      line("");
      client.close();
      empty.close();
    }
    flush();
    System.out.println("appended to " + out.toAbsolutePath());
  }

  private void amplifyRow(String name, AmplifyBaseline.Result js, long serverCpu, String load) {
    line(
        String.format(
            Locale.ROOT,
            "| %s | %.1f | %d | %.0f | %.1f | %.1f | %s |",
            name,
            js.readyMs() / 1000,
            js.local(),
            js.local() / (js.readyMs() / 1000),
            js.cpuMicros() / js.local(),
            serverCpu / 1000.0 / js.local(),
            load));
    flush();
  }

  private void ratio(String name, AmplifyBaseline.Result js, Synced cold, Synced warm) {
    if (js == null) {
      return;
    }
    double jsRate = js.local() / (js.readyMs() / 1000);
    line(
        String.format(
            Locale.ROOT,
            "**SDK / %s: %.1f× (cold), %.1f× (warm)** in records/s (target ≥ 10×); SDK %.0f / %.0f"
                + " records/s (target ≥ 20,000), Amplify %.0f. Client CPU per record, Amplify / SDK:"
                + " %.1f× (cold), %.1f× (warm).",
            name,
            cold.perSecond() / jsRate,
            warm.perSecond() / jsRate,
            cold.perSecond(),
            warm.perSecond(),
            jsRate,
            js.cpuMicros() / js.local() / (cold.clientCpu() / 1000.0 / cold.records()),
            js.cpuMicros() / js.local() / (warm.clientCpu() / 1000.0 / warm.records())));
    line("");
  }

  private static String nodeVersion(AmplifyBaseline.Result js) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"node\":\"([^\"]+)\"").matcher(js.line());
    return m.find() ? m.group(1) : "";
  }

  private static String chromiumVersion() {
    try {
      Process p = new ProcessBuilder("/usr/bin/chromium", "--version").start();
      String v =
          new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      p.waitFor(30, TimeUnit.SECONDS);
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("[0-9][0-9.]+").matcher(v);
      return m.find() ? m.group() : v.strip();
    } catch (java.io.IOException | InterruptedException e) {
      return "(version unknown: " + e + ")";
    }
  }

  record Synced(
      CairnClient client, long nanos, long records, String load, long clientCpu, long serverCpu) {
    double perSecond() {
      return records / (nanos / 1e9);
    }
  }

  private Synced sync(CairnServer server, Path file) throws Exception {
    System.out.println("SDK base sync into " + file + "...");
    CompletableFuture<Void> ready = new CompletableFuture<>();
    AtomicLong received = new AtomicLong();
    ThreadCpu cpu = ThreadCpu.sdk();
    Duration serverBefore = Phase.cpu(serverProcess);
    long t0 = System.nanoTime();
    CairnClient client = client(server, file);
    client.addEventListener(
        e -> {
          if (e instanceof CairnEvent.ModelSynced s) {
            received.addAndGet(s.received());
          } else if (e instanceof CairnEvent.Ready) {
            ready.complete(null);
          }
        });
    client.start();
    ready.get(30, TimeUnit.MINUTES);
    long nanos = System.nanoTime() - t0;
    long clientCpu = cpu.nanos();
    long serverCpu = Phase.cpu(serverProcess).minus(serverBefore).toNanos();
    String load = Phase.loadAverage();
    int local = client.query(BenchPost.TYPE).size();
    if (local != records) {
      throw new IllegalStateException(
          "the SDK holds " + local + " Posts after its sync, the server " + records);
    }
    return new Synced(client, nanos, received.get(), load, clientCpu, serverCpu);
  }

  private CairnClient client(CairnServer server, Path file) {
    return CairnClient.builder()
        .endpoint(server.graphql())
        .auth(Auth.apiKey(server.apiKey))
        .models(BenchPost.TYPE)
        .storeFile(file)
        .syncPageSize(pageSize)
        .build();
  }

  private void row(String name, Synced s) {
    line(
        String.format(
            Locale.ROOT,
            "| %s | %.1f | %d | %.0f | %.1f | %.1f | %s |",
            name,
            s.nanos() / 1e9,
            s.records(),
            s.perSecond(),
            s.clientCpu() / 1000.0 / s.records(),
            s.serverCpu() / 1000.0 / s.records(),
            s.load()));
    flush();
  }

  private void memoryRow(String state, long heap, long none, String load) {
    line(
        String.format(
            Locale.ROOT,
            "| %s | %.1f | %+.1f | %s |",
            state,
            heap / 1048576.0,
            (heap - none) / 1048576.0,
            load));
  }

  /**
   * Puts {@code records} Posts on the server: the one Cairn wrote, and copies of its stored shape
   * inserted with the raw driver in batches of 1,000 — the base sync reads the tenant's collection,
   * so the records need not go through the mutation path (at ~1,000 mutations/s on this machine
   * that would take minutes and measure nothing the SDK does).
   */
  private void seed(MongoCollection<Document> posts) {
    Document sample = posts.find().first();
    if (sample == null || !sample.get("_id").equals(sample.get("id"))) {
      throw new IllegalStateException("cannot copy the stored shape of " + sample);
    }
    long t0 = System.nanoTime();
    long past = System.currentTimeMillis() - records - 60_000;
    List<Document> batch = new ArrayList<>();
    for (int i = 1; i < records; i++) {
      Document d = new Document(sample);
      String id = String.format("post-%06d", i);
      String at = Instant.ofEpochMilli(past + i).toString();
      d.put("_id", id);
      d.put("id", id);
      d.put("title", "seeded post " + i);
      d.put("body", "body of seeded post " + i + ", a sentence or two of text as a post has.");
      d.put("rating", i % 1000);
      d.put("tags", List.of("t" + (i % 10), "u" + (i % 7)));
      d.put("createdAt", at);
      d.put("updatedAt", at);
      d.put("_lastChangedAt", past + i);
      batch.add(d);
      if (batch.size() == 1000) {
        posts.insertMany(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      posts.insertMany(batch);
    }
    System.out.printf(
        "seeded %d Posts in %.1f s%n", posts.countDocuments(), (System.nanoTime() - t0) / 1e9);
  }

  private void graphql(CairnServer server, String query) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(server.graphql())
                .header("Content-Type", "application/json")
                .header("x-api-key", server.apiKey)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"query\":\"" + query.replace("\"", "\\\"") + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200 || response.body().contains("\"errors\"")) {
      throw new IllegalStateException(response.statusCode() + " " + response.body());
    }
  }

  private void line(String text) {
    md.append(text).append('\n');
    System.out.println(text);
  }

  /** Appends what is new since the last flush to the results file. */
  private void flush() {
    try {
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, md.toString(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      md.setLength(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
