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
}
