package dev.cairn.bench;

import java.io.DataOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Subscribers held by several {@link LoadGenerator} processes (one process cannot hold more than
 * ~19,600 sockets on this machine), and their receipts during fan-out runs, gathered from every
 * process.
 */
final class LoadGenerators implements AutoCloseable {
  /**
   * Where and how the subscribers connect: {@code protocol} is {@code appsync} (API key in {@code
   * auth}) or {@code broadcaster}.
   */
  record Target(String protocol, URI uri, String subprotocols, String auth) {
    /** A Cairn tenant's realtime endpoint, authenticated with its API key. */
    static Target cairn(CairnServer server) {
      String auth =
          "{\"x-api-key\":\"" + server.apiKey + "\",\"host\":\"localhost:" + server.port + "\"}";
      String subprotocols =
          "graphql-ws,header-"
              + Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(auth.getBytes(StandardCharsets.UTF_8));
      return new Target(
          "appsync",
          URI.create("ws://localhost:" + server.port + "/t/" + server.tenant + "/graphql/realtime"),
          subprotocols,
          auth);
    }

    /** The minimal Netty broadcaster. */
    static Target broadcaster(int port) {
      return new Target(
          "broadcaster", URI.create("ws://localhost:" + port + "/ws"), "graphql-ws", "-");
    }
  }

  private final List<ChildProcess> processes = new ArrayList<>();
  private final Path runDir;
  private final AtomicInteger tokens = new AtomicInteger();

  private LoadGenerators(Path runDir) {
    this.runDir = runDir;
  }

  /**
   * Opens {@code n} subscribers from as many processes as {@code perProcess} requires, {@code
   * connectRate} connections/s in all, each process with {@code threads} Netty threads; returns
   * when every one is subscribed.
   */
  static LoadGenerators open(
      Target target, int n, int perProcess, int connectRate, int threads, Path runDir, String name)
      throws Exception {
    int count = (n + perProcess - 1) / perProcess;
    int rate = Math.max(1, connectRate / count);
    LoadGenerators generators = new LoadGenerators(runDir);
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
                LoadGenerator.class.getName(),
                target.protocol(),
                target.uri().toString(),
                target.subprotocols(),
                target.auth(),
                Integer.toString(share),
                Integer.toString(first),
                Integer.toString(rate),
                Integer.toString(threads));
        generators.processes.add(
            ChildProcess.start(
                "load generator " + p,
                command,
                runDir.resolve("clients-" + name + "-" + n + "-" + p + ".log")));
        first += share;
      }
      for (ChildProcess process : generators.processes) {
        process.awaitReady(() -> process.log().contains("ready "), Duration.ofMinutes(15));
      }
    } catch (Exception | Error e) {
      generators.close();
      throw e;
    }
    System.out.printf(
        Locale.ROOT,
        "%,d connections open in %.1f s from %d processes%n",
        n,
        (System.nanoTime() - t0) / 1e9,
        count);
    return generators;
  }

  int processCount() {
    return processes.size();
  }

  /** Starts recording the receipts of a run of {@code writes} writes in every process. */
  void startRun(int writes) throws Exception {
    for (ChildProcess p : processes) {
      p.send("run " + writes);
    }
    for (ChildProcess p : processes) {
      p.awaitLine(Pattern.compile("running"), Duration.ofMinutes(1));
    }
  }

  /** Frames received so far in this run, over every process. */
  long delivered() throws Exception {
    int token = tokens.incrementAndGet();
    for (ChildProcess p : processes) {
      p.send("count " + token);
    }
    long sum = 0;
    for (ChildProcess p : processes) {
      sum +=
          Long.parseLong(
              p.awaitLine(Pattern.compile("count " + token + " (\\d+)"), Duration.ofMinutes(1))
                  .group(1));
    }
    return sum;
  }

  /** Ends the run: every process's latencies against {@code ackNanos}, merged. */
  FanOutProbe.Summary finish(long[] ackNanos, int firstMeasured) throws Exception {
    Path acks = runDir.resolve("acks-" + System.nanoTime() + ".bin");
    try (OutputStream file = Files.newOutputStream(acks);
        DataOutputStream out = new DataOutputStream(file)) {
      for (long ack : ackNanos) {
        out.writeLong(ack);
      }
    }
    int token = tokens.incrementAndGet();
    for (ChildProcess p : processes) {
      p.send("finish " + token + " " + acks.toAbsolutePath() + " " + firstMeasured);
    }
    Histogram latency = new Histogram(60_000_000L, 3);
    long measured = 0;
    long beforeAck = 0;
    long last = 0;
    for (ChildProcess p : processes) {
      Matcher m =
          p.awaitLine(
              Pattern.compile("result " + token + " (\\d+) (\\d+) (-?\\d+) (\\S+)"),
              Duration.ofMinutes(5));
      measured += Long.parseLong(m.group(1));
      beforeAck += Long.parseLong(m.group(2));
      last = Math.max(last, Long.parseLong(m.group(3)));
      latency.add(
          Histogram.decodeFromCompressedByteBuffer(
              ByteBuffer.wrap(Base64.getDecoder().decode(m.group(4))), 60_000_000L));
    }
    Files.deleteIfExists(acks);
    return new FanOutProbe.Summary(measured, beforeAck, last, latency);
  }

  @Override
  public void close() {
    processes.forEach(ChildProcess::close);
  }

  /** Closes every process, then waits until the server holds fewer than {@code files} files. */
  void closeAndAwaitFilesBelow(ChildProcess server, long files) throws Exception {
    close();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (IdleSnapshot.openFiles(server.pid()) > files && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
  }
}
