package dev.cairn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** The benchmark's figures as Markdown. */
final class Report {
  private final StringBuilder header = new StringBuilder();
  private final List<String> cursor = new ArrayList<>();
  private final List<String> idle = new ArrayList<>();
  private final List<String> fanOut = new ArrayList<>();

  void machine(int rate, int warmUp, int seconds, String heap, int perProcess, int clientThreads) {
    header
        .append("# Realtime benchmark results\n\n")
        .append("Run at ")
        .append(RealtimeBench.now())
        .append(" on ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, Java ")
        .append(System.getProperty("java.version"))
        .append(". Servers under test run in their own JVM (-Xmx")
        .append(heap)
        .append("); the subscribers are held by load-generator processes (at most ")
        .append(String.format(Locale.ROOT, "%,d", perProcess))
        .append(" connections and ")
        .append(clientThreads)
        .append(" Netty thread(s) each); the writer (the JDK HttpClient) and the embedded MongoDB")
        .append(" run in the benchmark's JVM, and Keycloak idles in another: every part shares the")
        .append(" same cores.")
        .append(" Writes: ")
        .append(rate)
        .append("/s round-robin over 10 subscription filters, ")
        .append(warmUp)
        .append(" s warm-up (not timed), ")
        .append(seconds)
        .append(" s measured.")
        .append(" Latency: from the write's acknowledgement (HTTP response) to receipt at each")
        .append(" subscriber (`System.nanoTime()`, one clock for every process on Linux); a frame")
        .append(" that overtakes its own acknowledgement counts as 0. Idle: heap after full GCs")
        .append(
            " (`jcmd GC.heap_info`) and the sum of `jcmd GC.class_histogram`, RSS and open files")
        .append(" of the server's JVM, and its CPU while the subscribers idle (Cairn sends each a")
        .append(" `ka` every 30 s; the broadcaster sends nothing and is not sampled); the load")
        .append(" average is this shared machine's.\n\n");
  }

  void cursor(CursorBaseline.Result r) {
    cursor.add(
        String.format(
            Locale.ROOT,
            "| bare journal cursor (insert acknowledged -> change-stream event) | %d inserts | %d received | %s |",
            r.inserts(),
            r.received(),
            percentiles(r.latencyMicros())));
  }

  void idle(String server, IdleSnapshot before, IdleSnapshot with, double connectSeconds) {
    idle.add(
        String.format(
            Locale.ROOT,
            "| %s | %,d | %.1f | %.1f | **%.1f** | %.1f | %.1f | %.1f | %,d | %s / %s | %.1f | %.1f s |",
            server,
            with.connections(),
            before.heapKb() / 1024.0,
            with.heapKb() / 1024.0,
            with.heapPerConnectionKb(before),
            with.histogramPerConnectionKb(before),
            with.rssKb() / 1024.0,
            with.rssPerConnectionKb(before),
            with.files(),
            with.cpu(),
            before.cpu(),
            with.loadAverage(),
            connectSeconds));
  }

  void fanOut(FanOutRun.Result r) {
    fanOut.add(
        String.format(
            Locale.ROOT,
            "| %s | %,d | %d | %s | %.0f | %,d / %,d | %s | %d | %d | %.1f | %.1f (%s) |",
            r.server(),
            r.subscribers(),
            r.rate(),
            percentiles(r.latencyMicros()),
            r.messagesPerSecond(),
            r.delivered(),
            r.expected(),
            r.everyMessageDelivered() ? "yes" : "NO",
            r.failedWrites(),
            r.beforeAck(),
            r.loadAverage(),
            r.serverCpuMicrosPerMessage(),
            r.serverThreads()));
  }

  String lastIdle() {
    return idle.get(idle.size() - 1);
  }

  String lastFanOut() {
    return fanOut.get(fanOut.size() - 1);
  }

  String text() {
    StringBuilder s = new StringBuilder(header);
    s.append(
        "## Journal cursor baseline\n\n| what | sent | received | p50 / p95 / p99 / max (ms) |\n|---|---|---|---|\n");
    cursor.forEach(l -> s.append(l).append('\n'));
    s.append("\n## Idle subscribers (one connection, one filtered subscription each)\n\n")
        .append(
            "| server | subscribers | heap before (MB) | heap after (MB) | heap per subscriber (KB) | class histogram per subscriber (KB) | RSS (MB) | RSS per subscriber (KB) | open files | CPU while idle, with / without them (% of a core) | load average (1 min) | connect time |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    idle.forEach(l -> s.append(l).append('\n'));
    s.append("\n## Fan-out\n\n")
        .append(
            "| server | subscribers | writes/s | p50 / p95 / p99 / max (ms) | messages/s delivered | delivered / expected | every message | failed writes | frames before ack | load average (1 min) at the end | server CPU per message delivered (µs; by thread kind) |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    fanOut.forEach(l -> s.append(l).append('\n'));
    return s.toString();
  }

  void write(Path out) throws IOException {
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, text());
  }

  private static String percentiles(Histogram h) {
    return String.format(
        Locale.ROOT,
        "%.1f / %.1f / %.1f / %.1f",
        h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(95) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0,
        h.getMaxValue() / 1000.0);
  }
}
