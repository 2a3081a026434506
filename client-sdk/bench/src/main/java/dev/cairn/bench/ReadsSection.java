package dev.cairn.bench;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.bson.Document;

/**
 * Section 3 of {@link SyncBench}: get-by-id reads ({@code getPost(id)}, API key) from N concurrent
 * clients — the peak requests/s, then p50/p99 at half of that peak (open loop) — next to {@link
 * MinimalReadServer} (the JDK's HTTP server making the same driver read, own JVM, same heap)
 * answering the same requests from the same clients in the same run.
 */
final class ReadsSection {
  private static final String GET =
      "query operation($id: ID!) { getPost(id: $id) { id title topic _version _lastChangedAt"
          + " _deleted } }";

  private final Consumer<String> line;
  private final ProcessHandle cairnProcess;
  private final int clients;
  private final int reads;
  private final ServerRecording jfr;

  ReadsSection(
      Consumer<String> line,
      ProcessHandle cairnProcess,
      int clients,
      int reads,
      ServerRecording jfr) {
    this.line = line;
    this.cairnProcess = cairnProcess;
    this.clients = clients;
    this.reads = reads;
    this.jfr = jfr;
  }

  void run(
      CairnServer cairn, MongoCollection<Document> posts, String mongoUri, String heap, Path runDir)
      throws Exception {
    List<String> ids = new ArrayList<>();
    for (Document d : posts.find().projection(Projections.include("_id")).limit(10_000)) {
      ids.add(d.getString("_id"));
    }
    if (ids.isEmpty()) {
      throw new IllegalStateException("no Post to read; run the mutations section first");
    }
    System.out.println("get-by-id over " + ids.size() + " Posts: warming up Cairn...");
    IntConsumer[] viaCairn = senders(clients, cairn.graphql(), cairn.apiKey, ids);
    Phase.closedLoop("warm-up", cairnProcess, viaCairn, reads, 0);
    jfr.start("reads");
    Phase peak =
        Phase.closedLoop("Cairn getPost (HTTP, API key), peak", cairnProcess, viaCairn, reads, 0);
    jfr.stop("reads");
    System.out.println(peak.row());
    double half = peak.perSecond() / 2;
    IntConsumer[] open = senders(clients * 4, cairn.graphql(), cairn.apiKey, ids);
    Phase halfLoad =
        Phase.openLoop(
            String.format(
                Locale.ROOT,
                "Cairn getPost at half the peak (%.0f/s, open loop, %d senders)",
                half,
                open.length),
            cairnProcess,
            open,
            half,
            (int) Math.max(1000, half * Integer.getInteger("bench.halfLoadSeconds", 15)),
            0);
    System.out.println(halfLoad.row());
    Phase minimal = minimal(posts, mongoUri, heap, runDir, ids);
    System.out.println(minimal.row());

    line.accept("## 3. Get by id: " + reads + " reads, " + clients + " concurrent clients");
    line.accept("");
    line.accept(
        "`"
            + GET
            + "` with a random existing id per request (API key), after "
            + reads
            + " warm-up reads. Baseline: the JDK's `com.sun.net.httpserver` in its own JVM (same"
            + " heap) answering the same requests from the same clients with the same driver read"
            + " (`find(_id).first()` on the tenant's collection, the id found in the body by a"
            + " string search), warmed up the same way. Server CPU: the Payara JVM for Cairn, the"
            + " baseline's JVM for the baseline.");
    line.accept("");
    line.accept(Phase.HEADER);
    line.accept(minimal.row());
    line.accept(peak.row());
    line.accept(halfLoad.row());
    line.accept("");
    line.accept(
        String.format(
            Locale.ROOT,
            "**Cairn / minimal server: %.1f%%** of its get-by-id requests/s (target >= 30%%);"
                + " **p99 at half load: %.1f ms**; %.0f µs of Payara CPU per read (minimal: %.0f).",
            100 * peak.perSecond() / minimal.perSecond(),
            halfLoad.latency().getValueAtPercentile(99) / 1000.0,
            peak.serverMicrosPerRequest(),
            minimal.serverMicrosPerRequest()));
    line.accept("");
  }

  private Phase minimal(
      MongoCollection<Document> posts, String mongoUri, String heap, Path runDir, List<String> ids)
      throws Exception {
    int port = CairnServer.freePort();
    List<String> command =
        List.of(
            ChildProcess.java(),
            "-Xms" + heap,
            "-Xmx" + heap,
            // without it the JDK's server writes headers and body with Nagle's algorithm on, and
            // every answer waits ~40 ms for the client's delayed ACK
            "-Dsun.net.httpserver.nodelay=true",
            "-cp",
            System.getProperty("java.class.path"),
            MinimalReadServer.class.getName(),
            Integer.toString(port),
            mongoUri,
            posts.getNamespace().getDatabaseName(),
            posts.getNamespace().getCollectionName());
    try (ChildProcess server =
        ChildProcess.start("minimal read server", command, runDir.resolve("read-server.log"))) {
      server.awaitReady(() -> server.log().contains("read server ready"), Duration.ofMinutes(1));
      ProcessHandle process = ProcessHandle.of(server.pid()).orElseThrow();
      IntConsumer[] viaMinimal =
          senders(clients, URI.create("http://localhost:" + port + "/"), "-", ids);
      System.out.println("warming up the minimal read server...");
      Phase.closedLoop("warm-up", process, viaMinimal, reads, 0);
      return Phase.closedLoop(
          "minimal JDK HTTP server + driver find (own JVM), peak", process, viaMinimal, reads, 0);
    }
  }

  private static IntConsumer[] senders(int count, URI uri, String apiKey, List<String> ids) {
    IntConsumer[] senders = new IntConsumer[count];
    for (int c = 0; c < count; c++) {
      // not closed: its one connection lasts as long as the benchmark's process
      BlockingHttp http = new BlockingHttp();
      senders[c] = seq -> get(http, uri, apiKey, ids.get(Math.floorMod(seq * 7919, ids.size())));
    }
    return senders;
  }

  private static void get(BlockingHttp http, URI uri, String apiKey, String id) {
    String body = "{\"query\":\"" + GET + "\",\"variables\":{\"id\":\"" + id + "\"}}";
    BlockingHttp.Response r = http.postJson(uri, "x-api-key", apiKey, body);
    if (r.status() != 200 || !r.body().contains(id) || r.body().contains("\"errors\"")) {
      throw new IllegalStateException("read failed: " + r.status() + " " + r.body());
    }
  }
}
