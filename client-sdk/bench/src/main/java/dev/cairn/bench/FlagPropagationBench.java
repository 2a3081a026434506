package dev.cairn.bench;

import dev.cairn.testkit.TestStack;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The flag propagation benchmark (issue 14; a main, not a test): {@code bench.clients} realtime
 * clients (10,000) each hold one {@code _cairnOnFlagsChanged} subscription, as user {@code u<i>}
 * (an API key naming the user with {@code targetingKey}, so no Keycloak token per client); a
 * segment holds every second user. Flag {@code propagation} serves {@code true} to the segment and
 * {@code false} to everyone else once on; each round toggles it (on, off, on, ...) through the
 * admin API, so every round changes the value of exactly the segment's half. Measured per round:
 * from the admin API's acknowledgement (its HTTP response) to receipt at every affected client
 * (p50/p95/max over all receipts), that every affected client received exactly one update with the
 * new value, and that no unaffected client received anything.
 *
 * <p>Warm-up: before the measured toggles, {@code bench.warmupRounds} toggles (default 2: one on,
 * one off, so each value's evaluation, payload and send path has run once in the server's freshly
 * started JVM) go over the same connections. They are checked like the others (exactly one update
 * per affected client, none to the others, the right value) but reported in their own "warm-up"
 * row, never in the measured percentiles: on a quiet machine the first two toggles after connecting
 * ran 227 and 285 ms against 121–192 ms for the rest, which is the JIT compiling the fan-out, not
 * the steady state a server that has been up for a while shows. The broadcaster baseline gets the
 * same warm-up, so the floor is measured alike.
 *
 * <p>Runs: the minimal Netty broadcaster (same clients, one publish to the half subscribed to topic
 * 0: the floor of the send path), then Cairn on one node, then Cairn on two nodes sharing MongoDB
 * and an H2 control plane ({@code AUTO_SERVER}), half the clients on each, toggled through the
 * first. The load average ({@code /proc/loadavg}) is sampled during each run.
 *
 * <p>System properties: {@code bench.war}, {@code bench.out} ({@code
 * client-sdk/bench/target/flag-propagation.md}), {@code bench.clients} (10000), {@code
 * bench.rounds} (10), {@code bench.warmupRounds} (2), {@code bench.serverHeap} ({@code 1g}), {@code
 * bench.clientThreads} (2), {@code bench.runs} ({@code baseline,one,two}); {@code
 * bench.serverJfr=DIR} records the toggled node during the measured toggles ({@link
 * ServerRecording}).
 */
public final class FlagPropagationBench {
  private static final String SCHEMA =
      "type Note @model @auth(rules: [{ allow: public }]) { id: ID! text: String }";
  private static final String SUBSCRIPTION =
      "subscription S($c: AWSJSON) { _cairnOnFlagsChanged(context: $c) { flags { key value } } }";

