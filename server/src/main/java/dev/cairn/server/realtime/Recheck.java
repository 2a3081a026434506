package dev.cairn.server.realtime;

import dev.cairn.server.ErrorType;
import dev.cairn.server.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One round of checking every open subscription's credentials and schema again, answering each
 * distinct question once: a credential shared by thousands of subscriptions (one API key) is
 * checked once per round, and the schema once per compiled group. Used by one thread for one round.
 *
 * <p>A round visits every session every {@code RECHECK_MILLIS} (10,000 sessions on a node in the
 * flag propagation benchmark), on the same cores as the fan-out, so its per-subscription work is
 * kept to a look-up under a key hashed once ({@link CredentialKey}) and nothing for subscriptions
 * that no schema change can make stale ({@link CompiledSubscription#followsSchema}).
 */
final class Recheck {
  private final SubscriptionBackend backend;
  private final Instant now;
  private final Map<CredentialKey, Optional<RealtimeException>> credentials = new HashMap<>();
  private final Map<CompiledSubscription, Boolean> current = new IdentityHashMap<>();

  Recheck(SubscriptionBackend backend, Instant now) {
    this.backend = backend;
    this.now = now;
  }

  /**
   * What one credential check depends on: the tenant and the auth headers (equal headers are the
   * same credential). Written once, when the subscription is made, as the SHA-256 of a form that is
   * equal exactly when both are ({@link #canonical}), so that a round compares 32 bytes rather than
   * two maps for every subscription, and a connection holds no second copy of its token.
   */
  static final class CredentialKey {
    private final TenantId tenant;
    private final Map<String, String> headers;
    private final byte[] digest;
    private final int hash;

    CredentialKey(TenantId tenant, Map<String, String> headers) {
      this.tenant = tenant;
      this.headers = headers;
      try {
        this.digest =
            MessageDigest.getInstance("SHA-256")
                .digest(canonical(tenant, headers).getBytes(StandardCharsets.UTF_8));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform has SHA-256", e);
      }
      this.hash = Arrays.hashCode(digest);
    }

    /**
     * The tenant and every header in name order, each length-prefixed ({@code
     * 4:acme13:Authorization...}), so no two different credentials write the same text whatever
     * their text holds.
     */
    static String canonical(TenantId tenant, Map<String, String> headers) {
      StringBuilder out = new StringBuilder();
      append(out, tenant == null ? null : tenant.toString());
      new TreeMap<>(headers)
          .forEach(
              (name, value) -> {
                append(out, name);
                append(out, value);
              });
      return out.toString();
    }

    private static void append(StringBuilder out, String text) {
      out.append(text == null ? -1 : text.length()).append(':').append(text == null ? "" : text);
    }

    Map<String, String> headers() {
      return headers;
    }

    @Override
    public boolean equals(Object o) {
      return o == this
          || o instanceof CredentialKey k && k.hash == hash && Arrays.equals(k.digest, digest);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** Why the subscriber's credentials ended, or null while they hold. */
  RealtimeException credentialsEnded(CredentialKey key, Subscriber subscriber) {
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
            key,
            k -> {
              try {
                backend.recheck(k.tenant, subscriber, k.headers);
                return Optional.empty();
              } catch (RealtimeException e) {
                return Optional.of(e);
              }
            })
        .orElse(null);
  }

  /** Whether the subscription was compiled against the tenant's active schema. */
  boolean isCurrent(TenantId tenant, CompiledSubscription subscription) {
    if (!subscription.followsSchema()) {
      return true;
    }
    return current.computeIfAbsent(subscription, s -> backend.isCurrent(tenant, s));
  }
}
