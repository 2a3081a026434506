package dev.cairn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A server's state with a number of idle connections open: heap after full GCs ({@code jcmd
 * GC.heap_info}) and the sum and classes of {@code jcmd GC.class_histogram}, RSS, open files, and
 * the JVM's CPU over {@code idleSeconds} of idling (for Cairn: the {@code ka} every 30 s is all
 * that happens) beside the machine's 1-minute load average.
 */
record IdleSnapshot(
    int connections,
    long heapKb,
    long histogramBytes,
    Map<String, long[]> classes,
    long rssKb,
    long files,
    int idleSeconds,
    double cpuPercent,
    double loadAverage) {
  private static final Pattern HISTOGRAM_LINE =
      Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

  /** Measures {@code server}; {@code idleSeconds} 0 skips the CPU sample. */
  static IdleSnapshot take(ChildProcess server, int connections, int idleSeconds) throws Exception {
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
    double cpu = Double.NaN;
    if (idleSeconds > 0) {
      ProcessHandle handle = ProcessHandle.of(server.pid()).orElseThrow();
      Duration cpu0 = handle.info().totalCpuDuration().orElseThrow();
      long t0 = System.nanoTime();
      Thread.sleep(idleSeconds * 1000L);
      Duration cpu1 = handle.info().totalCpuDuration().orElseThrow();
      cpu = 100.0 * cpu1.minus(cpu0).toNanos() / (System.nanoTime() - t0);
    }
    return new IdleSnapshot(
        connections, heap, total, classes, rss, files, idleSeconds, cpu, currentLoadAverage());
  }

  /** Heap per connection (KB) against {@code base}. */
  double heapPerConnectionKb(IdleSnapshot base) {
    return (heapKb - base.heapKb) / (double) connections;
  }

  /** Class-histogram bytes per connection (KB) against {@code base}. */
  double histogramPerConnectionKb(IdleSnapshot base) {
    return (histogramBytes - base.histogramBytes) / (double) connections / 1024.0;
  }

  /** RSS per connection (KB) against {@code base}. */
  double rssPerConnectionKb(IdleSnapshot base) {
    return (rssKb - base.rssKb) / (double) connections;
  }

  static String header() {
    return "| connections | heap used (MB) | heap / connection (KB) | class histogram / connection"
        + " (KB) | RSS (MB) | RSS / connection (KB) | open files | CPU while idle (% of a"
        + " core) | load average (1 min) |\n|---|---|---|---|---|---|---|---|---|\n";
  }

  String row() {
    return String.format(
        Locale.ROOT,
        "| %,d | %.1f | | | %.1f | | %,d | %s | %.1f |",
        connections,
        heapKb / 1024.0,
        rssKb / 1024.0,
        files,
        cpu(),
        loadAverage);
  }

  String rowAgainst(IdleSnapshot base) {
    return String.format(
        Locale.ROOT,
        "| %,d | %.1f | **%.1f** | %.1f | %.1f | %.1f | %,d | %s | %.1f |",
        connections,
        heapKb / 1024.0,
        heapPerConnectionKb(base),
        histogramPerConnectionKb(base),
        rssKb / 1024.0,
        rssPerConnectionKb(base),
        files,
        cpu(),
        loadAverage);
  }

  /** The idle CPU figure with its sampling time, or "not sampled". */
  String cpu() {
    return Double.isNaN(cpuPercent)
        ? "not sampled"
        : String.format(Locale.ROOT, "%.1f (%d s)", cpuPercent, idleSeconds);
  }

  static long openFiles(long pid) throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      return fds.count();
    }
  }

  static double currentLoadAverage() throws IOException {
    return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
  }
}
