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
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
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
  private final ScopeChanges scopes;
  private String reportedServerHash;

  SyncProcessor(Engine engine) {
    this.engine = engine;
    this.scopes = new ScopeChanges(engine, this);
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
    checkServerSchema();
    List<ModelType<?>> regrouped = scopes.groupsChanged() ? ordered : List.of();
    for (ModelType<?> type : regrouped) {
      scopes.reconcile(type);
    }
    scopes.groupsReconciled();
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

  private void syncModel(ModelType<?> type) {
    LocalStore store = engine.store();
    QueryPredicate expression = engine.settings().syncExpressions().get(type.name());
    Map<String, Object> filter = Predicates.toFilter(expression);
    String expressionText = filter == null ? null : Json.write(filter);
    Optional<LocalStore.SyncState> state = store.transaction(c -> store.syncState(c, type.name()));
    long now = engine.clock().millis();
    boolean full =
        state.isEmpty()
            || state.get().lastFullSync() + engine.settings().fullSyncInterval().toMillis() <= now;
    if (state.isPresent() && !Objects.equals(state.get().expression(), expressionText)) {
      int evicted = scopes.evictOutside(type, expression);
      Map<String, Object> difference = ScopeChanges.difference(filter, state.get().expression());
      long fetched =
          full || difference == null ? 0 : fetch(type, 0, difference, expression, false).received();
      engine.events().publish(new CairnEvent.ScopeChanged(type.name(), evicted, fetched));
    }
    List<String> fill = store.transaction(c -> SchemaMigrator.pendingFill(c, type.name()));
    if (!fill.isEmpty()) {
      if (!full) {
        long received =
            fetch(type, 0, ScopeChanges.holdingAny(filter, fill), expression, true).received();
        engine.events().publish(new CairnEvent.FieldsFilled(type.name(), fill, received));
      }
      store.transaction(
          c -> {
            SchemaMigrator.filled(c, type.name());
            return null;
          });
    }
    long lastSync = full ? 0 : state.get().lastSync();
    Fetched fetched = fetch(type, lastSync, filter, expression, false);
    long syncedAt = fetched.startedAt() == null ? now : fetched.startedAt();
    // The interval is measured on the client's clock, which it is compared with: the server's
    // startedAt would make a client whose clock runs ahead base-sync every round.
    long lastFullSync = full ? now : state.get().lastFullSync();
    store.transaction(
        c -> {
          store.putSyncState(
              c, type.name(), new LocalStore.SyncState(syncedAt, lastFullSync, expressionText));
          return null;
        });
    engine
        .events()
        .publish(
            new CairnEvent.ModelSynced(
                type.name(),
                full,
                fetched.created(),
                fetched.updated(),
                fetched.deleted(),
                fetched.received()));
  }

  /** What one paged sync query brought. */
  record Fetched(long received, int created, int updated, int deleted, Long startedAt) {}

  /** The request and response extension by which a Cairn server estimates a sync's total. */
  static final String ESTIMATE_EXTENSION = "cairnSyncEstimate";

  /**
   * Runs {@code sync<Plural>} from {@code lastSync} with {@code filter}, page by page, merging each
   * page (records failing {@code expression} are skipped) and announcing progress with the server's
   * estimate of the total (asked for with the first page).
   */
  @SuppressWarnings("unchecked")
  Fetched fetch(
      ModelType<?> type,
      long lastSync,
      Map<String, Object> filter,
      QueryPredicate expression,
      boolean refresh) {
    String nextToken = null;
    Long startedAt = null;
    long received = 0;
    int created = 0;
    int updated = 0;
    int deleted = 0;
    OptionalLong estimate = OptionalLong.empty();
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
      Map<?, ?> result;
      if (nextToken == null) {
        GraphQLHttp.Response response =
            engine.http().send(Documents.sync(type), variables, Map.of(ESTIMATE_EXTENSION, true));
        result = result(type, response);
        estimate = estimate(type, response);
      } else {
        result = page(type, Documents.sync(type), variables);
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
      Merger.Result merged = engine.merger().merge(type, items, refresh);
      engine.observers().changed(merged.changes());
      created += merged.created();
      updated += merged.updated();
      deleted += merged.deleted();
      received += items.size();
      if (startedAt == null && result.get("startedAt") instanceof Number n) {
        startedAt = n.longValue();
      }
      nextToken = result.get("nextToken") instanceof String s ? s : null;
      boolean last = nextToken == null || received >= engine.settings().maxRecordsToSync();
      OptionalLong total =
          last
              ? OptionalLong.of(received)
              : estimate.isPresent()
                  ? OptionalLong.of(Math.max(received, estimate.getAsLong()))
                  : OptionalLong.empty();
      engine.events().publish(new CairnEvent.SyncProgress(type.name(), received, total));
    } while (nextToken != null && received < engine.settings().maxRecordsToSync());
    return new Fetched(received, created, updated, deleted, startedAt);
  }

  /**
   * One page of a sync query.
   *
   * @throws CairnException the server's error; retryable unless it refused authorization
   */
  Map<?, ?> page(ModelType<?> type, String document, Map<String, Object> variables) {
    return result(type, engine.http().send(document, variables));
  }

  /**
   * The server's estimate of the whole sync's total from a first page's extensions, capped at
   * {@code maxRecordsToSync}; empty when it gave none.
   */
  private OptionalLong estimate(ModelType<?> type, GraphQLHttp.Response response) {
    if (response.extensions().get(ESTIMATE_EXTENSION) instanceof Map<?, ?> totals
        && totals.get("sync" + type.pluralName()) instanceof Number n
        && n.longValue() >= 0) {
      return OptionalLong.of(Math.min(n.longValue(), engine.settings().maxRecordsToSync()));
    }
    return OptionalLong.empty();
  }

  /** A sync page's connection, or the server's error. */
  private static Map<?, ?> result(ModelType<?> type, GraphQLHttp.Response response) {
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
    return result;
  }

  /**
   * Compares the server's active schema ({@code _cairnSchemaHash}) with the app's and publishes
   * {@link CairnEvent.SchemaMismatch} once per server hash that differs. A server that cannot
   * answer is not a reason to stop syncing.
   */
  private void checkServerSchema() {
    String appHash = engine.settings().appSchemaHash();
    if (appHash == null) {
      return;
    }
    try {
      GraphQLHttp.Response response =
          engine.http().send("query operation { _cairnSchemaHash }", Map.of());
      if (response.data().get("_cairnSchemaHash") instanceof String serverHash
          && !serverHash.equals(appHash)
          && !serverHash.equals(reportedServerHash)) {
        reportedServerHash = serverHash;
        engine.events().publish(new CairnEvent.SchemaMismatch(appHash, serverHash));
      }
    } catch (CairnException e) {
      if (e.isRetryable()) {
        throw e;
      }
    }
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
