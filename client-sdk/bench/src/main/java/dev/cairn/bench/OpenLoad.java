package dev.cairn.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.HdrHistogram.Histogram;

/**
 * Requests sent at a fixed rate (an open loop), whatever the server's answer time: request {@code
 * i} is due at {@code start + i / rate}, and its latency is measured from when it was due, not from
 * when a worker got round to sending it, so a stalled server is charged for the requests queued
 * behind the stall (no coordinated omission). Each worker sends one request at a time.
 */
final class OpenLoad {
  private OpenLoad() {}

  /**
   * @param senders one blocking request sender per worker (each given the request's number)
   * @return latency in microseconds, from each request's due time to its answer
   */
  static Histogram run(IntConsumer[] senders, double ratePerSecond, int requests, int base)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    long intervalNanos = (long) (1e9 / ratePerSecond);
    long start = System.nanoTime() + 50_000_000L;
    ExecutorService pool = Executors.newFixedThreadPool(senders.length);
    List<Future<Histogram>> futures = new ArrayList<>();
    for (IntConsumer send : senders) {
      futures.add(
          pool.submit(
              () -> {
                Histogram h = new Histogram(60_000_000L, 3);
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                  long due = start + i * intervalNanos;
                  long wait;
                  while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                  }
                  send.accept(base + i);
                  h.recordValue(Math.min((System.nanoTime() - due) / 1000, 60_000_000L));
                }
                return h;
              }));
    }
    Histogram all = new Histogram(60_000_000L, 3);
    for (Future<Histogram> f : futures) {
      all.add(f.get());
    }
    pool.shutdown();
    return all;
  }
}
