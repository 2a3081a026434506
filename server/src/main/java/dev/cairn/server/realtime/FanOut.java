package dev.cairn.server.realtime;

import dev.cairn.server.changes.ChangeEntry;
import dev.cairn.server.realtime.SubscriptionRegistry.Registration;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers one change to every local subscription that wants it. Subscribers are found through the
 * registry's (tenant, model, operation) index; each is asked whether it wants the change (filter,
 * owner and {@code @auth}), the change is rendered once per distinct render key and encoded once,
 * and only the small per-subscriber envelope is built per delivery. Sending never blocks.
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
    Set<Registration> subscribers =
        registry.subscribers(change.tenant(), change.model(), change.operation());
    if (subscribers.isEmpty()) {
      return 0;
    }
    Map<Object, byte[]> rendered = new HashMap<>();
    int sent = 0;
    for (Registration registration : subscribers) {
      CompiledSubscription subscription = registration.subscription;
      try {
        if (!subscription.wants(change)) {
          continue;
        }
        byte[] payload =
            rendered.computeIfAbsent(
                subscription.renderKey(change),
                k -> subscription.render(change).getBytes(StandardCharsets.UTF_8));
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
    return sent;
  }
}
