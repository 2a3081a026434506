package dev.cairn.server.realtime;

import java.time.Instant;

/**
 * Who opened a realtime connection or subscription, as established by the tenant's authentication
 * from the auth headers the client sent. Mostly opaque to realtime: it is handed back to the {@link
 * SubscriptionBackend} when a subscription is compiled or its credentials are checked again.
 */
public interface Subscriber {
  /**
   * When the credential ends by itself (a token's {@code exp}, with the skew authentication
   * allows): realtime ends the subscriptions made with it then. {@link Instant#MAX} for none.
   */
  default Instant expiresAt() {
    return Instant.MAX;
  }

  /**
   * The credential this subscriber proved, e.g. {@code apikey:<key id>}, so that a revoked
   * credential's subscriptions can be ended at once; empty when none applies.
   */
  default String credential() {
    return "";
  }
}
