package dev.cairn.server.figures;

import dev.cairn.server.realtime.RealtimeService;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Samples this node's open realtime connections per tenant every {@value #SAMPLE_SECONDS} seconds
 * into {@link TrafficFigures}, so a bucket shows the most connections seen open during it (a
 * connection shorter than a sample period may go unseen).
 */
@ApplicationScoped
public class ConnectionSampler {
  static final int SAMPLE_SECONDS = 2;

  @Inject RealtimeService realtime;
  @Inject TrafficFigures figures;

  @Resource ManagedScheduledExecutorService scheduler;

  private ScheduledFuture<?> sampling;

  void start(@Observes @Initialized(ApplicationScoped.class) Object application) {
    sampling = scheduler.scheduleAtFixedRate(this::sample, 0, SAMPLE_SECONDS, TimeUnit.SECONDS);
  }

  void sample() {
    if (realtime.realtime() != null) {
      realtime.realtime().registry().connectionsByTenant().forEach(figures::recordConnections);
    }
  }

  @PreDestroy
  void stop() {
    if (sampling != null) {
      sampling.cancel(false);
    }
  }
}
