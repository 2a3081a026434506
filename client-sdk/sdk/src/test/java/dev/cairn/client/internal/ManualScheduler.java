package dev.cairn.client.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * A scheduler whose time moves only when the test says so: {@link #runPending()} runs queued tasks,
 * {@link #advance(Duration)} moves time and runs what fell due. Single-threaded.
 */
final class ManualScheduler implements Scheduler {
  private record Timed(long at, Runnable task, long seq) {}

  private final Deque<Runnable> now = new ArrayDeque<>();
  private final List<Timed> later = new ArrayList<>();
  private final List<Duration> requestedDelays = new ArrayList<>();
  private long time;
  private long seq;

  @Override
  public void execute(Runnable task) {
    now.add(task);
  }

  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    requestedDelays.add(delay);
    Timed timed = new Timed(time + delay.toMillis(), task, seq++);
    later.add(timed);
    return () -> later.remove(timed);
  }

  void runPending() {
    while (!now.isEmpty()) {
      now.poll().run();
    }
  }

  void advance(Duration by) {
    long until = time + by.toMillis();
    runPending();
    while (true) {
      Timed next =
          later.stream()
              .filter(t -> t.at() <= until)
              .min(Comparator.comparingLong(Timed::at).thenComparingLong(Timed::seq))
              .orElse(null);
      if (next == null) {
        break;
      }
      later.remove(next);
      time = next.at();
      next.task().run();
      runPending();
    }
    time = until;
  }

  List<Duration> requestedDelays() {
    return requestedDelays;
  }
}
