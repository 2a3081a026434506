package dev.cairn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.HdrHistogram.Histogram;

/**
 * Throughput and latency of one measured phase of {@link SyncBench} (writes or reads), with the CPU
 * time the server JVM under test and the benchmark's side (this JVM, the load generator, and the
 * embedded MongoDB's JVM when {@link #chargeToBench} names it) spent on it, and the machine's load
 * average when it ended: on a machine shared with other builds, CPU time per request is the figure
 * that the load does not move much, and requests/s is the one it does.
 */
record Phase(
    String name,
    int count,
    double seconds,
    Histogram latency,
    Duration serverCpu,
    Duration benchCpu,
    String load) {

  /** A process whose CPU time the bench column includes (the embedded MongoDB's), or null. */
  private static volatile ProcessHandle alsoBench;

  /** Includes {@code process}'s CPU time in the bench column of every later phase. */
  static void chargeToBench(ProcessHandle process) {
    alsoBench = process;
  }

  static final String HEADER =
      "| path | requests | s | requests/s | p50 ms | p99 ms | max ms | server CPU µs/request |"
          + " bench JVM CPU µs/request | load average (1, 5 min) at end |\n"
          + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|";

  double perSecond() {
    return count / seconds;
  }

  double serverMicrosPerRequest() {
    return serverCpu.toNanos() / 1000.0 / count;
  }

  String row() {
    return String.format(
        Locale.ROOT,
        "| %s | %d | %.1f | %.0f | %.2f | %.2f | %.2f | %.0f | %.0f | %s |",
        name,
        count,
        seconds,
        perSecond(),
        latency.getValueAtPercentile(50) / 1000.0,
        latency.getValueAtPercentile(99) / 1000.0,
        latency.getMaxValue() / 1000.0,
        serverMicrosPerRequest(),
        benchCpu.toNanos() / 1000.0 / count,
        load);
  }

  /**
   * Runs {@code count} requests from one thread per sender, each sending as soon as its previous
   * request was answered (a closed loop: the figure is the peak the senders reach).
   *
   * @param server the process whose CPU time is charged to the requests
   * @param base added to each request's number (so phases write distinct records)
   */
  static Phase closedLoop(
      String name, ProcessHandle server, IntConsumer[] senders, int count, int base)
      throws Exception {
    Duration serverBefore = cpu(server);
    Duration selfBefore = benchSideCpu();
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(senders.length);
    List<Future<Histogram>> futures = new ArrayList<>();
    long t0 = System.nanoTime();
    for (IntConsumer send : senders) {
      futures.add(
          pool.submit(
              () -> {
                Histogram h = new Histogram(60_000_000L, 3);
                for (int seq = next.getAndIncrement(); seq < count; seq = next.getAndIncrement()) {
                  long s = System.nanoTime();
                  send.accept(base + seq);
                  h.recordValue(Math.min((System.nanoTime() - s) / 1000, 60_000_000L));
                }
                return h;
              }));
    }
    Histogram all = new Histogram(60_000_000L, 3);
    for (Future<Histogram> f : futures) {
      all.add(f.get());
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();
    return new Phase(
        name,
        count,
        seconds,
        all,
        cpu(server).minus(serverBefore),
        benchSideCpu().minus(selfBefore),
        loadAverage());
  }

  /** {@link OpenLoad} at {@code rate} requests/s, with the same CPU accounting. */
  static Phase openLoop(
      String name, ProcessHandle server, IntConsumer[] senders, double rate, int count, int base)
      throws Exception {
    Duration serverBefore = cpu(server);
    Duration selfBefore = benchSideCpu();
    long t0 = System.nanoTime();
    Histogram latency = OpenLoad.run(senders, rate, count, base);
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Phase(
        name,
        count,
        seconds,
        latency,
        cpu(server).minus(serverBefore),
        benchSideCpu().minus(selfBefore),
        loadAverage());
  }

  /** CPU time this JVM and the process {@link #chargeToBench} named have used so far. */
  private static Duration benchSideCpu() {
    ProcessHandle other = alsoBench;
    Duration self = cpu(ProcessHandle.current());
    return other == null ? self : self.plus(cpu(other));
  }

  /** CPU time a process has used so far (user + system), from {@code /proc} on Linux. */
  static Duration cpu(ProcessHandle process) {
    return process.info().totalCpuDuration().orElse(Duration.ZERO);
  }

  /** The 1- and 5-minute load averages, from {@code /proc/loadavg}. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
      return parts[0] + ", " + parts[1];
    } catch (IOException e) {
      return "?";
    }
  }
}
