package dev.cairn.client.internal;

import dev.cairn.client.CairnEvent;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the sync engine's life cycle on the engine thread: subscribe, then sync, then live; the
 * outbox drains from start on and again as soon as the connection is back. A lost connection is
 * reconnected with jittered backoff, then the models are delta-synced to catch up on what was
 * missed. A failed sync round is retried with backoff; a full sync is scheduled when due. Flags
 * catch up (query after subscribe) before each sync round and go stale when the connection does.
 */
public final class Orchestrator implements SubscriptionProcessor.Listener {
  private static final System.Logger LOG = System.getLogger(Orchestrator.class.getName());

  private final Engine engine;
  private final SubscriptionProcessor subscriptions;
  private final SyncProcessor sync;
  private final MutationProcessor mutations;
  private final FlagSync flags;
  private boolean started;
  private boolean online;
  private int reconnectAttempt;
  private int syncAttempt;
  private Scheduler.Cancellable timer;

  public Orchestrator(Engine engine, FlagSync flags) {
    this.engine = engine;
    this.flags = flags;
    this.subscriptions = new SubscriptionProcessor(engine, this, flags);
    this.sync = new SyncProcessor(engine);
    this.mutations = new MutationProcessor(engine);
  }

  public MutationProcessor mutations() {
    return mutations;
  }

  /** Starts syncing (any thread). Starting a started engine does nothing. */
  public void start() {
    engine
        .scheduler()
        .execute(
            () -> {
              if (started) {
                return;
              }
              started = true;
              reconnectAttempt = 0;
              mutations.start();
              flags.resolveUser();
              subscriptions.connect();
            });
  }

  /** Runs a sync round now when the engine is live (any thread), e.g. after a scope change. */
  public void syncNow() {
    engine
        .scheduler()
        .execute(
            () -> {
              if (started && online) {
                syncAttempt = 0;
                runSync();
              }
            });
  }

  /**
   * Stops syncing (any thread); local reads and writes keep working.
   *
   * @return completes once the engine has stopped
   */
  public CompletableFuture<Void> stop() {
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    engine
        .scheduler()
        .execute(
            () -> {
              try {
                stopNow();
              } finally {
                stopped.complete(null);
              }
            });
    return stopped;
  }

  private void stopNow() {
    if (!started) {
      return;
    }
    started = false;
    cancelTimer();
    subscriptions.disconnect();
    mutations.stop();
    flags.offline();
    if (online) {
      online = false;
      engine.events().publish(new CairnEvent.NetworkStatus(false));
    }
  }

  @Override
  public void established() {
    if (!started) {
      return;
    }
    reconnectAttempt = 0;
    online = true;
    engine.events().publish(new CairnEvent.NetworkStatus(true));
    engine.events().publish(new CairnEvent.SubscriptionsEstablished());
    mutations.retryNow();
    flags.catchUp();
    syncAttempt = 0;
    runSync();
  }

  private void runSync() {
    if (!started || !online) {
      return;
    }
    try {
      sync.runRound();
      syncAttempt = 0;
      engine.events().publish(new CairnEvent.Ready());
      scheduleFullSync();
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "sync round failed; retrying", e);
      syncAttempt++;
      schedule(this::runSync, engine.retryPolicy().delay(syncAttempt));
    }
  }

  private void scheduleFullSync() {
    long wait = Math.max(0, sync.nextFullSyncDue() - engine.clock().millis());
    schedule(this::runSync, Duration.ofMillis(Math.max(wait, 1000)));
  }

  @Override
  public void lost(String reason) {
    if (!started) {
      return;
    }
    cancelTimer();
    flags.offline();
    if (online) {
      online = false;
      engine.events().publish(new CairnEvent.NetworkStatus(false));
    }
    reconnectAttempt++;
    schedule(subscriptions::connect, engine.retryPolicy().delay(reconnectAttempt));
  }

  private void schedule(Runnable task, Duration delay) {
    cancelTimer();
    timer =
        engine
            .scheduler()
            .schedule(
                () -> {
                  timer = null;
                  task.run();
                },
                delay);
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }
}
