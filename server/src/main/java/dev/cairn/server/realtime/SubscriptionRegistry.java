package dev.cairn.server.realtime;

import dev.cairn.server.TenantId;
import dev.cairn.server.changes.ChangeOperation;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This node's open realtime sessions and their subscriptions, indexed by (tenant, model, operation)
 * so that a change finds its subscribers without a scan. Thread-safe.
 */
public final class SubscriptionRegistry {
  /** The index key. */
  record Key(TenantId tenant, String model, ChangeOperation operation) {}

  /** One live subscription of one session. */
  static final class Registration {
    final String id;
    final byte[] escapedId;
    final RealtimeSession session;
    final CompiledSubscription subscription;

    Registration(String id, RealtimeSession session, CompiledSubscription subscription) {
      this.id = id;
      String quoted = Json.quote(id);
      this.escapedId = quoted.substring(1, quoted.length() - 1).getBytes(StandardCharsets.UTF_8);
      this.session = session;
      this.subscription = subscription;
    }

    Key key() {
      return new Key(session.tenant(), subscription.model(), subscription.operation());
    }
  }

  private final ConcurrentHashMap<Key, Set<Registration>> index = new ConcurrentHashMap<>();
  private final Set<RealtimeSession> sessions = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<TenantId, AtomicInteger> connections = new ConcurrentHashMap<>();

  /** Counts a new session; false (and nothing counted) when the tenant is at {@code limit}. */
  boolean open(RealtimeSession session, int limit) {
    AtomicInteger count = connections.computeIfAbsent(session.tenant(), t -> new AtomicInteger());
    if (count.incrementAndGet() > limit) {
      count.decrementAndGet();
      return false;
    }
    sessions.add(session);
    return true;
  }

  void close(RealtimeSession session, Collection<Registration> registrations) {
    registrations.forEach(this::remove);
    if (sessions.remove(session)) {
      connections.get(session.tenant()).decrementAndGet();
    }
  }

  void add(Registration registration) {
    index.computeIfAbsent(registration.key(), k -> ConcurrentHashMap.newKeySet()).add(registration);
  }

  void remove(Registration registration) {
    Set<Registration> set = index.get(registration.key());
    if (set != null) {
      set.remove(registration);
    }
  }

  Set<Registration> subscribers(TenantId tenant, String model, ChangeOperation operation) {
    return index.getOrDefault(new Key(tenant, model, operation), Set.of());
  }

  Collection<RealtimeSession> sessions() {
    return sessions;
  }

  /** Open sessions of a tenant on this node. */
  public int connections(TenantId tenant) {
    AtomicInteger count = connections.get(tenant);
    return count == null ? 0 : count.get();
  }

  /** Live subscriptions on this node. */
  public int subscriptions() {
    return index.values().stream().mapToInt(Set::size).sum();
  }
}
