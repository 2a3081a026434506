package dev.cairn.client.internal;

import dev.cairn.client.CairnEvent;
import dev.cairn.client.CairnException;
import dev.cairn.client.ModelChange;
import dev.cairn.client.ModelType;
import dev.cairn.client.MutationType;
import dev.cairn.client.QueryPredicate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Re-scoping without {@code clear()}: when a model's sync expression changes, records no longer in
 * scope are evicted (never one with pending outbox entries) and the newly in-scope ones are fetched
 * by a sync restricted to {@code new AND NOT old}; when the user's groups change, what the server
 * lets the user read is compared key by key (the primary key fields and {@code _version} only) with
 * the store, and only the difference is evicted or fetched. Observers see evictions as deletes and
 * arrivals as creates. Confined to the engine thread.
 */
final class ScopeChanges {
  private static final int IDS_PER_FETCH = 100;

  private final Engine engine;
  private final SyncProcessor sync;

  ScopeChanges(Engine engine, SyncProcessor sync) {
    this.engine = engine;
    this.sync = sync;
  }

  /** The filter of records in the new scope that were not in the old; null when none can be. */
  static Map<String, Object> difference(Map<String, Object> now, String before) {
    if (before == null) {
      return null;
    }
    Map<String, Object> notBefore = Map.of("not", Json.parseObject(before));
    return now == null ? notBefore : Map.of("and", List.of(now, notBefore));
  }

  /** {@code filter} restricted to records holding a value for any of {@code fields}. */
  static Map<String, Object> holdingAny(Map<String, Object> filter, List<String> fields) {
    List<Object> any = new ArrayList<>();
    fields.forEach(f -> any.add(Map.of(f, Map.of("attributeExists", true))));
    Map<String, Object> holding = Map.of("or", any);
    return filter == null ? holding : Map.of("and", List.of(filter, holding));
  }

  /** Evicts the local records of {@code type} that {@code expression} no longer selects. */
  int evictOutside(ModelType<?> type, QueryPredicate expression) {
    if (expression == null) {
      return 0;
    }
    List<RecordKey> outside = new ArrayList<>();
    for (StoredRecord r : engine.store().query(type, QueryPredicate.all(), null, null)) {
      if (!Predicates.test(expression, r.values())) {
        outside.add(r.key(type));
      }
    }
    return evict(type, outside);
  }

  /** Removes the records {@code keys} that have no pending entries; returns how many went. */
  private int evict(ModelType<?> type, List<RecordKey> keys) {
    LocalStore store = engine.store();
    List<Observers.Change> changes =
        store.transaction(
            c -> {
              List<Observers.Change> out = new ArrayList<>();
              for (RecordKey key : keys) {
                if (store.outbox().hasPending(c, type.name(), key.text())) {
                  continue;
                }
                Optional<StoredRecord> old = store.get(c, type, key);
                store.remove(c, type, key);
                if (old.isPresent() && !old.get().deleted()) {
                  out.add(
                      new Observers.Change(
                          type,
                          old.get().values(),
                          MutationType.DELETE,
                          ModelChange.Origin.REMOTE));
                }
              }
              return out;
            });
    engine.observers().changed(changes);
    return changes.size();
  }

  /** Whether the groups of the latest token differ from those the store was last synced with. */
  boolean groupsChanged() {
    Optional<List<String>> groups = engine.identity().groups();
    if (groups.isEmpty()) {
      return false;
    }
    LocalStore store = engine.store();
    Optional<String> before = store.transaction(c -> StoreMeta.get(c, StoreMeta.GROUPS));
    return before.isPresent() && !before.get().equals(Json.write(groups.get()));
  }

  /** Remembers the latest token's groups as the ones the store is synced with. */
  void groupsReconciled() {
    Optional<List<String>> groups = engine.identity().groups();
    if (groups.isPresent()) {
      engine
          .store()
          .transaction(
              c -> {
                StoreMeta.put(c, StoreMeta.GROUPS, Json.write(groups.get()));
                return null;
              });
    }
  }

  /**
   * Brings the store's records of {@code type} in line with what the server now lets the user read:
   * a key-only scan, then evictions and a fetch of the missing or newer records by id.
   */
  @SuppressWarnings("unchecked")
  void reconcile(ModelType<?> type) {
    QueryPredicate expression = engine.settings().syncExpressions().get(type.name());
    Map<String, Object> filter = Predicates.toFilter(expression);
    Map<RecordKey, Integer> server = new HashMap<>();
    try {
      String nextToken = null;
      do {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("limit", engine.settings().syncPageSize());
        variables.put("nextToken", nextToken);
        variables.put("lastSync", 0);
        variables.put("filter", filter);
        Map<?, ?> page = sync.page(type, keysDocument(type), variables);
        if (page.get("items") instanceof List<?> items) {
          for (Object item : items) {
            Map<String, Object> m = (Map<String, Object>) item;
            if (!Boolean.TRUE.equals(m.get(Values.DELETED))) {
              server.put(RecordKey.of(type, m), Values.intOf(m.get(Values.VERSION), 0));
            }
          }
        }
        nextToken = page.get("nextToken") instanceof String s ? s : null;
      } while (nextToken != null);
    } catch (CairnException e) {
      if (e.isRetryable()) {
        throw e;
      }
      // The user may no longer read the model at all: everything local but pending goes.
    }
    Map<RecordKey, Integer> local = new HashMap<>();
    for (StoredRecord r : engine.store().query(type, QueryPredicate.all(), null, null)) {
      local.put(r.key(type), r.version());
    }
    List<RecordKey> gone = new ArrayList<>();
    local.keySet().stream().filter(key -> !server.containsKey(key)).forEach(gone::add);
    int evicted = evict(type, gone);
    List<RecordKey> missing = new ArrayList<>();
    server.forEach(
        (id, version) -> {
          Integer mine = local.get(id);
          if (mine == null || mine < version) {
            missing.add(id);
          }
        });
    long fetched = 0;
    for (int from = 0; from < missing.size(); from += IDS_PER_FETCH) {
      List<Object> keys = new ArrayList<>();
      for (RecordKey key : missing.subList(from, Math.min(missing.size(), from + IDS_PER_FETCH))) {
        keys.add(key.filter());
      }
      fetched += sync.fetch(type, 0, Map.of("or", keys), expression, false).received();
    }
    engine.events().publish(new CairnEvent.ScopeChanged(type.name(), evicted, fetched));
  }

  private static String keysDocument(ModelType<?> type) {
    return "query operation($limit: Int, $nextToken: String, $lastSync: AWSTimestamp, $filter: Model"
        + type.name()
        + "FilterInput) { sync"
        + type.pluralName()
        + "(limit: $limit, nextToken: $nextToken, lastSync: $lastSync, filter: $filter) { items { "
        + String.join(" ", type.primaryKey())
        + " _version _deleted } nextToken startedAt } }";
  }
}
