package dev.cairn.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Collects what a {@link Flags} listener hears; tests wait on it instead of sleeping. */
final class FlagLog {
  private final List<FlagChange> heard = new ArrayList<>();

  synchronized void add(FlagChange change) {
    heard.add(change);
    notifyAll();
  }

  synchronized List<FlagChange> all() {
    return List.copyOf(heard);
  }

  /** Waits until a change matches; fails after {@code timeout} naming what was heard. */
  synchronized FlagChange await(Predicate<FlagChange> match, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (FlagChange c : heard) {
        if (match.test(c)) {
          return c;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("timed out waiting for a flag change; heard " + heard);
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  synchronized void clear() {
    heard.clear();
  }
}
