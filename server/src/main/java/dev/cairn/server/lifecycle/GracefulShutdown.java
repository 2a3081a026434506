package dev.cairn.server.lifecycle;

import dev.cairn.server.Unproxied;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Drains HTTP on SIGTERM before the node stops: the node takes SIGTERM itself (instead of the JVM
 * starting its shutdown at once), answers new requests with 503 and readiness with DOWN, waits up
 * to {@code cairn.shutdown.drain-seconds} ({@code CAIRN_SHUTDOWN_DRAIN_SECONDS}) for the requests
 * in flight to finish, and then hands the signal to the JVM's own handler, which runs the normal
 * shutdown (realtime connections are closed with 1001 then, see {@code RealtimeService}). A second
 * SIGTERM while draining stops at once. With a bound of 0 the JVM handles SIGTERM as before.
 *
 * <p>The drain covers every WAR of the node that registers its requests with {@link NodeDrain} (the
 * console does): this WAR owns the signal, the others are stopped and waited for through the
 * platform MBean server.
 */
@ApplicationScoped
public class GracefulShutdown {
  /** This bean itself, not its client proxy (see {@link Unproxied}); it has no interceptors. */
  public Unproxied<GracefulShutdown> instance() {
    return new Unproxied<>(this);
  }

  private static final Logger LOG = Logger.getLogger(GracefulShutdown.class.getName());
  private static final Signal TERM = new Signal("TERM");

  @Inject
  @ConfigProperty(name = "cairn.shutdown.drain-seconds", defaultValue = "20")
  int drainSeconds;

  /** This WAR's name among the node's in-flight counts. */
  public static final String WAR = "server";

  private final InFlightRequests requests = new InFlightRequests();
  private final NodeDrain node = new NodeDrain(ManagementFactory.getPlatformMBeanServer());
  private final AtomicBoolean draining = new AtomicBoolean();
  private SignalHandler previous;

  void start(@Observes @Initialized(ApplicationScoped.class) Object application) {
    if (drainSeconds < 0) {
      throw new IllegalArgumentException(
          "cairn.shutdown.drain-seconds (CAIRN_SHUTDOWN_DRAIN_SECONDS) is "
              + drainSeconds
              + "; use 0 (no drain) or the most seconds in-flight requests may take after SIGTERM");
    }
    node.register(WAR, requests);
    if (drainSeconds > 0) {
      try {
        previous = Signal.handle(TERM, this::onTerm);
      } catch (IllegalArgumentException e) { // the JVM keeps SIGTERM (-Xrs): no drain
        LOG.warning(
            "SIGTERM cannot be taken (" + e.getMessage() + "); the node stops without draining");
      }
    }
  }

  /** The requests of this WAR, for the filter that admits them. */
  public InFlightRequests requests() {
    return requests;
  }

  /** The requests of every WAR of the node. */
  public NodeDrain node() {
    return node;
  }

  private void onTerm(Signal signal) {
    if (!draining.compareAndSet(false, true)) {
      previous.handle(signal); // a second SIGTERM: stop now
      return;
    }
    // Not on the signal dispatcher's thread, which must stay free for a second SIGTERM.
    Thread drain =
        new Thread(
            () -> {
              requests.stopAccepting();
              node.stopAccepting();
              LOG.info(
                  "SIGTERM: refusing new requests, waiting up to "
                      + drainSeconds
                      + " s for those in flight "
                      + node.inFlight());
              try {
                int left = node.awaitIdle(Duration.ofSeconds(drainSeconds));
                LOG.info(
                    left == 0
                        ? "drained: every request finished; stopping"
                        : left + " requests still in flight after the drain bound; stopping");
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              previous.handle(signal);
            },
            "cairn-drain");
    drain.setDaemon(true);
    drain.start();
  }

  @PreDestroy
  void stop() {
    node.unregister(WAR);
    if (previous != null && !draining.get()) {
      Signal.handle(TERM, previous); // undeployed without stopping the JVM: give SIGTERM back
    }
  }
}
