package dev.cairn.server.realtime;

import dev.cairn.server.TenantId;
import dev.cairn.server.changes.ChangeOperation;
import dev.cairn.server.graphql.JsonOutput;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This node's open realtime sessions and their subscriptions, indexed by (tenant, model, operation)
 * so that a change finds its subscribers without a scan, and within that grouped by {@link
 * CompiledSubscription#groupKey()}: subscriptions that want and render every change identically
 * (same filter, same {@code owner} argument, same {@code @auth} read scope) share one group, so the
 * fan-out matches and renders a change once per group, not once per subscriber. Thread-safe:
 * registrations change under a lock per index key; the fan-out reads without locking. Every map is
 * bounded by what is open: an index key leaves with its last subscription, a tenant's count with
 * its last authenticated session.
 */
public final class SubscriptionRegistry {
  /** The index key. */
  record Key(TenantId tenant, String model, ChangeOperation operation) {}

  /**
   * One live subscription of one session. It keeps only what a delivery needs; its compiled
   * subscription is kept once per {@link Group}, not once per subscriber.
   */
  static final class Registration {
    final String id;
    final byte[] escapedId;
    final RealtimeSession session;
    // set once by add; the group is changed under the topic's lock
    private volatile Key key;
    private volatile Group group;

    Registration(String id, RealtimeSession session) {
      this.id = id;
      String quoted = JsonOutput.write(id);
      this.escapedId = quoted.substring(1, quoted.length() - 1).getBytes(StandardCharsets.UTF_8);
      this.session = session;
    }
  }

  /**
   * Subscriptions with one group key: {@link #subscription} (the first member's) answers for all of
   * them. {@link #members} is replaced, never changed, so the fan-out iterates it without a lock.
   */
  static final class Group {
    private static final Registration[] NONE = new Registration[0];

    final Object key;
    final CompiledSubscription subscription;
    private volatile Registration[] members = NONE;

    Group(Object key, CompiledSubscription subscription) {
      this.key = key;
      this.subscription = subscription;
    }

    Registration[] members() {
      return members;
    }

    private void add(Registration registration) {
      Registration[] current = members;
      Registration[] next = Arrays.copyOf(current, current.length + 1);
      next[current.length] = registration;
      members = next;
    }

    /**
     * @return whether it was a member
     */
    private boolean remove(Registration registration) {
      Registration[] current = members;
      for (int i = 0; i < current.length; i++) {
        if (current[i] == registration) {
          Registration[] next = new Registration[current.length - 1];
          System.arraycopy(current, 0, next, 0, i);
          System.arraycopy(current, i + 1, next, i, current.length - i - 1);
          members = next;
          return true;
        }
      }
      return false;
    }
  }

  /** The groups of one index key. */
  static final class Topic {
    private final ConcurrentHashMap<Object, Group> groups = new ConcurrentHashMap<>();
    // set under the topic's lock when its last group left and it was dropped from the index
    private boolean removed;

    Collection<Group> groups() {
      return groups.values();
    }
  }

  private static final Topic EMPTY = new Topic();

  private final ConcurrentHashMap<Key, Topic> index = new ConcurrentHashMap<>();
  private final Set<RealtimeSession> sessions = ConcurrentHashMap.newKeySet();
  private final Set<RealtimeSession> admitted = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<TenantId, AtomicInteger> connections = new ConcurrentHashMap<>();
  private final AtomicInteger subscriptions = new AtomicInteger();
  private final CloseLog closeLog;

  SubscriptionRegistry() {
    this(Clock.systemUTC());
  }

  /**
   * @param clock paces the log of connections the node closes ({@link #closeLog()})
   */
  SubscriptionRegistry(Clock clock) {
    this.closeLog = new CloseLog(clock);
  }

  /** Where sessions say why the node closed them. */
  CloseLog closeLog() {
    return closeLog;
  }

  /**
   * Keeps a new session (for keep-alives and its init timeout). It is not charged to its tenant
   * until it has authenticated ({@link #admit}).
   */
  void open(RealtimeSession session) {
    sessions.add(session);
  }

  /**
   * Counts an authenticated session against its tenant; false (and nothing counted) when the tenant
   * is at {@code limit}. Counting once more for the same session changes nothing.
   */
  boolean admit(RealtimeSession session, int limit) {
    if (admitted.contains(session)) {
      return true;
    }
    AtomicBoolean counted = new AtomicBoolean();
    connections.compute(
        session.tenant(),
        (t, count) -> {
          AtomicInteger current = count == null ? new AtomicInteger() : count;
          if (current.get() < limit) {
            current.incrementAndGet();
            counted.set(true);
          }
          return current.get() == 0 ? null : current;
        });
    if (counted.get()) {
      admitted.add(session);
    }
    return counted.get();
  }

  boolean isAdmitted(RealtimeSession session) {
    return admitted.contains(session);
  }

  void close(RealtimeSession session, Collection<Registration> registrations) {
    registrations.forEach(this::remove);
    sessions.remove(session);
    if (admitted.remove(session)) {
      connections.computeIfPresent(
          session.tenant(), (t, count) -> count.decrementAndGet() <= 0 ? null : count);
    }
  }

  /** Registers a subscription in the group of its {@link CompiledSubscription#groupKey()}. */
  void add(Registration registration, CompiledSubscription subscription) {
    Key key =
        new Key(registration.session.tenant(), subscription.model(), subscription.operation());
    while (true) {
      Topic topic = index.computeIfAbsent(key, k -> new Topic());
      synchronized (topic) {
        if (topic.removed) {
          continue; // emptied and dropped meanwhile; take the one that replaces it
        }
        if (registration.group != null) {
          throw new IllegalStateException("subscription " + registration.id + " is registered");
        }
        Group group =
            topic.groups.computeIfAbsent(subscription.groupKey(), k -> new Group(k, subscription));
        group.add(registration);
        registration.key = key;
        registration.group = group;
      }
      subscriptions.incrementAndGet();
      return;
    }
  }

  void remove(Registration registration) {
    Key key = registration.key;
    Topic topic = key == null ? null : index.get(key);
    if (topic == null) {
      return;
    }
    synchronized (topic) {
      Group group = registration.group;
      if (group != null && group.remove(registration)) {
        registration.group = null;
        subscriptions.decrementAndGet();
        if (group.members().length == 0) {
          topic.groups.remove(group.key, group);
          if (topic.groups.isEmpty()) {
            topic.removed = true;
            index.remove(key, topic);
          }
        }
      }
    }
  }

  /** The subscription that answers for a registration's group, or null once it is removed. */
  CompiledSubscription compiled(Registration registration) {
    Group group = registration.group;
    return group == null ? null : group.subscription;
  }

  /** Index keys kept; for tests. */
  int topics() {
    return index.size();
  }

  /** The groups of subscriptions to a tenant's model and operation; read without a lock. */
  Collection<Group> groups(TenantId tenant, String model, ChangeOperation operation) {
    return index.getOrDefault(new Key(tenant, model, operation), EMPTY).groups();
  }

  /** Every subscription to a tenant's model and operation; for tests. */
  List<Registration> subscribers(TenantId tenant, String model, ChangeOperation operation) {
    return groups(tenant, model, operation).stream()
        .flatMap(g -> Arrays.stream(g.members()))
        .toList();
  }

  Collection<RealtimeSession> sessions() {
    return sessions;
  }

  /** Open sessions of a tenant on this node. */
  public int connections(TenantId tenant) {
    AtomicInteger count = connections.get(tenant);
    return count == null ? 0 : count.get();
  }

  /** Open, authenticated sessions on this node by tenant (tenants with none left out). */
  public Map<TenantId, Integer> connectionsByTenant() {
    Map<TenantId, Integer> open = new HashMap<>();
    connections.forEach((tenant, count) -> open.put(tenant, count.get()));
    return open;
  }

  /** Live subscriptions on this node. */
  public int subscriptions() {
    return subscriptions.get();
  }
}
