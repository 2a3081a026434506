package dev.cairn.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Collects a client's events; tests wait on it for an event instead of sleeping. */
final class EventLog {
  private final List<CairnEvent> events = new ArrayList<>();

  synchronized void add(CairnEvent event) {
    events.add(event);
    notifyAll();
  }

  synchronized List<CairnEvent> all() {
    return List.copyOf(events);
  }

  synchronized long count(Predicate<CairnEvent> match) {
    return events.stream().filter(match).count();
  }

  /** Waits until at least {@code n} events match; fails after {@code timeout}. */
  synchronized void await(Predicate<CairnEvent> match, long n, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (count(match) < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("timed out waiting for " + n + " matching events; saw " + events);
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  void await(Predicate<CairnEvent> match) throws InterruptedException {
    await(match, 1, Duration.ofSeconds(60));
  }
}
