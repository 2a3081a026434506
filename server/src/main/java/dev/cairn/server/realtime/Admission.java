package dev.cairn.server.realtime;

import dev.cairn.server.ErrorType;
import dev.cairn.server.TenantId;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who may open a realtime connection, in two steps. Before any credential is seen (the upgrade
 * happens first), only the caller's remote address is charged: a connection rate and a cap on its
 * connections not yet authenticated, so that anonymous callers cannot use up a tenant's budget.
 * Once a connection has authenticated for a tenant, the tenant's connection rate is charged (its
 * connection count is kept by the {@link SubscriptionRegistry}). Every map here is bounded: rates
 * by size and idle time, pending counts by the open connections themselves (an entry leaves with
 * its last connection). Thread-safe.
 */
final class Admission {
  /** Remote addresses and tenants whose rates are remembered at once. */
  private static final int MAX_KEYS = 100_000;

  private final RealtimeLimits limits;
  private final ConnectionRate<String> addressRate;
  private final ConnectionRate<TenantId> tenantRate;
  private final ConcurrentHashMap<String, AtomicInteger> pending = new ConcurrentHashMap<>();

  Admission(RealtimeLimits limits, Clock clock) {
    this.limits = limits;
    this.addressRate =
        new ConnectionRate<>(limits.connectionsPerSecondPerAddress(), MAX_KEYS, clock);
    this.tenantRate = new ConnectionRate<>(limits.connectionsPerSecondPerTenant(), MAX_KEYS, clock);
  }

  /**
   * Charges a new, not yet authenticated connection to its remote address; {@link #pendingEnded}
   * must follow once it authenticates or closes.
   *
   * @throws RealtimeException {@code LimitExceededException} when the address opens connections too
   *     fast or holds too many that have not authenticated
   */
  void openPending(String address) throws RealtimeException {
    if (!addressRate.tryAcquire(address)) {
      throw new RealtimeException(
          ErrorType.LIMIT_EXCEEDED.wireName(),
          "too many realtime connections from this address; retry in a few seconds");
    }
    AtomicBoolean admitted = new AtomicBoolean();
    pending.compute(
        address,
        (a, count) -> {
          AtomicInteger current = count == null ? new AtomicInteger() : count;
          if (current.get() < limits.maxPendingPerAddress()) {
            current.incrementAndGet();
            admitted.set(true);
          }
          return current.get() == 0 ? null : current;
        });
    if (!admitted.get()) {
      throw new RealtimeException(
          ErrorType.LIMIT_EXCEEDED.wireName(),
          "too many realtime connections from this address have not sent connection_init;"
              + " authenticate or close them first");
    }
  }

  /** The connection charged by {@link #openPending} authenticated or closed. */
  void pendingEnded(String address) {
    pending.computeIfPresent(address, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
  }

  /** Charges an authenticated connection to its tenant's rate; false when over it. */
  boolean tenantRate(TenantId tenant) {
    return tenantRate.tryAcquire(tenant);
  }

  /** Connections of {@code address} not yet authenticated; for tests. */
  int pending(String address) {
    AtomicInteger count = pending.get(address);
    return count == null ? 0 : count.get();
  }

  /** Addresses with connections not yet authenticated; for tests. */
  int pendingAddresses() {
    return pending.size();
  }
}
