package dev.cairn.bench;

import dev.cairn.client.CairnClient;
import dev.cairn.client.ModelChange;
import dev.cairn.client.QueryPredicate;
import dev.cairn.client.Subscription;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * {@link SdkBench} section 2: local operations on a client holding the synced records, after {@code
 * stop()} (its outbox is not sent, so no network is measured). One thread, as an app's UI thread
 * would call them.
 */
final class LocalSection {
  private final Consumer<String> out;
  private final CairnClient client;
  private final int saves;
  private final int queries;
  private final int observes;
  private final int records;
  private int sequence;
  private long cpuAtStart;

  LocalSection(
      Consumer<String> out, CairnClient client, int saves, int queries, int observes, int records) {
    this.out = out;
    this.client = client;
    this.saves = saves;
    this.queries = queries;
    this.observes = observes;
    this.records = records;
  }

  void run() throws Exception {
    out.accept(
        "### 2. Local operations on the client holding " + records + " records, sync stopped");
    out.accept("");
    out.accept(
        "`stop()` after the sync: the outbox fills and is not sent, so no network is in the figures."
            + " One calling thread. Latencies from HdrHistogram. CPU: the calling thread's CPU time per"
            + " operation (SQLite runs on it), which the machine's load moves least.");
    out.accept("");
    out.accept(
        "| operation | count | per second | p50 ms | p99 ms | max ms | CPU µs/op (calling thread) |"
            + " load average (1, 5 min) at end |");
    out.accept("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    long outboxBefore = outboxEntries();
    saves(saves / 4); // warm-up
    Histogram save = new Histogram(3);
    long t0 = start();
    saves(saves, save);
    long nanos = System.nanoTime() - t0;
    out.accept(
        row(
            "`save` of a new Post (record + outbox entry, one transaction each)",
            saves,
            nanos,
            save));
    rawTransactions(saves / 4);
    t0 = start();
    Histogram raw = rawTransactions(saves);
    out.accept(
        row(
            "baseline: bare JDBC, the same two INSERTs (record row, outbox row) and a commit per"
                + " transaction, same pragmas, a scratch file beside the store",
            saves,
            System.nanoTime() - t0,
            raw));
    long outboxAfter = outboxEntries();
    out.accept("");
    out.accept(
        "Outbox entries: "
            + outboxBefore
            + " before the saves, "
            + outboxAfter
            + " after "
            + (saves + saves / 4)
            + " saves (warm-up included).");
    out.accept("");
    out.accept(
        "| operation | count | per second | p50 ms | p99 ms | max ms | CPU µs/op (calling thread) |"
            + " load average (1, 5 min) at end |");
    out.accept("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    queries(queries / 4, new Histogram(3), true);
    Histogram query = new Histogram(3);
    t0 = start();
    long rows = queries(queries, query, true);
    out.accept(
        row(
            String.format(
                Locale.ROOT,
                "indexed query `rating == k` (%.0f of %d rows each)",
                rows / (double) queries,
                records + saves + saves / 4),
            queries,
            System.nanoTime() - t0,
            query));
    Histogram byId = new Histogram(3);
    queries(queries / 4, new Histogram(3), false);
    t0 = start();
    queries(queries, byId, false);
    out.accept(row("`query(type, id)` (primary key)", queries, System.nanoTime() - t0, byId));
    Histogram observed = observeLatency(observes / 4, observes);
    out.accept(
        row(
            "`save` → `observe` listener (called on the saving thread before `save` returns)",
            observes,
            -1,
            observed));
    Histogram flowed = changesLatency(observes / 4, observes);
    out.accept(
        row(
            "`save` → `changes()` subscriber's `onNext` (Flow, common fork-join pool)",
            observes,
            -1,
            flowed));
    out.accept("");
  }

  private void saves(int count) {
    saves(count, new Histogram(3));
  }

  private void saves(int count, Histogram latency) {
    for (int i = 0; i < count; i++) {
      long t0 = System.nanoTime();
      client.save(newPost());
      latency.recordValue((System.nanoTime() - t0) / 1000);
    }
  }

  private BenchPost newPost() {
    int n = sequence++;
    // Ratings outside the seeded 0..999, so the indexed query keeps matching 100 seeded rows.
    return BenchPost.create(
        String.format("local-%07d", n),
        "local post " + n,
        "body of local post " + n + ", a sentence or two of text as a post has.",
        1000 + n % 1000,
        List.of("t" + n % 10));
  }

  private long queries(int count, Histogram latency, boolean byRating) {
    SplittableRandom random = new SplittableRandom(42);
    long rows = 0;
    for (int i = 0; i < count; i++) {
      int k = random.nextInt(1000);
      long t0 = System.nanoTime();
      if (byRating) {
        List<BenchPost> found = client.query(BenchPost.TYPE, BenchPost.RATING.eq(k));
        rows += found.size();
      } else {
        rows +=
            client.query(BenchPost.TYPE, String.format("post-%06d", 1 + k * 97)).isPresent()
                ? 1
                : 0;
      }
      latency.recordValue((System.nanoTime() - t0) / 1000);
    }
    if (rows == 0) {
      throw new IllegalStateException("the queries found nothing");
    }
    return rows;
  }

  private Histogram observeLatency(int warmUp, int count) {
    long[] called = new long[1];
    Histogram latency = new Histogram(3);
    try (Subscription s =
        client.observe(BenchPost.TYPE, QueryPredicate.all(), c -> called[0] = System.nanoTime())) {
      for (int i = 0; i < warmUp + count; i++) {
        called[0] = 0;
        long t0 = System.nanoTime();
        client.save(newPost());
        if (called[0] == 0) {
          throw new IllegalStateException("observe was not called before save returned");
        }
        if (i >= warmUp) {
          latency.recordValue((called[0] - t0) / 1000);
        }
      }
    }
    return latency;
  }

  private Histogram changesLatency(int warmUp, int count) throws InterruptedException {
    BlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();
    Flow.Subscription[] subscription = new Flow.Subscription[1];
    client
        .changes(BenchPost.TYPE, QueryPredicate.all())
        .subscribe(
            new Flow.Subscriber<ModelChange<BenchPost>>() {
              @Override
              public void onSubscribe(Flow.Subscription s) {
                subscription[0] = s;
                s.request(Long.MAX_VALUE);
              }

              @Override
              public void onNext(ModelChange<BenchPost> item) {
                arrivals.add(System.nanoTime());
              }

              @Override
              public void onError(Throwable error) {
                error.printStackTrace();
              }

              @Override
              public void onComplete() {}
            });
    Histogram latency = new Histogram(3);
    try {
      for (int i = 0; i < warmUp + count; i++) {
        long t0 = System.nanoTime();
        client.save(newPost());
        Long at = arrivals.poll(60, TimeUnit.SECONDS);
        if (at == null) {
          throw new IllegalStateException("no onNext within 60 s of a save");
        }
        if (i >= warmUp) {
          latency.recordValue((at - t0) / 1000);
        }
      }
    } finally {
      subscription[0].cancel();
    }
    return latency;
  }

  /**
   * What SQLite itself takes for a save here: a Post row and an outbox row inserted with prepared
   * statements and committed, per transaction, in WAL mode with {@code synchronous=NORMAL} as the
   * store runs, into tables shaped like the store's.
   */
  private Histogram rawTransactions(int count) throws Exception {
    Histogram latency = new Histogram(3);
    Path file = client.storeFile().resolveSibling("raw-" + System.nanoTime() + ".db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=NORMAL");
        s.execute(
            "CREATE TABLE Post (id TEXT PRIMARY KEY, title TEXT, body TEXT, rating INTEGER, tags"
                + " TEXT, createdAt TEXT, updatedAt TEXT, _version INTEGER, _lastChangedAt"
                + " INTEGER, _deleted INTEGER)");
        s.execute("CREATE INDEX post_rating ON Post (rating)");
        s.execute(
            "CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, model TEXT NOT NULL,"
                + " record_id TEXT NOT NULL, mutation TEXT NOT NULL, data TEXT NOT NULL,"
                + " condition TEXT)");
        s.execute("CREATE INDEX outbox_record ON outbox (model, record_id)");
      }
      c.setAutoCommit(false);
      try (var record =
              c.prepareStatement("INSERT INTO Post VALUES (?, ?, ?, ?, ?, NULL, NULL, 0, 0, 0)");
          var entry =
              c.prepareStatement(
                  "INSERT INTO outbox (model, record_id, mutation, data) VALUES ('Post', ?,"
                      + " 'CREATE', ?)")) {
        for (int i = 0; i < count; i++) {
          BenchPost p = newPost();
          long t0 = System.nanoTime();
          record.setString(1, p.id());
          record.setString(2, p.title());
          record.setString(3, p.body());
          record.setInt(4, p.rating());
          record.setString(5, "[\"" + p.tags().get(0) + "\"]");
          record.executeUpdate();
          entry.setString(1, p.id());
          entry.setString(
              2,
              "{\"id\":\""
                  + p.id()
                  + "\",\"title\":\""
                  + p.title()
                  + "\",\"body\":\""
                  + p.body()
                  + "\",\"rating\":"
                  + p.rating()
                  + ",\"tags\":[\""
                  + p.tags().get(0)
                  + "\"]}");
          entry.executeUpdate();
          c.commit();
          latency.recordValue((System.nanoTime() - t0) / 1000);
        }
      }
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-wal"));
      Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-shm"));
    }
    return latency;
  }

  /** Rows in the store's outbox table, read through a second connection (WAL allows it). */
  private long outboxEntries() throws Exception {
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + client.storeFile().toAbsolutePath());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM _cairn_outbox")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Marks the start of a timed phase (wall clock returned, this thread's CPU time kept). */
  private long start() {
    cpuAtStart = ThreadCpu.current();
    return System.nanoTime();
  }

  private String row(String name, int count, long nanos, Histogram h) {
    return String.format(
        Locale.ROOT,
        "| %s | %d | %s | %.3f | %.3f | %.3f | %s | %s |",
        name,
        count,
        nanos < 0 ? "-" : String.format(Locale.ROOT, "%.0f", count / (nanos / 1e9)),
        h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0,
        h.getMaxValue() / 1000.0,
        nanos < 0
            ? "-"
            : String.format(
                Locale.ROOT, "%.1f", (ThreadCpu.current() - cpuAtStart) / 1000.0 / count),
        Phase.loadAverage());
  }
}
