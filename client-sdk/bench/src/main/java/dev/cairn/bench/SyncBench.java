package dev.cairn.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.cairn.testkit.TestStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;

/**
 * The sync benchmark (a main, not a test; see README.md for the command). Starts the test stack
 * (Keycloak, embedded MongoDB) and Cairn (Payara Micro, real WAR) as {@link RealtimeBench} does,
 * then measures against the same MongoDB in one run:
 *
 * <ol>
 *   <li>{@code createPost} mutations through {@code POST /t/{tenant}/graphql} (API key, public
 *       model) from N concurrent HTTP clients: mutations/s, p50/p99; next to raw driver {@code
 *       insertOne} of the same documents into a scratch collection with the same concurrency, and
 *       next to the two raw writes Cairn makes per mutation (the record, then its change-journal
 *       entry, into scratch collections indexed and, in the stand-in, logged like Cairn's); then at
 *       half of Cairn's peak rate (open loop), next to the same two raw writes at that rate (the
 *       latency floor of the embedded MongoDB on this machine); with the server's CPU per mutation
 *       by kind of thread ({@link ServerThreads});
 *   <li>a base sync of the tenant's Post records ({@code syncPosts(limit, nextToken, lastSync: 0)}
 *       pages until {@code nextToken} is null): records/s; next to a raw driver {@code find()} of
 *       the same documents.
 * </ol>
 *
 * <p>System properties: {@code bench.war}, {@code bench.syncOut} ({@code
 * client-sdk/bench/target/sync-bench-results.md}), {@code bench.clients} (8), {@code
 * bench.mutations} (20000), {@code bench.mutationWarmup} (100000, at least), {@code
 * bench.mutationWarmupMax} (500000), {@code bench.warmupRound} (20000), {@code
 * bench.jitSettledMicros} (10), {@code bench.rounds} (3: the peak phases run this many times,
 * interleaved, and the figures are medians), {@code bench.rawWarmup} (20000), {@code bench.records}
 * (100000), {@code bench.pageSize} (1000), {@code bench.serverHeap} ({@code 1g}).
 */
public final class SyncBench {
  private static final String SCHEMA =
      "type Post @model @auth(rules: [{ allow: public }]) { id: ID! title: String! topic: Int! }";
  private static final String CREATE =
      "mutation operation($input: CreatePostInput!) { createPost(input: $input) { id } }";
  private static final String SYNC =
      "query operation($nextToken: String) { syncPosts(limit: %d, nextToken: $nextToken,"
          + " lastSync: 0) { items { id title topic createdAt updatedAt _version _lastChangedAt"
          + " _deleted } nextToken startedAt } }";
  private static final Pattern NEXT_TOKEN =
      Pattern.compile("\"nextToken\"\\s*:\\s*(null|\"((?:[^\"\\\\]|\\\\.)*)\")");
  private static final Pattern ITEM = Pattern.compile("\"_lastChangedAt\"\\s*:");

