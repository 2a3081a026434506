package dev.cairn.server.tenancy;

import dev.cairn.server.changes.ChangeJournal;
import dev.cairn.server.data.RecordStore;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs {@link Retention} on this node a minute after start and then every {@code
 * cairn.sync.retention-check-minutes} (60); the retention itself is {@code
 * cairn.sync.tombstone-retention-days} (30), the same setting sync uses to answer old {@code
 * lastSync}s with a base sync.
 */
@ApplicationScoped
public class RetentionService {
  private static final Logger LOG = Logger.getLogger(RetentionService.class.getName());

  @Inject ControlPlaneTransactions controlPlane;
  @Inject RecordStore store;
  @Inject ChangeJournal journal;
  @Inject Clock clock;
  @Resource ManagedScheduledExecutorService scheduler;

  @Inject
  @ConfigProperty(name = "cairn.sync.tombstone-retention-days", defaultValue = "30")
  int retentionDays;

  @Inject
  @ConfigProperty(name = "cairn.sync.retention-check-minutes", defaultValue = "60")
  long everyMinutes;

  private ScheduledFuture<?> task;

  void start(@Observes @Initialized(ApplicationScoped.class) Object application) {
    Retention retention =
        new Retention(controlPlane, store, journal, clock, Duration.ofDays(retentionDays));
    task =
        scheduler.scheduleWithFixedDelay(
            () -> {
              try {
                retention.run();
              } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "the retention run failed; it runs again later", e);
              }
            },
            1,
            everyMinutes,
            TimeUnit.MINUTES);
  }

  @PreDestroy
  void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }
}
