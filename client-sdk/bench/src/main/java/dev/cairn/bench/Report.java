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

  void machine(int rate, int warmUp, int seconds, String heap, int clientThreads) {
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
        .append("); the load generator (")
        .append(clientThreads)
        .append(
            " Netty client threads, the JDK HttpClient for writes) and the embedded MongoDB run in the")
        .append(
            " benchmark's JVM, and Keycloak idles in a third: every part shares the same cores.")
        .append(" Writes: ")
        .append(rate)
        .append("/s round-robin over 10 subscription filters, ")
        .append(warmUp)
        .append(" s warm-up (not timed), ")
        .append(seconds)
        .append(" s measured.")
        .append(" Latency: from the write's acknowledgement (HTTP response) to receipt at each")
        .append(" subscriber; a frame that overtakes its own acknowledgement counts as 0.\n\n");
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

  void idle(
      String server,
      int connections,
      long heapBeforeKb,
      long heapAfterKb,
      long rssBeforeKb,
      long rssAfterKb,
      double connectSeconds) {
    idle.add(
        String.format(
            Locale.ROOT,
            "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f s |",
            server,
            connections,
            heapBeforeKb / 1024.0,
            heapAfterKb / 1024.0,
            (heapAfterKb - heapBeforeKb) / (double) connections,
            (rssAfterKb - rssBeforeKb) / (double) connections,
            connectSeconds));
  }

  void fanOut(FanOutRun.Result r) {
    fanOut.add(
        String.format(
            Locale.ROOT,
            "| %s | %d | %d | %s | %.0f | %d / %d | %s | %d | %d |",
            r.server(),
            r.subscribers(),
            r.rate(),
            percentiles(r.latencyMicros()),
            r.messagesPerSecond(),
            r.delivered(),
            r.expected(),
            r.everyMessageDelivered() ? "yes" : "NO",
            r.failedWrites(),
            r.beforeAck()));
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
            "| server | subscribers | heap before (MB) | heap after (MB) | heap per subscriber (KB) | RSS per subscriber (KB) | connect time |\n")
        .append("|---|---|---|---|---|---|---|\n");
    idle.forEach(l -> s.append(l).append('\n'));
    s.append("\n## Fan-out\n\n")
        .append(
            "| server | subscribers | writes/s | p50 / p95 / p99 / max (ms) | messages/s delivered | delivered / expected | every message | failed writes | frames before ack |\n")
        .append("|---|---|---|---|---|---|---|---|---|\n");
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
