package dev.cairn.client.internal;

import dev.cairn.client.CairnEvent;
import dev.cairn.client.CairnException;
import dev.cairn.client.ModelType;
import dev.cairn.client.QueryPredicate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs sync rounds: for every model, parents before children, {@code sync<Plural>} page by page — a
 * base sync ({@code lastSync: 0}) the first time, when the selective-sync expression changed or
 * when {@code fullSyncInterval} has passed, otherwise a delta sync from the stored {@code
 * startedAt}. Each page is merged in one transaction; the model's new {@code lastSync} is stored
 * only after its last page, so an interrupted sync repeats (harmless: merging is idempotent).
 * Confined to the engine thread.
 */
final class SyncProcessor {
  private final Engine engine;

  SyncProcessor(Engine engine) {
    this.engine = engine;
  }

  /**
   * One round over every model.
   *
   * @throws CairnException retryable when the network failed; the round should be run again
   */
  void runRound() {
    List<ModelType<?>> ordered = parentsFirst(engine.types());
    engine
        .events()
        .publish(new CairnEvent.SyncQueriesStarted(ordered.stream().map(ModelType::name).toList()));
    for (ModelType<?> type : ordered) {
      try {
        syncModel(type);
      } catch (CairnException e) {
        if (e.isRetryable()) {
          throw e;
        }
        // As DataStore: a model the caller may not read counts as synced with no data.
        engine.errorHandler().accept(e);
      }
    }
    engine.events().publish(new CairnEvent.SyncQueriesReady());
  }

  @SuppressWarnings("unchecked")
  private void syncModel(ModelType<?> type) {
    LocalStore store = engine.store();
    QueryPredicate expression = engine.settings().syncExpressions().get(type.name());
    Map<String, Object> filter = Predicates.toFilter(expression);
    String expressionText = filter == null ? null : Json.write(filter);
    Optional<LocalStore.SyncState> state = store.transaction(c -> store.syncState(c, type.name()));
    long now = engine.clock().millis();
    boolean full =
        state.isEmpty()
            || !java.util.Objects.equals(state.get().expression(), expressionText)
            || state.get().lastFullSync() + engine.settings().fullSyncInterval().toMillis() <= now;
    long lastSync = full ? 0 : state.get().lastSync();
    String nextToken = null;
    Long startedAt = null;
    long received = 0;
    int created = 0;
    int updated = 0;
    int deleted = 0;
    do {
      int limit =
          (int)
              Math.min(
                  engine.settings().syncPageSize(),
                  engine.settings().maxRecordsToSync() - received);
      Map<String, Object> variables = new LinkedHashMap<>();
      variables.put("limit", limit);
      variables.put("nextToken", nextToken);
      variables.put("lastSync", lastSync);
      variables.put("filter", filter);
      GraphQLHttp.Response response = engine.http().send(Documents.sync(type), variables);
      Object page = response.data().get("sync" + type.pluralName());
      if (!(page instanceof Map<?, ?> result)) {
        String errorType = String.valueOf(response.errorType());
        boolean retryable =
            !errorType.equals("Unauthorized") && !errorType.equals("UnauthorizedException");
        throw new CairnException(
            errorType,
            "sync" + type.pluralName() + " failed: " + response.errorMessage(),
            retryable,
            null);
      }
      List<Map<String, Object>> items = new ArrayList<>();
      if (result.get("items") instanceof List<?> list) {
        for (Object item : list) {
          if (item instanceof Map<?, ?> m
              && (expression == null
                  || Predicates.test(
                      expression, Values.normalize(type, (Map<String, Object>) m)))) {
            items.add((Map<String, Object>) m);
          }
        }
      }
      Merger.Result merged = engine.merger().merge(type, items);
      engine.observers().changed(merged.changes());
      created += merged.created();
      updated += merged.updated();
      deleted += merged.deleted();
      received += items.size();
      if (startedAt == null && result.get("startedAt") instanceof Number n) {
        startedAt = n.longValue();
      }
      nextToken = result.get("nextToken") instanceof String s ? s : null;
      engine.events().publish(new CairnEvent.SyncProgress(type.name(), received));
    } while (nextToken != null && received < engine.settings().maxRecordsToSync());
    long syncedAt = startedAt == null ? now : startedAt;
    long lastFullSync = full ? syncedAt : state.get().lastFullSync();
    store.transaction(
        c -> {
          store.putSyncState(
              c, type.name(), new LocalStore.SyncState(syncedAt, lastFullSync, expressionText));
          return null;
        });
    engine
        .events()
        .publish(
            new CairnEvent.ModelSynced(type.name(), full, created, updated, deleted, received));
  }

  /** The earliest time at which some model's next full sync is due. */
  long nextFullSyncDue() {
    LocalStore store = engine.store();
    long due = Long.MAX_VALUE;
    for (ModelType<?> type : engine.types().values()) {
      Optional<LocalStore.SyncState> state =
          store.transaction(c -> store.syncState(c, type.name()));
      long at =
          state.map(s -> s.lastFullSync()).orElse(0L)
              + engine.settings().fullSyncInterval().toMillis();
      due = Math.min(due, at);
    }
    return due;
  }

  /** Models ordered so that every model comes after the models it belongs to. */
  static List<ModelType<?>> parentsFirst(Map<String, ModelType<?>> types) {
    Set<String> done = new LinkedHashSet<>();
    List<ModelType<?>> ordered = new ArrayList<>();
    for (ModelType<?> type : types.values()) {
      visit(type, types, done, new LinkedHashSet<>(), ordered);
    }
    return ordered;
  }

  private static void visit(
      ModelType<?> type,
      Map<String, ModelType<?>> types,
      Set<String> done,
      Set<String> path,
      List<ModelType<?>> ordered) {
    if (done.contains(type.name()) || !path.add(type.name())) {
      return;
    }
    for (String parent : type.parents()) {
      ModelType<?> p = types.get(parent);
      if (p != null) {
        visit(p, types, done, path, ordered);
      }
    }
    done.add(type.name());
    ordered.add(type);
  }
}
