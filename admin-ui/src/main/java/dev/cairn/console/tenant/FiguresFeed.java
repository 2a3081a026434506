package dev.cairn.console.tenant;

import dev.cairn.console.api.AdminApi;
import dev.cairn.console.api.AdminApiException;
import dev.cairn.console.security.RefreshingToken;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.faces.push.Push;
import jakarta.faces.push.PushContext;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Pushes each open dashboard its tenant's figures as the server's 10-second buckets close, over the
 * Faces WebSocket channel {@value #CHANNEL} of the signed-in user ({@code f:websocket user=...}),
 * so the page is updated without asking. Each watch reads the figures with its own user's token
 * ({@link RefreshingToken}), so the server authorizes every read as that user: a user removed from
 * the tenant, or whose session ended, gets a last message saying so and no more figures.
 *
 * <p>A watch ends when its view is destroyed (the page was left: OmniFaces' view scope sees the
 * unload), when the server refuses the read, or when no socket of its user has been open for
 * {@value #UNHEARD_TICKS} ticks (the browser went away without unloading). Thread-safe.
 */
@ApplicationScoped
public class FiguresFeed {
  /** The Faces WebSocket channel the dashboard listens on. */
  public static final String CHANNEL = "figures";

  static final long TICK_MILLIS = 10_000;
  static final int UNHEARD_TICKS = 3;
  private static final Logger LOG = Logger.getLogger(FiguresFeed.class.getName());

  @Inject AdminApi api;
  @Inject Clock clock;

  @Inject
  @Push(channel = CHANNEL)
  PushContext push;

  @Resource ManagedScheduledExecutorService scheduler;

  private final Map<String, Watch> watches = new ConcurrentHashMap<>();
  private ScheduledFuture<?> ticks;

  /** One open dashboard: whose, which tenant, and how to call as its user. */
  record Watch(String user, String tenant, AdminApi.Caller caller, int[] unheard) {}

  @PostConstruct
  void start() {
    // Just after each bucket closes on the server's 10-second grid.
    long delay = TICK_MILLIS - clock.millis() % TICK_MILLIS + 500;
    ticks = scheduler.scheduleAtFixedRate(this::tick, delay, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    if (ticks != null) {
      ticks.cancel(false);
    }
  }

  /** Starts pushing {@code tenant}'s figures to {@code user}'s sockets, until {@link #unwatch}. */
  void watch(String key, String user, String tenant, AdminApi.Caller caller) {
    watches.put(key, new Watch(user, tenant, caller, new int[1]));
  }

  void unwatch(String key) {
    watches.remove(key);
  }

  /** Open watches; for tests. */
  int watching() {
    return watches.size();
  }

  /** Reads and pushes every watched dashboard's figures once. */
  void tick() {
    watches.forEach(
        (key, watch) -> {
          try {
            push(key, watch);
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "figures of " + watch.tenant() + " not pushed", e);
          }
        });
  }

  private void push(String key, Watch watch) {
    String message;
    try {
      JsonObject figures =
          api.getObject(watch.caller(), "tenants/" + AdminApi.segment(watch.tenant()) + "/figures");
      message = DashboardFigures.of(figures).message(watch.tenant());
    } catch (RefreshingToken.Ended e) {
      end(key, watch, "your session ended; sign in again to see live figures");
      return;
    } catch (AdminApiException e) {
      if (e.status() == 401 || e.status() == 403 || e.status() == 404) {
        end(key, watch, e.getMessage());
        return;
      }
      throw e;
    }
    boolean heard = !push.send(message, watch.user()).isEmpty();
    watch.unheard()[0] = heard ? 0 : watch.unheard()[0] + 1;
    if (watch.unheard()[0] >= UNHEARD_TICKS) {
      watches.remove(key);
    }
  }

  private void end(String key, Watch watch, String why) {
    watches.remove(key);
    push.send(DashboardFigures.ended(watch.tenant(), why), watch.user());
  }
}
