package dev.cairn.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * CPU time of the server's threads by kind between {@link #start} and {@link #summary}, from {@code
 * /proc/<pid>/task/<tid>/stat} (Linux; 10 ms ticks): how much of the server's CPU per request its
 * request threads spend, and how much goes to the change feed, garbage collection, the JIT
 * compilers and everything else (Hazelcast, timers). A thread that ends in between is not counted.
 */
final class ServerThreads {
  private static final long TICK_NANOS = 10_000_000L; // USER_HZ = 100 on Linux

  private final long pid;
  private final Map<String, Long> before;

  private ServerThreads(long pid) {
    this.pid = pid;
    this.before = ticksByThread(pid);
  }

  static ServerThreads start(ProcessHandle server) {
    return new ServerThreads(server.pid());
  }

  /** CPU µs per request by kind of thread, e.g. {@code request threads 412, GC 80, ...}. */
  String summary(int requests) {
    return format(perRequest(requests));
  }

  /** {@link #perRequest} as text, e.g. {@code request threads 412, GC 80, ...}. */
  static String format(Map<String, Double> microsByKind) {
    StringJoiner out = new StringJoiner(", ");
    microsByKind.forEach(
        (kind, micros) -> out.add(String.format(Locale.ROOT, "%s %.0f", kind, micros)));
    return out.toString();
  }

  /** CPU µs per request by kind of thread, in a fixed order of kinds. */
  Map<String, Double> perRequest(int requests) {
    Map<String, Long> now = ticksByThread(pid);
    Map<String, Long> byKind = new LinkedHashMap<>();
    for (String kind :
        new String[] {"request threads", "change feed", "realtime send", "GC", "JIT", "other"}) {
      byKind.put(kind, 0L);
    }
    for (Map.Entry<String, Long> thread : now.entrySet()) {
      String tid = thread.getKey();
      long delta = thread.getValue() - before.getOrDefault(tid, 0L);
      String name = tid.substring(tid.indexOf(' ') + 1);
      byKind.merge(kind(name), delta, Long::sum);
    }
    Map<String, Double> micros = new LinkedHashMap<>();
    byKind.forEach((kind, ticks) -> micros.put(kind, ticks * TICK_NANOS / 1000.0 / requests));
    return micros;
  }

  private static String kind(String name) {
    if (name.startsWith("http-thread-poo")) {
      return "request threads";
    }
    if (name.startsWith("cairn-change-fe")) {
      return "change feed";
    }
    if (name.startsWith("cairn-realtime-")) {
      return "realtime send";
    }
    if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
      return "GC";
    }
    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
      return "JIT";
    }
    return "other";
  }

  /** "tid comm" to utime + stime in ticks, for every thread of the process. */
  private static Map<String, Long> ticksByThread(long pid) {
    Map<String, Long> ticks = new HashMap<>();
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc", "" + pid, "task"))) {
      for (Path task : tasks) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          String comm = stat.substring(open + 1, close);
          String[] fields = stat.substring(close + 2).split(" ");
          // fields[0] is the state (field 3); utime and stime are fields 14 and 15
          long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          ticks.put(task.getFileName() + " " + comm, used);
        } catch (IOException | RuntimeException e) {
          // the thread ended while we looked
        }
      }
    } catch (IOException e) {
      return ticks; // not Linux, or the process is gone: no breakdown
    }
    return ticks;
  }
}
