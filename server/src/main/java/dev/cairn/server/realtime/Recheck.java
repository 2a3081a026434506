package dev.cairn.server.realtime;

import dev.cairn.server.ErrorType;
import dev.cairn.server.TenantId;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One round of checking every open subscription's credentials and schema again, answering each
 * distinct question once: a credential shared by thousands of subscriptions (one API key) is
 * checked once per round, and the schema once per compiled group. Used by one thread for one round.
 */
final class Recheck {
  private final SubscriptionBackend backend;
  private final Instant now;
  private final Map<Object, Optional<RealtimeException>> credentials = new HashMap<>();
  private final Map<CompiledSubscription, Boolean> current = new IdentityHashMap<>();

  Recheck(SubscriptionBackend backend, Instant now) {
    this.backend = backend;
    this.now = now;
  }

  /** Why the subscriber's credentials ended, or null while they hold. */
  RealtimeException credentialsEnded(
      TenantId tenant, Subscriber subscriber, Map<String, String> headers) {
    Instant expiresAt = subscriber.expiresAt();
    if (!now.isBefore(expiresAt)) {
      return new RealtimeException(
          ErrorType.UNAUTHENTICATED.wireName(),
          "Token expired at "
              + expiresAt
              + ": the credentials of this subscription ended; reconnect with a fresh token");
    }
    return credentials
        .computeIfAbsent(
            Arrays.asList(tenant, headers),
            k -> {
              try {
                backend.recheck(tenant, subscriber, headers);
                return Optional.empty();
              } catch (RealtimeException e) {
                return Optional.of(e);
              }
            })
        .orElse(null);
  }

  /** Whether the subscription was compiled against the tenant's active schema. */
  boolean isCurrent(TenantId tenant, CompiledSubscription subscription) {
    return current.computeIfAbsent(subscription, s -> backend.isCurrent(tenant, s));
  }
}