  private final Path war =
      Path.of(System.getProperty("bench.war", "server/target/cairn-server.war"));
  private final Path out =
      Path.of(System.getProperty("bench.out", "client-sdk/bench/target/flag-propagation.md"));
  private final int clients = Integer.getInteger("bench.clients", 10_000);
  private final int rounds = Integer.getInteger("bench.rounds", 10);
  private final int warmupRounds = Integer.getInteger("bench.warmupRounds", 2);
  private final String serverHeap = System.getProperty("bench.serverHeap", "1g");
  private final int clientThreads = Integer.getInteger("bench.clientThreads", 2);
  private final List<String> runs =
      List.of(System.getProperty("bench.runs", "baseline,one,two").split(","));
  private final Path runDir =
      out.toAbsolutePath().getParent().resolve("flag-run-" + System.currentTimeMillis());
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<String> rows = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    int status = 1;
    try {
      new FlagPropagationBench().run();
      status = 0;
    } catch (Exception | Error e) {
      e.printStackTrace(); // System.exit below would otherwise swallow it
    } finally {
      System.exit(status); // runs the test stack's shutdown hook, which stops Keycloak
    }
  }

  /** Which clients a round affects: every second one (the segment, or broadcaster topic 0). */
  static boolean affected(int client) {
    return client % 2 == 0;
  }

  private void run() throws Exception {
    Files.createDirectories(runDir);
    String started = Instant.now().toString();
    System.out.println("starting Keycloak and the embedded MongoDB (test stack)...");
    TestStack stack = TestStack.get();
    if (runs.contains("baseline")) {
      baseline();
    }
    if (runs.contains("one")) {
      try (CairnServer node = CairnServer.start(stack, war, serverHeap, runDir, http, SCHEMA)) {
        setUpFlag(stack, node);
        measure("Cairn, 1 node", node, i -> node, stack);
      }
    }
    if (runs.contains("two")) {
      Map<String, String> shared =
          Map.of(
              "cairn.db.url",
              "jdbc:h2:file:" + runDir.resolve("shared/controlplane") + ";AUTO_SERVER=TRUE");
      try (CairnServer a =
              CairnServer.start(stack, war, serverHeap, runDir, http, SCHEMA, "node-a", shared);
          CairnServer b =
              CairnServer.join(a, stack, war, serverHeap, runDir, http, "node-b", shared)) {
        setUpFlag(stack, a);
        measure("Cairn, 2 nodes (toggled on node A)", a, i -> i % 4 < 2 ? a : b, stack);
      }
    }
    StringBuilder text = new StringBuilder();
    text.append("# Flag propagation benchmark results\n\n")
        .append("Run from ")
        .append(started)
        .append(" to ")
        .append(Instant.now())
        .append(" on ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, Java ")
        .append(System.getProperty("java.version"))
        .append("; servers in their own JVMs (-Xmx")
        .append(serverHeap)
        .append("), the load generator (")
        .append(clientThreads)
        .append(" Netty client threads) and the embedded MongoDB in the benchmark's JVM, Keycloak")
        .append(" in another: all share the same cores. ")
        .append(clients)
        .append(" clients, ")
        .append(rounds)
        .append(" measured toggles after ")
        .append(warmupRounds)
        .append(" warm-up toggles on the same connections (reported in their own rows, not in the")
        .append(
            " measured percentiles); each changes the value of every second client. Latency: from the")
        .append(" toggle's acknowledgement (HTTP response) to receipt at each affected client; a")
        .append(" push that overtakes the acknowledgement counts as 0.\n\n")
        .append("| run | clients (affected) | p50 / p95 / p99 / max (ms) | receipts before ack |")
        .append(" affected with exactly one update per toggle | unaffected updates | wrong value |")
        .append(" load average (1 min) during the run |\n")
        .append("|---|---|---|---|---|---|---|---|\n");
    rows.forEach(r -> text.append(r).append('\n'));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, text);
    System.out.println(text);
    System.out.println("written to " + out.toAbsolutePath());
  }

  /** The flag, off, and the segment of every second user, through the admin API. */
  private void setUpFlag(TestStack stack, CairnServer node) throws Exception {
    StringBuilder members = new StringBuilder();
    for (int i = 0; i < clients; i++) {
      if (affected(i)) {
        members.append(members.length() == 0 ? "" : ",").append("\"u").append(i).append('"');
      }
    }
    String document =
        "{\"version\":1,\"segments\":{\"half\":{\"included\":["
            + members
            + "]}},\"flags\":{\"propagation\":{\"kind\":\"boolean\",\"variations\":["
            + "{\"name\":\"on\",\"value\":true},{\"name\":\"off\",\"value\":false}],"
            + "\"on\":false,\"offVariation\":\"off\",\"rules\":[{\"id\":\"half\",\"clauses\":"
            + "[{\"attribute\":\"\",\"op\":\"segmentMatch\",\"values\":[\"half\"]}],"
            + "\"variation\":\"on\"}],\"fallthrough\":{\"variation\":\"off\"}}}}";
    send(stack, node, "PUT", "flags", document);
  }

  private String send(TestStack stack, CairnServer node, String method, String path, String body)
      throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(node.base + "api/admin/tenants/" + node.tenant + "/" + path))
                .header("Authorization", "Bearer " + stack.keycloak().consoleToken())
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private void measure(
      String name, CairnServer toggled, IntFunction<CairnServer> nodeOf, TestStack stack)
      throws Exception {
    Receipts warmup = new Receipts(clients, warmupRounds, "warm-up round");
    Receipts receipts = new Receipts(clients, rounds, "round");
    AtomicReference<Receipts> current = new AtomicReference<>(warmup);
    LoadAverage load = new LoadAverage();
    try (WsClients ws = new WsClients(clientThreads)) {
      List<CairnServer> nodes = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        if (!nodes.contains(nodeOf.apply(i))) {
          nodes.add(nodeOf.apply(i));
        }
      }
      for (CairnServer node : nodes) {
        String auth =
            "{\"x-api-key\":\"" + node.apiKey + "\",\"host\":\"localhost:" + node.port + "\"}";
        String subprotocols =
            "graphql-ws,header-"
                + Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(auth.getBytes(StandardCharsets.UTF_8));
        URI realtime =
            URI.create("ws://localhost:" + node.port + "/t/" + node.tenant + "/graphql/realtime");
        List<Integer> mine = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
          if (nodeOf.apply(i) == node) {
            mine.add(i);
          }
        }
        System.out.println(
            "connecting " + mine.size() + " clients to " + realtime + " (" + Instant.now() + ")");
        ws.open(
            realtime, subprotocols, mine.size(), 16, k -> cairnClient(mine.get(k), auth, current));
      }
      System.out.println("all connected; toggling (" + Instant.now() + ")");
      LoadAverage warmupLoad = new LoadAverage();
      warmupLoad.start();
      for (int round = 0; round < warmupRounds; round++) {
        toggle(stack, toggled, warmup, round, round % 2 == 0);
      }
      warmupLoad.stop();
      current.set(receipts);
      ServerRecording jfr = ServerRecording.of(toggled.payara);
      String phase = "flags-" + nodes.size() + "-node";
      jfr.start(phase);
      load.start();
      for (int round = 0; round < rounds; round++) {
        toggle(stack, toggled, receipts, round, (warmupRounds + round) % 2 == 0);
      }
      load.stop();
      jfr.stop(phase);
      addRows(name, warmup, warmupLoad, receipts, load);
    }
  }

  /** One toggle through the admin API, awaited at every affected client. */
  private void toggle(
      TestStack stack, CairnServer toggled, Receipts receipts, int round, boolean on)
      throws Exception {
    receipts.beginRound(round, on);
    send(stack, toggled, "POST", "flags/propagation/toggle", "{\"on\":" + on + "}");
    receipts.acknowledged(System.nanoTime());
    receipts.awaitRound();
  }

  /** The measured row, then (when there was a warm-up) the warm-up's own row, never merged. */
  private void addRows(
      String name, Receipts warmup, LoadAverage warmupLoad, Receipts measured, LoadAverage load) {
    rows.add(measured.row(name + ", " + rounds + " measured toggles", load));
    System.out.println(rows.get(rows.size() - 1));
    if (warmupRounds > 0) {
      rows.add(
          warmup.row(name + ", warm-up (" + warmupRounds + " toggles, not measured)", warmupLoad));
      System.out.println(rows.get(rows.size() - 1));
    }
  }

  private void baseline() throws Exception {
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
            ChildProcess.start(
                "minimal Netty broadcaster", command, runDir.resolve("broadcaster.log"));
        WsClients ws = new WsClients(clientThreads)) {
      netty.awaitReady(() -> netty.log().contains("broadcaster ready"), Duration.ofMinutes(1));
      Receipts warmup = new Receipts(clients, warmupRounds, "warm-up round");
      Receipts receipts = new Receipts(clients, rounds, "round");
      AtomicReference<Receipts> current = new AtomicReference<>(warmup);
      LoadAverage load = new LoadAverage();
      ws.open(
          URI.create("ws://localhost:" + port + "/ws"),
          "graphql-ws",
          clients,
          16,
          i -> broadcasterClient(i, current));
      LoadAverage warmupLoad = new LoadAverage();
      warmupLoad.start();
      for (int round = 0; round < warmupRounds; round++) {
        publish(port, warmup, round, round);
      }
      warmupLoad.stop();
      current.set(receipts);
      load.start();
      for (int round = 0; round < rounds; round++) {
        publish(port, receipts, round, warmupRounds + round);
      }
      load.stop();
      addRows("minimal Netty broadcaster (baseline, same run)", warmup, warmupLoad, receipts, load);
    }
  }

  /** One publish to topic 0 ({@code seq} counts every publish, warm-up ones included). */
  private void publish(int port, Receipts receipts, int round, int seq) throws Exception {
    receipts.beginRound(round, null);
    HttpResponse<Void> published =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/publish?topic=0&seq=" + seq))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding());
    receipts.acknowledged(System.nanoTime());
    if (published.statusCode() != 200) {
      throw new IllegalStateException("publish answered " + published.statusCode());
    }
    receipts.awaitRound();
  }

  /** Client {@code i}: connection_init, then the flag subscription as user {@code u<i>}. */
  private static WsClients.Conversation cairnClient(
      int i, String auth, AtomicReference<Receipts> receipts) {
    String context = "{\"targetingKey\":\"u" + i + "\"}";
    String request =
        "{\"query\":"
            + Conversations.jsonString(SUBSCRIPTION)
            + ",\"variables\":{\"c\":"
            + Conversations.jsonString(context)
            + "}}";
    String start =
        "{\"id\":\"f"
            + i
            + "\",\"type\":\"start\",\"payload\":{\"data\":"
            + Conversations.jsonString(request)
            + ",\"extensions\":{\"authorization\":"
            + auth
            + "}}}";
    CompletableFuture<Void> ready = new CompletableFuture<>();
    return new WsClients.Conversation() {
      @Override
      public void opened(Channel channel) {
        channel.writeAndFlush(new TextWebSocketFrame("{\"type\":\"connection_init\"}"));
      }

      @Override
      public void received(Channel channel, ByteBuf frame) {
        String text = frame.toString(StandardCharsets.UTF_8);
        if (text.startsWith("{\"type\":\"data\"")) {
          Boolean value =
              text.contains("\"value\":\"true\"")
                  ? Boolean.TRUE
                  : text.contains("\"value\":\"false\"") ? Boolean.FALSE : null;
          receipts.get().received(i, value);
        } else if (text.contains("connection_ack")) {
          channel.writeAndFlush(new TextWebSocketFrame(start));
        } else if (text.contains("start_ack")) {
          ready.complete(null);
        } else if (text.contains("\"error\"")) {
          ready.completeExceptionally(new IllegalStateException(text));
        }
      }

      @Override
      public CompletableFuture<Void> ready() {
        return ready;
      }
    };
  }

  /** The broadcaster's client {@code i}: topic 0 for the affected half, 1 for the others. */
  private static WsClients.Conversation broadcasterClient(
      int i, AtomicReference<Receipts> receipts) {
    CompletableFuture<Void> ready = new CompletableFuture<>();
    return new WsClients.Conversation() {
      @Override
      public void opened(Channel channel) {
        channel.writeAndFlush(new TextWebSocketFrame("sub " + (affected(i) ? 0 : 1) + " s" + i));
      }

      @Override
      public void received(Channel channel, ByteBuf frame) {
        if (FanOutProbe.seq(frame) >= 0) {
          receipts.get().received(i, null);
        } else if (frame.toString(StandardCharsets.UTF_8).contains("start_ack")) {
          ready.complete(null);
        }
      }

      @Override
      public CompletableFuture<Void> ready() {
        return ready;
      }
    };
  }

  /** Every receipt of every round: per client counts, latency from the acknowledgement. */
  static final class Receipts {
    private final int clients;
    private final AtomicIntegerArray counts;
    private final Histogram latencyMicros = new ConcurrentHistogram(600_000_000L, 3);
    private final AtomicLong beforeAck = new AtomicLong();
    private final AtomicLong unaffected = new AtomicLong();
    private final AtomicLong wrongValue = new AtomicLong();
    private final AtomicLong receivedThisRound = new AtomicLong();
    private volatile int round = -1;
    private volatile Boolean expected;
    private volatile long ackNanos;
    private volatile long ackMillis;
    private final AtomicLong firstNanos = new AtomicLong();
    private final AtomicLong lastNanos = new AtomicLong();
    private final String label;
    private int exactlyOnce;
    private int rounds;

    /**
     * @param label how the per-round line names a round, e.g. "round" or "warm-up round"
     */
    Receipts(int clients, int rounds, String label) {
      this.clients = clients;
      this.counts = new AtomicIntegerArray(clients);
      this.label = label;
    }

    void beginRound(int round, Boolean expectedValue) {
      for (int i = 0; i < clients; i++) {
        counts.set(i, 0);
      }
      receivedThisRound.set(0);
      firstNanos.set(Long.MAX_VALUE);
      lastNanos.set(0);
      ackNanos = 0;
      expected = expectedValue;
      this.round = round;
    }

    void acknowledged(long nanos) {
      ackMillis = System.currentTimeMillis();
      ackNanos = nanos;
    }

    /** On a client thread, for each update client {@code i} receives. */
    void received(int i, Boolean value) {
      long now = System.nanoTime();
      counts.incrementAndGet(i);
      if (!affected(i)) {
        unaffected.incrementAndGet();
        return;
      }
      if (expected != null && !expected.equals(value)) {
        wrongValue.incrementAndGet();
      }
      firstNanos.accumulateAndGet(now, Math::min);
      lastNanos.accumulateAndGet(now, Math::max);
      long ack = ackNanos;
      if (ack == 0) {
        beforeAck.incrementAndGet();
        latencyMicros.recordValue(0);
      } else {
        latencyMicros.recordValue(Math.max(0, (now - ack) / 1000));
      }
      receivedThisRound.incrementAndGet();
    }

    /**
     * Waits until every affected client received this round's update (at most 2 minutes), then 2 s
     * more for duplicates and strays; counts the clients that received exactly one.
     */
    void awaitRound() throws InterruptedException {
      long affectedCount = (clients + 1) / 2;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (receivedThisRound.get() < affectedCount && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Thread.sleep(2_000);
      for (int i = 0; i < clients; i += 2) {
        if (counts.get(i) == 1) {
          exactlyOnce++;
        }
      }
      rounds++;
      System.out.printf(
          Locale.ROOT,
          "%s %d: %d of %d affected received, acknowledged at %d (epoch ms), first receipt"
              + " %+.1f ms, last %+.1f ms from it; p95 so far %.1f ms%n",
          label,
          round,
          receivedThisRound.get(),
          affectedCount,
          ackMillis,
          (firstNanos.get() - ackNanos) / 1e6,
          (lastNanos.get() - ackNanos) / 1e6,
          latencyMicros.getValueAtPercentile(95) / 1000.0);
    }

    String row(String name, LoadAverage load) {
      long affectedCount = (clients + 1) / 2;
      return String.format(
          Locale.ROOT,
          "| %s | %,d (%,d) | %.1f / %.1f / %.1f / %.1f | %,d | %,d of %,d | %,d | %,d | %s |",
          name,
          clients,
          affectedCount,
          latencyMicros.getValueAtPercentile(50) / 1000.0,
          latencyMicros.getValueAtPercentile(95) / 1000.0,
          latencyMicros.getValueAtPercentile(99) / 1000.0,
          latencyMicros.getMaxValue() / 1000.0,
          beforeAck.get(),
          exactlyOnce,
          affectedCount * rounds,
          unaffected.get(),
          wrongValue.get(),
          load.describe());
    }
  }

  /** The 1-minute load average, sampled every 5 s while a run toggles. */
  static final class LoadAverage {
    private final List<Double> samples = new ArrayList<>();
    private Thread sampler;

    void start() {
      sampler =
          new Thread(
              () -> {
                while (!Thread.currentThread().isInterrupted()) {
                  sample();
                  try {
                    Thread.sleep(5_000);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "load-average");
      sampler.setDaemon(true);
      sampler.start();
    }

    void stop() throws InterruptedException {
      sampler.interrupt();
      sampler.join();
      sample();
    }

    private synchronized void sample() {
      try {
        samples.add(Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
      } catch (IOException | NumberFormatException e) {
        // no /proc: the figure is reported as unknown
      }
    }

    synchronized String describe() {
      if (samples.isEmpty()) {
        return "unknown";
      }
      double min = samples.stream().mapToDouble(d -> d).min().orElse(0);
      double max = samples.stream().mapToDouble(d -> d).max().orElse(0);
      return String.format(Locale.ROOT, "%.1f–%.1f", min, max);
    }
  }
}
