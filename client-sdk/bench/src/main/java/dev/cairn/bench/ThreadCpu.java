package dev.cairn.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU time of this JVM's threads whose names match, between {@link #start} and {@link #nanos}: what
 * the SDK client itself spends (its {@code cairn-sync} engine thread and the JDK HTTP client's
 * threads), apart from the embedded MongoDB and the test stack living in the same JVM. On a machine
 * loaded far beyond its cores, CPU time per record is the figure the load moves least. A matching
 * thread that ends in between is not counted.
 */
final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private final Predicate<String> names;
  private final Map<Long, Long> before = new HashMap<>();

  private ThreadCpu(Predicate<String> names) {
    this.names = names;
    before.putAll(snapshot());
  }

  static ThreadCpu start(Predicate<String> names) {
    return new ThreadCpu(names);
  }

  /** The SDK's threads: its engine and the JDK HTTP client's selector and workers. */
  static ThreadCpu sdk() {
    return start(n -> n.equals("cairn-sync") || n.startsWith("HttpClient-"));
  }

  long nanos() {
    long total = 0;
    for (Map.Entry<Long, Long> now : snapshot().entrySet()) {
      total += now.getValue() - before.getOrDefault(now.getKey(), 0L);
    }
    return total;
  }

  private Map<Long, Long> snapshot() {
    Map<Long, Long> cpu = new HashMap<>();
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null && names.test(info.getThreadName())) {
        long t = THREADS.getThreadCpuTime(info.getThreadId());
        if (t >= 0) {
          cpu.put(info.getThreadId(), t);
        }
      }
    }
    return cpu;
  }

  /** CPU time of the calling thread. */
  static long current() {
    return THREADS.getCurrentThreadCpuTime();
  }
}
