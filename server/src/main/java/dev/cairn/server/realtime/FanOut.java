package dev.cairn.server.realtime;

import dev.cairn.server.changes.ChangeEntry;
import dev.cairn.server.realtime.SubscriptionRegistry.Group;
import dev.cairn.server.realtime.SubscriptionRegistry.Registration;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers one change to every local subscription that wants it. Subscriptions are found through
 * the registry's (tenant, model, operation) index, in groups of subscriptions that want and render
 * every change identically ({@link CompiledSubscription#groupKey()}: same filter, {@code owner}
 * argument and {@code @auth} read scope). Each group is asked once whether it wants the change, the
 * change is rendered once per distinct render key and encoded once, and only the small
 * per-subscriber envelope is built per delivery. What renderings share (e.g. the parent record of a
 * {@code @belongsTo} field, read once) lives in one {@link ChangeInFlight} per change. Sending
 * never blocks: the connection queues the frame and its own sender writes it.
 */
public final class FanOut {
  private static final Logger LOG = Logger.getLogger(FanOut.class.getName());

  /** How far behind the journal the fan-out may fall before it says so. */
  private static final long LAG_WARNING_MS = 1_000;

  private static final long LAG_REPORT_EVERY_MS = 10_000;

  private final SubscriptionRegistry registry;
  private long lastLagReport;

  public FanOut(SubscriptionRegistry registry) {
    this.registry = registry;
  }

  /**
   * Warns (at most every 10 s) when changes reach the fan-out more than a second after they were
   * written: subscribers then see every change late, whatever the send path does.
   */
  private void checkLag(ChangeEntry change) {
    long now = System.currentTimeMillis();
    long lag = now - change.lastChangedAt();
    if (lag > LAG_WARNING_MS && now - lastLagReport > LAG_REPORT_EVERY_MS) {
      lastLagReport = now;
      LOG.warning(
          "realtime fan-out is "
              + lag
              + " ms behind the change journal (change of "
              + change.model()
              + " "
              + change.recordId()
              + "): the change feed delivers late");
    }
  }

  /**
   * Delivers a change.
   *
   * @return how many subscriptions it was sent to
   */
  public int publish(ChangeEntry change) {
    checkLag(change);
    Collection<Group> groups = registry.groups(change.tenant(), change.model(), change.operation());
    if (groups.isEmpty()) {
      return 0;
    }
    Map<Object, byte[]> rendered = new HashMap<>();
    ChangeInFlight inFlight = new ChangeInFlight(change);
    int sent = 0;
    for (Group group : groups) {
      Registration[] members = group.members();
      if (members.length == 0) {
        continue;
      }
      CompiledSubscription subscription = group.subscription;
      byte[] payload;
      try {
        if (!subscription.wants(change)) {
          continue;
        }
        payload =
            rendered.computeIfAbsent(
                subscription.renderKey(inFlight),
                k -> subscription.render(inFlight).getBytes(StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING,
            "could not deliver a change of "
                + change.model()
                + " to "
                + members.length
                + " subscription(s) such as "
                + members[0].id,
            e);
        continue;
      }
      for (Registration registration : members) {
        try {
          registration.session.deliver(registration, payload);
          sent++;
        } catch (RuntimeException e) {
          LOG.log(
              Level.WARNING,
              "could not deliver a change of "
                  + change.model()
                  + " to subscription "
                  + registration.id,
              e);
        }
      }
    }
    return sent;
  }
}
