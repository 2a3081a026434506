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
 * per-subscriber envelope is built per delivery. Sending never blocks: the connection queues the
 * frame and its own sender writes it.
 */
public final class FanOut {
  private static final Logger LOG = Logger.getLogger(FanOut.class.getName());

  private final SubscriptionRegistry registry;

  public FanOut(SubscriptionRegistry registry) {
    this.registry = registry;
  }

  /**
   * Delivers a change.
   *
   * @return how many subscriptions it was sent to
   */
  public int publish(ChangeEntry change) {
    Collection<Group> groups = registry.groups(change.tenant(), change.model(), change.operation());
    if (groups.isEmpty()) {
      return 0;
    }
    Map<Object, byte[]> rendered = new HashMap<>();
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
                subscription.renderKey(change),
                k -> subscription.render(change).getBytes(StandardCharsets.UTF_8));
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
