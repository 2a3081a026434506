package dev.cairn.server.realtime;

import dev.cairn.server.TenantId;
import java.util.Map;

/**
 * What realtime needs from the rest of the server: authentication of auth headers and compilation
 * of subscription requests against a tenant's active schema. Implementations are thread-safe.
 */
public interface SubscriptionBackend {
  /**
   * Establishes who sent these auth headers ({@code Authorization} with a raw or {@code Bearer}
   * JWT, or {@code x-api-key}).
   *
   * @throws RealtimeException with {@code UnauthorizedException} when they prove nothing
   */
  Subscriber authenticate(TenantId tenant, Map<String, String> authHeaders)
      throws RealtimeException;

  /**
   * Parses, validates and authorizes one subscription operation.
   *
   * @throws RealtimeException with AppSync's errorType: {@code Unauthorized} when the subscriber
   *     may not listen to that model, a validation error type when the document is wrong
   */
  CompiledSubscription compile(
      TenantId tenant, Subscriber subscriber, String query, Map<String, Object> variables)
      throws RealtimeException;

  /**
   * Checks again that credentials that can be withdrawn (an API key, which can be revoked or
   * expire) still prove {@code subscriber}. Called about every second for every distinct credential
   * of open subscriptions, so it must be cheap (answers cached for a few seconds are fine). Token
   * expiry is {@link Subscriber#expiresAt()}'s, not this method's.
   *
   * @throws RealtimeException with {@code UnauthorizedException} when they no longer do
   */
  default void recheck(TenantId tenant, Subscriber subscriber, Map<String, String> authHeaders)
      throws RealtimeException {}

  /**
   * Whether {@code subscription} was compiled against the tenant's active schema; when a new schema
   * version is active, realtime compiles open subscriptions again, which also authorizes them again
   * under the new {@code @auth} rules.
   */
  default boolean isCurrent(TenantId tenant, CompiledSubscription subscription) {
    return true;
  }
}
