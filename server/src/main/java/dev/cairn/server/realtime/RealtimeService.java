package dev.cairn.server.realtime;

import com.mongodb.client.MongoClient;
import dev.cairn.server.changes.ChangeFeed;
import dev.cairn.server.changes.ChangeFeedTracing;
import dev.cairn.server.realtime.websocket.CloseCodes;
import dev.cairn.server.realtime.websocket.SendThreads;
import dev.cairn.server.tenancy.ApiKeyRevoked;
import io.opentelemetry.api.trace.Tracer;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.File;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs realtime on this node: starts with the application, tails the change journal with one cursor
 * into the fan-out, ticks keep-alives, checks open subscriptions against their credentials and the
 * active schema every second, and closes every connection with 1001 when the node stops (clients
 * reconnect and catch up through delta sync). The node's feed position is stored under {@code
 * cairn.node.id} ({@code CAIRN_NODE_ID}); by default the host name and the Payara instance's root
 * folder, which stay the same across restarts of one node.
 */
@ApplicationScoped
public class RealtimeService {
  private static final Logger LOG = Logger.getLogger(RealtimeService.class.getName());
  private static final long TICK_SECONDS = 5;

  /**
   * How often open subscriptions are checked against their credentials and the active schema. A key
   * revoked on another node is seen here within this plus the credential cache's 1.5 s: 2 s, as
   * HTTP promises.
   */
  private static final long RECHECK_MILLIS = 500;

  @Inject SubscriptionBackend backend;
  @Inject MongoClient mongo;
  @Inject Clock clock;
  @Inject Tracer tracer;

  /** MicroProfile Telemetry's own switch: with traces off the change feed builds no spans. */
  @Inject
  @ConfigProperty(name = "otel.sdk.disabled", defaultValue = "true")
  boolean tracesDisabled;

  @Resource ManagedThreadFactory threads;
  @Resource ManagedScheduledExecutorService scheduler;

  @Inject
  @ConfigProperty(name = "cairn.node.id")
  Optional<String> configuredNodeId;

  /** Connections per second one remote address may open before they authenticate. */
  @Inject
  @ConfigProperty(name = "cairn.realtime.address-connections-per-second", defaultValue = "500")
  int addressConnectionsPerSecond;

  /** Connections of one remote address that may be open without having authenticated. */
  @Inject
  @ConfigProperty(name = "cairn.realtime.address-pending-connections", defaultValue = "1000")
  int addressPendingConnections;

  /**
   * File descriptors of this process that realtime connections leave for requests and the database;
   * a new realtime connection is refused (429) when it would take one of them.
   */
  @Inject
  @ConfigProperty(name = "cairn.realtime.reserved-files", defaultValue = "500")
  int reservedFiles;

  private Realtime realtime;
  private SendThreads sendThreads;
  private ChangeFeed feed;
  private ExecutorService fanOutHelpers;
  private ScheduledFuture<?> ticker;
  private ScheduledFuture<?> rechecker;

  void start(@Observes @Initialized(ApplicationScoped.class) Object application)
      throws InterruptedException {
    sendThreads = new SendThreads(Runtime.getRuntime().availableProcessors(), threads);
    RealtimeLimits limits =
        RealtimeLimits.defaults()
            .withAddressLimits(addressConnectionsPerSecond, addressPendingConnections);
    FileBudget files = FileBudget.ofThisProcess(reservedFiles, clock);
    realtime = new Realtime(backend, limits, clock, sendThreads, files);
    int cores = Runtime.getRuntime().availableProcessors();
    if (cores > 1) {
      fanOutHelpers = Executors.newFixedThreadPool(cores - 1, threads);
      realtime.fanOut().parallel(fanOutHelpers, cores);
    }
    String nodeId = configuredNodeId.orElseGet(RealtimeService::defaultNodeId);
    feed =
        new ChangeFeed(
                mongo,
                nodeId,
                realtime.fanOut()::publish,
                tracesDisabled ? ChangeFeedTracing.off() : new ChangeFeedTracing(() -> tracer),
                threads,
                clock)
            .start();
    ticker =
        scheduler.scheduleAtFixedRate(realtime::tick, TICK_SECONDS, TICK_SECONDS, TimeUnit.SECONDS);
    rechecker =
        scheduler.scheduleWithFixedDelay(
            realtime::recheck, RECHECK_MILLIS, RECHECK_MILLIS, TimeUnit.MILLISECONDS);
    LOG.info(
        "realtime started on node "
            + nodeId
            + (files.max() < 0
                ? ""
                : "; new connections leave "
                    + files.reserve()
                    + " of the process's "
                    + files.max()
                    + " file descriptors to requests and the database"));
  }

  /** Ends at once the subscriptions made with an API key revoked on this node. */
  void apiKeyRevoked(@Observes ApiKeyRevoked event) {
    if (realtime != null) {
      realtime.revoked(event.tenant(), "apikey:" + event.keyId());
    }
  }

  /** This node's realtime service. */
  public Realtime realtime() {
    return realtime;
  }

  @PreDestroy
  void stop() {
    if (ticker != null) {
      ticker.cancel(false);
    }
    if (rechecker != null) {
      rechecker.cancel(false);
    }
    if (realtime != null) {
      realtime.closeAll(CloseCodes.GOING_AWAY, "the server is stopping; reconnect");
    }
    if (feed != null) {
      try {
        feed.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (sendThreads != null) {
      sendThreads.close();
    }
    if (fanOutHelpers != null) {
      fanOutHelpers.shutdown();
    }
  }

  private static String defaultNodeId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    String root = System.getProperty("com.sun.aas.instanceRoot", "");
    return host + ":" + new File(root).getAbsolutePath();
  }
}
