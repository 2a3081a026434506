package dev.cairn.client.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where the engine runs its work: tasks in submission order on one logical thread, and delayed
 * tasks. Injected so that tests run delays by advancing a clock instead of sleeping.
 */
public interface Scheduler {

  void execute(Runnable task);

  /** Runs {@code task} after {@code delay}; the returned handle cancels it. */
  Cancellable schedule(Runnable task, Duration delay);

  /** A scheduled task that can be cancelled. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }

  /** A scheduler over a single-threaded {@link ScheduledExecutorService}. */
  static Scheduler of(ScheduledExecutorService executor) {
    return new Scheduler() {
      @Override
      public void execute(Runnable task) {
        executor.execute(task);
      }

      @Override
      public Cancellable schedule(Runnable task, Duration delay) {
        ScheduledFuture<?> future =
            executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
      }
    };
  }
}
