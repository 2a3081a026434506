package dev.cairn.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;

/**
 * One fan-out measurement: writes at a fixed rate spread round-robin over {@code topics} filters, a
 * warm-up whose receipts are counted but not timed, then the measured writes. The subscribers are
 * in {@link LoadGenerators}; acknowledgement times are taken here and handed to them at the end.
 */
final class FanOutRun {
  record Result(
      String server,
      int subscribers,
      int rate,
      int measuredWrites,
      long expected,
      long delivered,
      long failedWrites,
      long beforeAck,
      double messagesPerSecond,
      Histogram latencyMicros,
      double loadAverage,
      double serverCpuMicrosPerMessage,
      String serverThreads) {
    boolean everyMessageDelivered() {
      return delivered == expected && failedWrites == 0;
    }
  }

  /**
   * Writes awaiting their acknowledgement at most; the next waits. The JDK HttpClient opens one
   * connection per concurrent HTTP/1.1 request: unbounded, a server slowed by a loaded machine got
   * ~600 connections from the writer, which with 19,000 subscribers took its last file descriptors.
   */
  private static final int WRITES_IN_FLIGHT = Integer.getInteger("bench.writesInFlight", 32);

  private FanOutRun() {}

  /**
   * The server's CPU time (all threads) and its threads' ticks when the measured writes begin; the
   * difference at the end, over the messages delivered, is the server's CPU per message (warm-up
   * and start-up excluded; the last seconds of waiting for stragglers, nearly idle, included).
   */
  private record ServerCpu(long nanos, ServerThreads threads) {
    static ServerCpu of(ProcessHandle process) {
      return new ServerCpu(
          process.info().totalCpuDuration().orElseThrow().toNanos(), ServerThreads.start(process));
    }
  }

  static Result run(
      String server,
      int subscribers,
      int topics,
      Publisher publisher,
      LoadGenerators receivers,
      int rate,
      int warmUpSeconds,
      int seconds,
      ProcessHandle serverProcess,
      ServerRecording jfr)
      throws Exception {
    int warm = rate * warmUpSeconds;
    int total = warm + rate * seconds;
    receivers.startRun(total);
    AtomicLongArray acks = new AtomicLongArray(total);
    AtomicInteger next = new AtomicInteger();
    AtomicLong failures = new AtomicLong();
    AtomicLong measureStart = new AtomicLong();
    CompletableFuture<ServerCpu> cpuAtStart = new CompletableFuture<>();
    String phase =
        "fanout-" + subscribers + "-" + server.replaceAll("[^A-Za-z0-9.#-]+", "_").replace("#", "");
    CountDownLatch acknowledged = new CountDownLatch(total);
    Semaphore inFlight = new Semaphore(WRITES_IN_FLIGHT);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    timer.scheduleAtFixedRate(
        () -> {
          int seq = next.getAndIncrement();
          if (seq >= total) {
            return;
          }
          if (seq == warm) {
            measureStart.set(System.nanoTime());
            // off the timer thread: jcmd takes a while
            CompletableFuture.runAsync(
                () -> {
                  cpuAtStart.complete(ServerCpu.of(serverProcess));
                  try {
                    jfr.start(phase);
                  } catch (Exception e) {
                    System.err.println("could not start the server's recording: " + e);
                  }
                });
          }
          inFlight.acquireUninterruptibly();
          publisher
              .publish(seq, seq % topics)
              .whenComplete(
                  (v, e) -> {
                    inFlight.release();
                    if (e == null) {
                      acks.set(seq, System.nanoTime());
                    } else {
                      failures.incrementAndGet();
                      if (failures.get() < 5) {
                        System.err.println("write " + seq + " failed: " + e);
                      }
                    }
                    acknowledged.countDown();
                  });
        },
        0,
        1_000_000_000L / rate,
        TimeUnit.NANOSECONDS);
    acknowledged.await(warmUpSeconds + seconds + 120, TimeUnit.SECONDS);
    timer.shutdownNow();
    long perTopic = subscribers / topics;
    long expectedTotal = (long) total * perTopic;
    long expectedMeasured = (long) (total - warm) * perTopic;
    // Wait for stragglers: until everything arrived, or nothing arrived for 10 s.
    long lastCount = -1;
    long quietSince = System.nanoTime();
    for (long count = receivers.delivered();
        count < expectedTotal && System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(10);
        count = receivers.delivered()) {
      if (count != lastCount) {
        lastCount = count;
        quietSince = System.nanoTime();
      }
      Thread.sleep(200);
    }
    ServerCpu start = cpuAtStart.get(60, TimeUnit.SECONDS);
    double cpuMicros = (ServerCpu.of(serverProcess).nanos - start.nanos) / 1e3;
    jfr.stop(phase);
    long[] ackNanos = new long[total];
    for (int i = 0; i < total; i++) {
      ackNanos[i] = acks.get(i);
    }
    FanOutProbe.Summary summary = receivers.finish(ackNanos, warm);
    double window = (summary.lastReceiptNanos() - measureStart.get()) / 1e9;
    return new Result(
        server,
        subscribers,
        rate,
        total - warm,
        expectedMeasured,
        summary.deliveredMeasured(),
        failures.get(),
        summary.beforeAck(),
        summary.deliveredMeasured() / Math.max(window, seconds),
        summary.latency(),
        IdleSnapshot.currentLoadAverage(),
        cpuMicros / Math.max(1, summary.deliveredMeasured()),
        start.threads.summary((int) Math.min(Integer.MAX_VALUE, summary.deliveredMeasured())));
  }
}