  private final Path war =
      Path.of(System.getProperty("bench.war", "server/target/cairn-server.war"));
  private final Path out =
      Path.of(System.getProperty("bench.syncOut", "client-sdk/bench/target/sync-bench-results.md"));
  private final int clients = Integer.getInteger("bench.clients", 8);
  private final int mutations = Integer.getInteger("bench.mutations", 20_000);
  private final int rounds = Math.max(1, Integer.getInteger("bench.rounds", 3));
  // Payara's HTTP path reaches full speed only after a minute or two of load (RECIPES.md): after
  // 20,000 mutations the JIT compilers still spent 287 of the 675 µs per mutation a quiet run
  // measured, and after 100,000 still 37–41 µs in two runs of 2026-11-30. So the warm-up runs at
  // least this many mutations, then goes on in rounds until two rounds' JIT CPU per mutation is at
  // most bench.jitSettledMicros (or bench.mutationWarmupMax is reached): the measured phases then
  // see the steady state, and the rounds are written to the results.
  private final int mutationWarmUp = Integer.getInteger("bench.mutationWarmup", 100_000);
  private final int mutationWarmUpMax =
      Math.max(mutationWarmUp, Integer.getInteger("bench.mutationWarmupMax", 500_000));
  private final int warmUpRound = Integer.getInteger("bench.warmupRound", 20_000);
  private final double jitSettledMicros =
      Double.parseDouble(System.getProperty("bench.jitSettledMicros", "10"));
  private final List<String> warmUpRounds = new ArrayList<>();
  // The raw driver calls have no server to warm up; more warm-up writes only grow the embedded
  // MongoDB's heap, whose collections' pauses then enter every later latency figure.
  private final int rawWarmUp =
      Integer.getInteger("bench.rawWarmup", Math.min(20_000, mutationWarmUp));
  private final int records = Integer.getInteger("bench.records", 100_000);
  private final int pageSize = Integer.getInteger("bench.pageSize", 1000);
  private final String serverHeap = System.getProperty("bench.serverHeap", "1g");
  private final int reads = Integer.getInteger("bench.reads", 20_000);
  private final int halfLoadSeconds = Integer.getInteger("bench.halfLoadSeconds", 15);
  private final Set<String> sections =
      Set.of(System.getProperty("bench.sections", "mutations,reads,sync").split(","));
  private ServerRecording jfr = ServerRecording.NONE;
  private ProcessHandle serverProcess;
  private String mongoUri;
  private final Path runDir =
      out.toAbsolutePath().getParent().resolve("sync-bench-run-" + System.currentTimeMillis());
  private final StringBuilder md = new StringBuilder();
  private final List<BlockingHttp> senders = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    int status = 1;
    try {
      new SyncBench().run();
      status = 0;
    } catch (Exception | Error e) {
      e.printStackTrace(); // before exit: the finally below would swallow it
    } finally {
      System.exit(status); // runs the test stack's shutdown hook, which stops Keycloak
    }
  }

  private void run() throws Exception {
    line("# Cairn sync benchmark");
    line("");
    line(
        "Run "
            + Instant.now()
            + " on "
            + Runtime.getRuntime().availableProcessors()
            + " cores (2 on the reference machine): the load generator, the embedded MongoDB and"
            + " Payara Micro share them, so absolute figures understate a server on its own cores;"
            + " the raw driver baselines run under the same handicap, same run, same MongoDB.");
    line("");
    System.out.println("starting Keycloak and the embedded MongoDB (test stack)...");
    TestStack stack = TestStack.get();
    HttpClient admin = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (ChildProcess database = standInMongo();
        MongoClient mongo = MongoClients.create(mongoUri);
        CairnServer server =
            CairnServer.start(
                stack,
                war,
                serverHeap,
                runDir,
                admin,
                SCHEMA,
                "bench",
                Map.of("cairn.mongo.uri", mongoUri))) {
      Phase.chargeToBench(ProcessHandle.of(database.pid()).orElseThrow());
      serverProcess = ProcessHandle.of(server.payara.pid()).orElseThrow();
      jfr = ServerRecording.of(server.payara);
      MongoCollection<Document> posts =
          mongo.getDatabase(server.databaseName()).getCollection("Post");
      MongoCollection<Document> scratch =
          mongo.getDatabase("bench_scratch").getCollection("Post" + System.currentTimeMillis());
      MongoCollection<Document> scratchJournal =
          mongo.getDatabase("bench_scratch").getCollection("changes" + System.currentTimeMillis());
      // the baseline until 2026-11-30: no index on the records, journal inserts not logged
      MongoCollection<Document> bareRecords =
          mongo.getDatabase("bench_scratch").getCollection("bare" + System.currentTimeMillis());
      MongoCollection<Document> bareJournal =
          mongo
              .getDatabase("bench_scratch")
              .getCollection("bareChanges" + System.currentTimeMillis());
      emptyScratch(scratch, scratchJournal, bareRecords, bareJournal);
      if (sections.contains("mutations")) {
        mutationsSection(server, scratch, scratchJournal, bareRecords, bareJournal);
      }
      if (sections.contains("reads")) {
        new ReadsSection(this::line, serverProcess, clients, reads, jfr)
            .run(server, posts, mongoUri, serverHeap, runDir);
      }
      if (sections.contains("sync")) {
        syncSection(server, posts);
      }
      for (BlockingHttp sender : senders) {
        sender.close();
      }
      scratch.drop();
      scratchJournal.drop();
      bareRecords.drop();
      bareJournal.drop();
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, md.toString());
    System.out.println("written to " + out.toAbsolutePath());
  }

  /**
   * Starts {@link StandInMongo} in its own JVM and sets {@link #mongoUri}. Its JVM options are
   * {@code bench.mongoJvmArgs} (space-separated), by default ZGC with a 14 GB heap. Under G1 the
   * stand-in's young collections of its in-memory data (about 6 GB live by the end of a run) paused
   * it for up to 189 ms during the mutation phases; under ZGC with the default quarter of the
   * machine's memory it stalled allocations for up to 1.6 s (2026-11-30, {@code -Xlog:gc}). A real
   * {@code mongod} has neither, and both set the p99 and the rate of raw and Cairn phases alike.
   */
  private ChildProcess standInMongo() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("bench.mongoJava", ChildProcess.java()));
    String jvmArgs = System.getProperty("bench.mongoJvmArgs", "-XX:+UseZGC -Xmx14g").trim();
    if (!jvmArgs.isEmpty()) {
      command.addAll(List.of(jvmArgs.split("\\s+")));
    }
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), StandInMongo.class.getName()));
    ChildProcess mongo =
        ChildProcess.start("embedded MongoDB", command, runDir.resolve("mongo.log"));
    try {
      mongoUri =
          mongo.awaitLine(Pattern.compile("mongo ready (\\S+)"), Duration.ofMinutes(2)).group(1);
    } catch (Exception | Error e) {
      mongo.close();
      throw e;
    }
    return mongo;
  }

  // ---- 1. mutations ---------------------------------------------------------------------------

  /** A new load-generating sender, closed at the end of the run. */
  private BlockingHttp sender() {
    BlockingHttp sender = new BlockingHttp();
    senders.add(sender);
    return sender;
  }

  /**
   * Drops the raw paths' collections and makes them again, indexed (and the journal logged) like
   * Cairn's: each round's raw phases start empty, so the stand-in's heap holds Cairn's data and one
   * round's raw writes, not every round's (about 6 GB by the end of a run otherwise, whose
   * collector cycles slowed whichever phase they met by up to 3x).
   */
  private static void emptyScratch(
      MongoCollection<Document> records,
      MongoCollection<Document> journal,
      MongoCollection<Document> bareRecords,
      MongoCollection<Document> bareJournal) {
    for (MongoCollection<Document> c : List.of(records, journal, bareRecords, bareJournal)) {
      c.drop();
    }
    records.createIndex(Indexes.ascending("_lastChangedAt")); // Cairn's delta-sync index
    indexLikeCairnsJournal(journal);
    // MongoDB logs every write in its oplog; the embedded stand-in logs only the collections a
    // change stream has followed, which Cairn's journal is. Following the scratch journal once
    // gives its raw inserts the same oplog entry as Cairn's journal entries.
    journal.watch().cursor().close();
    indexLikeCairnsJournal(bareJournal);
  }

  private static void indexLikeCairnsJournal(MongoCollection<Document> journal) {
    journal.createIndex(
        Indexes.ascending("tenant", "model", "recordId", "version"),
        new IndexOptions().unique(true));
    journal.createIndex(Indexes.ascending("lastChangedAt"));
  }

  private void mutationsSection(
      CairnServer server,
      MongoCollection<Document> scratch,
      MongoCollection<Document> journal,
      MongoCollection<Document> bareRecords,
      MongoCollection<Document> bareJournal)
      throws Exception {
    URI graphql = server.graphql();
    IntConsumer[] viaHttp = new IntConsumer[clients];
    IntConsumer[] viaJdkHttp = new IntConsumer[clients];
    IntConsumer[] viaDriver = new IntConsumer[clients];
    IntConsumer[] recordAndJournal = new IntConsumer[clients];
    IntConsumer[] bareRecordAndJournal = new IntConsumer[clients];
    for (int c = 0; c < clients; c++) {
      BlockingHttp http = sender();
      viaHttp[c] = seq -> createPost(http, graphql, server.apiKey, seq);
      HttpClient jdkHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      viaJdkHttp[c] = seq -> createPost(jdkHttp, graphql, server.apiKey, seq);
      viaDriver[c] = seq -> scratch.insertOne(storedShape(seq));
      recordAndJournal[c] =
          seq -> {
            Document record = storedShape(seq);
            scratch.insertOne(record);
            journal.insertOne(journalEntry(record));
          };
      bareRecordAndJournal[c] =
          seq -> {
            Document record = storedShape(seq);
            bareRecords.insertOne(record);
            bareJournal.insertOne(journalEntry(record));
          };
    }
    System.out.println(
        "warming up: at least "
            + mutationWarmUp
            + " mutations (until the JIT settles), "
            + rawWarmUp
            + " raw writes of each kind...");
    int warmedUp = warmUpUntilTheJitSettles(viaHttp);
    Phase.closedLoop("warm-up", serverProcess, viaJdkHttp, rawWarmUp, 0);
    Phase.closedLoop("warm-up", serverProcess, viaDriver, rawWarmUp, 0);
    Phase.closedLoop("warm-up", serverProcess, recordAndJournal, rawWarmUp, 0);
    Phase.closedLoop("warm-up", serverProcess, bareRecordAndJournal, rawWarmUp, 0);
    // Rounds, each running the raw paths and then Cairn: a pause of the embedded MongoDB's JVM (the
    // benchmark's own) moves one short phase by tens of percent, so every figure below is a median
    // over the rounds, and each round's rows are written out.
    List<Phase> drivers = new ArrayList<>();
    List<Phase> boths = new ArrayList<>();
    List<Phase> bares = new ArrayList<>();
    List<Phase> cairns = new ArrayList<>();
    List<Phase> jdkCairns = new ArrayList<>();
    List<String> byThreads = new ArrayList<>();
    // Round 0 runs every phase once, unreported: the raw paths' first measured round was the
    // slowest
    // in every run until then (their client code and the stand-in's paths for them were colder than
    // Cairn's after its long warm-up).
    for (int r = 0; r <= rounds; r++) {
      emptyScratch(scratch, journal, bareRecords, bareJournal);
      boolean measured = r > 0;
      int base = 10_000_000 + r * mutations;
      String round = !measured ? " (warm-up round)" : rounds > 1 ? " (round " + r + ")" : "";
      String recording = "mutations" + (rounds > 1 ? "-" + r : "");
      Phase driver =
          Phase.closedLoop(
              "raw driver insertOne (scratch collection)" + round,
              serverProcess,
              viaDriver,
              mutations,
              base);
      Phase both =
          Phase.closedLoop(
              "raw driver insertOne of the record + its journal entry" + round,
              serverProcess,
              recordAndJournal,
              mutations,
              base);
      Phase bare =
          Phase.closedLoop(
              "the same without the record index and the journal's oplog entry (the baseline until"
                  + " 2026-11-30)"
                  + round,
              serverProcess,
              bareRecordAndJournal,
              mutations,
              base);
      ServerThreads peakThreads = ServerThreads.start(serverProcess);
      if (measured) {
        jfr.start(recording);
      }
      Phase cairn =
          Phase.closedLoop(
              "Cairn createPost (HTTP, API key), peak" + round,
              serverProcess,
              viaHttp,
              mutations,
              base);
      if (measured) {
        jfr.stop(recording);
      }
      String byThread = peakThreads.summary(mutations);
      Phase jdkCairn =
          Phase.closedLoop(
              "Cairn createPost, peak, sent through the JDK's HttpClient (the load generator until"
                  + " 2026-11-30)"
                  + round,
              serverProcess,
              viaJdkHttp,
              mutations,
              base + mutations / 2);
      for (Phase phase : List.of(driver, both, bare, cairn, jdkCairn)) {
        System.out.println(phase.row());
      }
      System.out.println("server CPU µs per mutation by thread, peak" + round + ": " + byThread);
      if (measured) {
        drivers.add(driver);
        boths.add(both);
        bares.add(bare);
        cairns.add(cairn);
        jdkCairns.add(jdkCairn);
        byThreads.add(byThread);
      }
    }
    double[] ratios = new double[rounds];
    double[] bareRatios = new double[rounds];
    double[] driverRatios = new double[rounds];
    double[] serverMicros = new double[rounds];
    double[] cairnRates = new double[rounds];
    double[] jdkRatios = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      ratios[r] = 100 * cairns.get(r).perSecond() / boths.get(r).perSecond();
      jdkRatios[r] = 100 * jdkCairns.get(r).perSecond() / boths.get(r).perSecond();
      bareRatios[r] = 100 * cairns.get(r).perSecond() / bares.get(r).perSecond();
      driverRatios[r] = 100 * cairns.get(r).perSecond() / drivers.get(r).perSecond();
      serverMicros[r] = cairns.get(r).serverMicrosPerRequest();
      cairnRates[r] = cairns.get(r).perSecond();
    }
    // Half of the peak just measured, sent at a fixed rate by more senders than the peak needed,
    // so a slow answer delays no other request's start.
    double half = median(cairnRates) / 2;
    int halfCount = (int) Math.max(1000, half * halfLoadSeconds);
    IntConsumer[] openSenders = new IntConsumer[clients * 4];
    for (int c = 0; c < openSenders.length; c++) {
      BlockingHttp http = sender();
      openSenders[c] = seq -> createPost(http, graphql, server.apiKey, seq);
    }
    ServerThreads halfThreads = ServerThreads.start(serverProcess);
    jfr.start("mutations-half");
    Phase halfLoad =
        Phase.openLoop(
            String.format(
                Locale.ROOT,
                "Cairn createPost at half the peak (%.0f/s, open loop, %d senders)",
                half,
                openSenders.length),
            serverProcess,
            openSenders,
            half,
            halfCount,
            20_000_000);
    jfr.stop("mutations-half");
    String halfByThread = halfThreads.summary(halfCount);
    System.out.println(halfLoad.row());
    System.out.println("server CPU µs per mutation by thread, half load: " + halfByThread);
    // The same two raw inserts at the same rate and with as many senders: the latency floor the
    // embedded MongoDB and this machine's load set for the half-load row above.
    IntConsumer[] rawSenders = new IntConsumer[openSenders.length];
    for (int c = 0; c < rawSenders.length; c++) {
      rawSenders[c] = recordAndJournal[c % recordAndJournal.length];
    }
    Phase rawHalfLoad =
        Phase.openLoop(
            String.format(
                Locale.ROOT,
                "raw driver insertOne of the record + its journal entry at the same rate (%.0f/s,"
                    + " open loop, %d senders)",
                half,
                rawSenders.length),
            serverProcess,
            rawSenders,
            half,
            halfCount,
            30_000_000);
    System.out.println(rawHalfLoad.row());
    line(
        "## 1-2. Mutations, peak and half load: "
            + mutations
            + " writes, "
            + clients
            + " concurrent clients");
    line("");
    line(
        "After "
            + warmedUp
            + " warm-up mutations (rounds below) and "
            + rawWarmUp
            + " warm-up raw writes of each kind. Cairn: `createPost` through `POST /t/{tenant}/graphql`"
            + " (record insert, then its change-journal entry: the embedded MongoDB has no"
            + " transactions). Raw: `insertOne` of the same document shape into a scratch"
            + " collection, one synchronous call per client thread; and the same two inserts"
            + " Cairn makes per mutation (record, then journal entry, into scratch collections"
            + " indexed like Cairn's, the journal logged like Cairn's). CPU columns: CPU time the"
            + " Payara JVM, and the benchmark's side (this JVM, the load generator; and the embedded"
            + " MongoDB's own JVM, ZGC with a 14 GB heap unless bench.mongoJvmArgs says otherwise),"
            + " used during the"
            + " phase, per write. The"
            + " half-load row sends at half of Cairn's peak rate just measured, each request due at"
            + " a fixed time, latency measured from that time (no coordinated omission). Each"
            + " client sends through a blocking HTTP/1.1 client (Apache HttpClient) over one"
            + " kept-alive connection; the JDK's HttpClient row shows Cairn with the load generator"
            + " used until 2026-11-30, whose own CPU per request the machine's two cores lose.");
    line("");
    line(Phase.HEADER);
    for (int r = 0; r < rounds; r++) {
      line(drivers.get(r).row());
      line(boths.get(r).row());
      line(bares.get(r).row());
      line(cairns.get(r).row());
      line(jdkCairns.get(r).row());
    }
    line(halfLoad.row());
    line(rawHalfLoad.row());
    line("");
    line("Warm-up rounds (mutations/s, Payara CPU µs per mutation by thread):");
    line("");
    warmUpRounds.forEach(round -> line("- " + round));
    line("");
    line(
        "Payara CPU µs per mutation by thread (`/proc/<pid>/task`), peak, by round: "
            + String.join("; ", byThreads)
            + ";");
    line("half load: " + halfByThread + ".");
    line("");
    line(
        String.format(
            "Medians of %d rounds (each round's figure in brackets). **Cairn / raw: %.1f%%** of raw"
                + " driver insertOne throughput %s; **%.1f%% of the same two raw inserts Cairn makes"
                + " per mutation** %s (target >= 50%%; %.1f%% %s of the baseline until 2026-11-30,"
                + " without the record index and the journal's oplog entry; %.1f%% %s when the"
                + " requests are sent through the JDK's HttpClient). **%.0f µs of Payara"
                + " CPU per mutation** %s (target <= 200). **p99 at half load: %.1f ms** (target <="
                + " 20; the same two raw inserts at that rate: p99 %.1f ms).",
            rounds,
            median(driverRatios),
            each(driverRatios),
            median(ratios),
            each(ratios),
            median(bareRatios),
            each(bareRatios),
            median(jdkRatios),
            each(jdkRatios),
            median(serverMicros),
            each(serverMicros),
            halfLoad.latency().getValueAtPercentile(99) / 1000.0,
            rawHalfLoad.latency().getValueAtPercentile(99) / 1000.0));
    line("");
  }

  /**
   * Runs at least {@link #mutationWarmUp} mutations, in rounds of {@link #warmUpRound}, until two
   * rounds in a row cost the JIT compilers at most {@link #jitSettledMicros} of Payara CPU per
   * mutation, or {@link #mutationWarmUpMax} were run.
   *
   * @return how many warm-up mutations ran
   */
  private int warmUpUntilTheJitSettles(IntConsumer[] viaHttp) throws Exception {
    int done = 0;
    int settledRounds = 0;
    while (done < mutationWarmUpMax) {
      int round = Math.min(warmUpRound, mutationWarmUpMax - done);
      ServerThreads threads = ServerThreads.start(serverProcess);
      Phase phase = Phase.closedLoop("warm-up", serverProcess, viaHttp, round, 20_000_000 + done);
      done += round;
      Map<String, Double> byThread = threads.perRequest(round);
      String summary =
          String.format(
              Locale.ROOT,
              "%,d: %.0f/s, %s",
              done,
              phase.perSecond(),
              ServerThreads.format(byThread));
      System.out.println("warm-up " + summary);
      warmUpRounds.add(summary);
      // two settled rounds in a row: the compilers come back in bursts (39 µs after 100,000
      // mutations and 7 after 120,000 in one run)
      settledRounds = byThread.get("JIT") <= jitSettledMicros ? settledRounds + 1 : 0;
      if (done >= mutationWarmUp && settledRounds >= 2) {
        break;
      }
    }
    return done;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String each(double[] values) {
    StringJoiner out = new StringJoiner(", ", "[", "]");
    for (double v : values) {
      out.add(String.format(Locale.ROOT, "%.1f", v));
    }
    return out.toString();
  }

  private static void createPost(BlockingHttp http, URI graphql, String apiKey, int seq) {
    BlockingHttp.Response r = http.postJson(graphql, "x-api-key", apiKey, createBody(seq));
    if (r.status() != 200 || r.body().contains("\"errors\"")) {
      throw new IllegalStateException("mutation failed: " + r.status() + " " + r.body());
    }
  }

  private static String createBody(int seq) {
    return "{\"query\":\""
        + CREATE
        + "\",\"variables\":{\"input\":{\"title\":\"post "
        + seq
        + "\",\"topic\":"
        + (seq % 10)
        + "}}}";
  }

  private static void createPost(HttpClient http, URI graphql, String apiKey, int seq) {
    String body = createBody(seq);
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(graphql)
                  .header("Content-Type", "application/json")
                  .header("x-api-key", apiKey)
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200 || r.body().contains("\"errors\"")) {
        throw new IllegalStateException("mutation failed: " + r.statusCode() + " " + r.body());
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Post as MongoRecordStore stores it (see RecordDocuments): key, fields, timestamps, meta. */
  private static Document storedShape(int seq) {
    String id = UUID.randomUUID().toString();
    long now = System.currentTimeMillis();
    String at = Instant.ofEpochMilli(now).toString();
    return new Document("_id", id)
        .append("id", id)
        .append("title", "post " + seq)
        .append("topic", seq % 10)
        .append("createdAt", at)
        .append("updatedAt", at)
        .append("_version", 1)
        .append("_lastChangedAt", now)
        .append("_deleted", false);
  }

  /** The change-journal entry Cairn appends for a created record (see MongoChangeJournal). */
  private static Document journalEntry(Document record) {
    Document api = new Document(record);
    api.remove("_id");
    return new Document("tenant", "bench")
        .append("model", "Post")
        .append("recordId", record.get("_id"))
        .append("operation", "CREATE")
        .append("version", 1)
        .append("lastChangedAt", record.get("_lastChangedAt"))
        .append("record", api);
  }

  // ---- 2. base sync ---------------------------------------------------------------------------

  private void syncSection(CairnServer server, MongoCollection<Document> posts) throws Exception {
    Document sample = posts.find().first();
    if (sample == null) {
      throw new IllegalStateException("no Post written by Cairn to copy the stored shape from");
    }
    System.out.println("a Post as Cairn stores it: " + sample.toJson());
    long existing = posts.countDocuments();
    long toSeed = Math.max(0, records - existing);
    System.out.println("seeding " + toSeed + " Posts with the raw driver (shape copied)...");
    long s0 = System.nanoTime();
    List<Document> batch = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (long i = 0; i < toSeed; i++) {
      Document d = new Document(sample);
      String id = UUID.randomUUID().toString();
      String at = Instant.ofEpochMilli(now + i).toString();
      d.put("_id", sample.get("_id").equals(sample.get("id")) ? id : idLike(sample, id));
      d.put("id", id);
      d.put("title", "seeded " + i);
      d.put("topic", (int) (i % 10));
      d.put("createdAt", at);
      d.put("updatedAt", at);
      d.put("_lastChangedAt", now + i);
      batch.add(d);
      if (batch.size() == 1000) {
        posts.insertMany(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      posts.insertMany(batch);
    }
    long total = posts.countDocuments();
    System.out.printf(
        "seeded in %.1f s; %d Posts in %s%n",
        (System.nanoTime() - s0) / 1e9, total, posts.getNamespace());

    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI graphql = server.graphql();
    System.out.println("warm-up base sync...");
    baseSync(http, graphql, server.apiKey);
    rawFind(posts);
    System.out.println("timed base sync...");
    long[] cairn = baseSync(http, graphql, server.apiKey);
    long[] raw = rawFind(posts);
    double cairnRate = cairn[0] / (cairn[1] / 1e9);
    double rawRate = raw[0] / (raw[1] / 1e9);
    String cairnRow =
        String.format(
            "| Cairn syncPosts(limit: %d, lastSync: 0), HTTP pages | %d | %d | %.2f | %.0f |",
            pageSize, cairn[0], cairn[2], cairn[1] / 1e9, cairnRate);
    String rawRow =
        String.format(
            "| raw driver find() (batch size %d) | %d | - | %.2f | %.0f |",
            pageSize, raw[0], raw[1] / 1e9, rawRate);
    System.out.println(rawRow);
    System.out.println(cairnRow);
    line("## 4. Base sync: " + total + " records");
    line("");
    line(
        "Records seeded with the raw driver into the tenant's collection in the shape Cairn stores"
            + " (copied from a Post Cairn wrote). One client pages `syncPosts` until `nextToken` is"
            + " null, after one untimed warm-up pass of each kind.");
    line("");
    line("| path | records | pages | s | records/s |");
    line("|---|---:|---:|---:|---:|");
    line(rawRow);
    line(cairnRow);
    line("");
    line(
        String.format(
            "**Cairn / raw: %.1f%%**; Cairn %.0f records/s through HTTP (target >= 20,000).",
            100 * cairnRate / rawRate, cairnRate));
    line("");
    if (cairn[0] != total) {
      line(
          "**Warning:** the sync returned " + cairn[0] + " records, the collection holds " + total);
    }
  }

  private static Object idLike(Document sample, String id) {
    throw new IllegalStateException(
        "stored _id is not the id; cannot copy the shape: " + sample.toJson());
  }

  /** {records, nanos, pages}. */
  private long[] baseSync(HttpClient http, URI graphql, String apiKey) throws Exception {
    String query = String.format(SYNC, pageSize);
    long count = 0;
    long pages = 0;
    String token = null;
    long t0 = System.nanoTime();
    do {
      String body =
          "{\"query\":\""
              + query
              + "\",\"variables\":{\"nextToken\":"
              + (token == null ? "null" : "\"" + token + "\"")
              + "}}";
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(graphql)
                  .header("Content-Type", "application/json")
                  .header("x-api-key", apiKey)
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      String json = r.body();
      if (r.statusCode() != 200 || json.contains("\"errors\"")) {
        throw new IllegalStateException(
            "sync failed: "
                + r.statusCode()
                + " "
                + json.substring(0, Math.min(500, json.length())));
      }
      Matcher items = ITEM.matcher(json);
      while (items.find()) {
        count++;
      }
      pages++;
      Matcher next = NEXT_TOKEN.matcher(json);
      if (!next.find()) {
        throw new IllegalStateException("no nextToken in page " + pages);
      }
      token = next.group(2);
    } while (token != null);
    return new long[] {count, System.nanoTime() - t0, pages};
  }

  private long[] rawFind(MongoCollection<Document> posts) {
    long count = 0;
    long t0 = System.nanoTime();
    try (MongoCursor<Document> cursor = posts.find().batchSize(pageSize).iterator()) {
      while (cursor.hasNext()) {
        cursor.next();
        count++;
      }
    }
    return new long[] {count, System.nanoTime() - t0};
  }

  private void line(String s) {
    md.append(s).append('\n');
  }
}
