package dev.cairn.server.graphql;

import dev.cairn.server.TenantId;
import dev.cairn.server.Unproxied;
import dev.cairn.server.auth.AppIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The request rate limits of the GraphQL endpoint (DESIGN.md "What bad input gets"), per node: a
 * token bucket per tenant and one per caller (an app user's subject or an API key), both charged
 * only after the caller authenticated, so anonymous traffic never spends a tenant's budget. A
 * request needs a token from both. Settings (MicroProfile Config): {@code
 * cairn.graphql.rate.tenant-per-second} (default 1000), {@code cairn.graphql.rate.tenant-burst}
 * (5000), {@code cairn.graphql.rate.caller-per-second} (100), {@code
 * cairn.graphql.rate.caller-burst} (500).
 *
 * <p>The caller defaults sit above what one well-behaved client sends: Amplify DataStore sends its
 * outbox one mutation at a time and drops a mutation that is still throttled after its HTTP
 * client's 3 attempts (APPSYNC.md §6.3), so a limit a real client reaches loses its writes. The
 * limits stop floods and scripted abuse; the cost limit ({@link RequestLimits#maxRecords()}) is
 * what bounds the work of any single request. Thread-safe.
 */
@ApplicationScoped
public class RequestRates {
  /** This bean itself, not its client proxy (see {@link Unproxied}); it has no interceptors. */
  public Unproxied<RequestRates> instance() {
    return new Unproxied<>(this);
  }

  /** Most callers (and tenants) with a bucket held at once, per node. */
  static final int MAX_KEYS = 100_000;

  private record Caller(TenantId tenant, AppIdentity.Kind kind, String subject) {}

  private TokenBuckets<TenantId> tenants;
  private TokenBuckets<Caller> callers;

  protected RequestRates() {}

  @Inject
  public RequestRates(
      @ConfigProperty(name = "cairn.graphql.rate.tenant-per-second", defaultValue = "1000")
          double tenantPerSecond,
      @ConfigProperty(name = "cairn.graphql.rate.tenant-burst", defaultValue = "5000")
          int tenantBurst,
      @ConfigProperty(name = "cairn.graphql.rate.caller-per-second", defaultValue = "100")
          double callerPerSecond,
      @ConfigProperty(name = "cairn.graphql.rate.caller-burst", defaultValue = "500")
          int callerBurst,
      Clock clock) {
    this.tenants = new TokenBuckets<>(tenantPerSecond, tenantBurst, MAX_KEYS, clock);
    this.callers = new TokenBuckets<>(callerPerSecond, callerBurst, MAX_KEYS, clock);
  }

  /**
   * Charges one request of {@code caller}.
   *
   * @return empty when the request may run; otherwise a refusal saying which limit and when to
   *     retry (nothing is charged then)
   */
  public Optional<Refusal> charge(AppIdentity caller) {
    Caller key = new Caller(caller.tenant(), caller.kind(), caller.subject());
    Optional<Duration> wait = callers.take(key);
    if (wait.isPresent()) {
      return Optional.of(
          new Refusal(
              wait.get(),
              "Rate exceeded: "
                  + (caller.isApiKey() ? "this API key" : "this user")
                  + " sends more requests than tenant `"
                  + caller.tenant()
                  + "` allows one caller; retry after the Retry-After seconds"));
    }
    wait = tenants.take(caller.tenant());
    if (wait.isPresent()) {
      callers.giveBack(key);
      return Optional.of(
          new Refusal(
              wait.get(),
              "Rate exceeded: tenant `"
                  + caller.tenant()
                  + "` receives more requests than it is allowed; retry after the Retry-After"
                  + " seconds"));
    }
    return Optional.empty();
  }

  /**
   * A refused request: answer HTTP 429 with {@code Retry-After: }{@link #retryAfterSeconds()}.
   *
   * @param retryIn how long until the request would be allowed
   */
  public record Refusal(Duration retryIn, String message) {

    /** Whole seconds to wait, at least 1 (the header has no fractions). */
    public long retryAfterSeconds() {
      return Math.max(1, (retryIn.toMillis() + 999) / 1000);
    }
  }
}
