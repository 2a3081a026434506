package dev.cairn.client.internal;

import dev.cairn.client.CairnEvent;
import dev.cairn.client.CairnException;
import dev.cairn.client.ConflictHandler;
import dev.cairn.client.ModelField;
import dev.cairn.client.ModelType;
import dev.cairn.client.MutationType;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drains the {@link Outbox} to the server, one mutation at a time in queue order, on the engine's
 * thread. Network failures, 429 and 5xx are retried with {@link RetryPolicy} backoff for as long as
 * it takes. {@code ConflictUnhandled} goes to the {@link ConflictHandler}. A create whose
 * acknowledgement was lost and that the server now refuses as already existing is recognised by
 * reading the record back, so it is not reported or duplicated. Other refusals go to the error
 * handler and a {@link CairnEvent.MutationFailed} event, and the local record takes the server's
 * state. Confined to the engine thread except {@link #kick}.
 */
public final class MutationProcessor {
  private static final System.Logger LOG = System.getLogger(MutationProcessor.class.getName());
  private static final int CONFLICTS_BEFORE_BACKOFF = 3;

  private final Engine engine;
  private boolean running;
  private int attempt;
  private int conflicts;
  private Scheduler.Cancellable pendingRetry;

  MutationProcessor(Engine engine) {
    this.engine = engine;
  }

  /** Starts draining (engine thread). */
  void start() {
    running = true;
    retryNow();
  }

  void stop() {
    running = false;
    cancelRetry();
  }

  /** Asks for a drain soon; does not cut a backoff short. Any thread. */
  public void kick() {
    engine
        .scheduler()
        .execute(
            () -> {
              if (pendingRetry == null) {
                drain();
              }
            });
  }

  /** Cuts a running backoff short and drains now (engine thread), e.g. after reconnecting. */
  void retryNow() {
    cancelRetry();
    attempt = 0;
    drain();
  }

  private void cancelRetry() {
    if (pendingRetry != null) {
      pendingRetry.cancel();
      pendingRetry = null;
    }
  }

  private void drain() {
    if (!running || pendingRetry != null) {
      return;
    }
    LocalStore store = engine.store();
    Optional<PendingMutation> head = store.transaction(c -> store.outbox().takeHead(c));
    if (head.isEmpty()) {
      engine.events().publish(new CairnEvent.OutboxStatus(true));
      return;
    }
    PendingMutation entry = head.get();
    ModelType<?> type = engine.types().get(entry.model());
    try {
      if (type == null) {
        store.transaction(
            c -> {
              store.outbox().remove(c, entry.seq());
              return null;
            });
        LOG.log(Level.WARNING, "dropped a queued mutation of unknown model " + entry.model());
      } else {
        send(type, entry);
      }
      store.outbox().release();
      engine.scheduler().execute(this::drain);
    } catch (RuntimeException e) {
      // Whatever failed (network, a store error, a bug), the entry stays queued and is retried.
      store.outbox().release();
      attempt++;
      LOG.log(
          e instanceof CairnException c && c.isRetryable() ? Level.DEBUG : Level.WARNING,
          "mutation of " + entry.model() + " " + entry.recordId() + " failed; retry " + attempt,
          e);
      pendingRetry =
          engine
              .scheduler()
              .schedule(
                  () -> {
                    pendingRetry = null;
                    drain();
                  },
                  engine.retryPolicy().delay(attempt));
    }
  }

  private void send(ModelType<?> type, PendingMutation entry) {
    int version =
        engine
            .store()
            .transaction(c -> engine.store().get(c, type, entry.key(type)))
            .map(StoredRecord::version)
            .orElse(0);
    Map<String, Object> variables = variables(type, entry, version);
    GraphQLHttp.Response response;
    try {
      response = engine.http().send(Documents.mutation(type, entry.mutation()), variables);
    } catch (CairnException e) {
      if (e.isRetryable()) {
        throw e;
      }
      fail(type, entry, e, null);
      return;
    }
    if (response.ok()) {
      acknowledged(
          type,
          entry,
          record(response.data().get(Documents.mutationField(type, entry.mutation()))));
      return;
    }
    String errorType = String.valueOf(response.errorType());
    Map<String, Object> errorData = record(response.errors().get(0).get("data"));
    if (errorType.equals("ConflictUnhandled") && errorData != null) {
      conflict(type, entry, errorData);
      return;
    }
    if (errorType.equals("ConditionalCheckFailedException")
        && entry.mutation() == MutationType.CREATE) {
      Map<String, Object> existing = fetch(type, entry.key(type));
      if (existing != null && !Boolean.TRUE.equals(existing.get(Values.DELETED))) {
        // The create reached the server before; its acknowledgement was lost.
        acknowledged(type, entry, existing);
        return;
      }
    }
    fail(
        type,
        entry,
        new CairnException(errorType, response.errorMessage(), false, null),
        errorData);
  }

  private void acknowledged(ModelType<?> type, PendingMutation entry, Map<String, Object> record) {
    conflicts = 0;
    attempt = 0;
    if (record == null) {
      fail(
          type,
          entry,
          new CairnException("Unknown", "the server answered without the record"),
          null);
      return;
    }
    engine.observers().changed(engine.merger().acknowledge(type, entry, record));
    engine
        .events()
        .publish(
            new CairnEvent.OutboxMutationProcessed(
                type.name(),
                entry.recordId(),
                entry.mutation(),
                Values.intOf(record.get(Values.VERSION), 0)));
  }

  private void conflict(ModelType<?> type, PendingMutation entry, Map<String, Object> remote) {
    ConflictHandler.Resolution resolution;
    try {
      resolution =
          engine
              .conflictHandler()
              .resolve(
                  new ConflictHandler.Conflict(
                      type, entry.recordId(), entry.mutation(), entry.data(), remote));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the conflict handler failed; retrying the local change", e);
      resolution = new ConflictHandler.RetryLocal();
    }
    engine
        .events()
        .publish(new CairnEvent.ConflictResolved(type.name(), entry.recordId(), resolution));
    StoredRecord server = Merger.fromServer(type, remote);
    List<Observers.Change> changed = new ArrayList<>();
    LocalStore store = engine.store();
    RecordKey key = entry.key(type);
    if (resolution instanceof ConflictHandler.Discard) {
      conflicts = 0;
      engine.observers().changed(engine.merger().abandon(type, entry, remote));
      return;
    }
    Map<String, Object> replacement =
        resolution instanceof ConflictHandler.RetryWith with
            ? writable(type, Values.normalize(type, with.values()))
            : null;
    // An update resends only what differs from the server's record: against that version the
    // result is the same, and a further conflict hands the handler this change, not a whole record
    // that would overwrite what another client changed meanwhile.
    Map<String, Object> resend =
        replacement != null && entry.mutation() == MutationType.UPDATE
            ? differing(replacement, server.values())
            : replacement;
    store.transaction(
        c -> {
          store.putMetadata(c, type, key, server.version(), server.lastChangedAt());
          if (replacement != null) {
            store.outbox().update(c, entry.seq(), entry.mutation(), resend, entry.condition());
            Optional<StoredRecord> local = store.get(c, type, key);
            if (local.isPresent() && !local.get().deleted()) {
              // The store shows what the record becomes, not the change the handler replaced.
              Map<String, Object> values = new LinkedHashMap<>(local.get().values());
              values.putAll(writable(type, server.values()));
              values.putAll(replacement);
              store.put(
                  c,
                  type,
                  new StoredRecord(values, server.version(), server.lastChangedAt(), false));
              changed.add(
                  new Observers.Change(
                      type,
                      values,
                      MutationType.UPDATE,
                      dev.cairn.client.ModelChange.Origin.LOCAL));
            }
          }
          return null;
        });
    engine.observers().changed(changed);
    if (++conflicts > CONFLICTS_BEFORE_BACKOFF) {
      throw new CairnException("ConflictUnhandled", "repeated conflicts; backing off", true, null);
    }
  }

  private void fail(
      ModelType<?> type,
      PendingMutation entry,
      CairnException error,
      Map<String, Object> serverRecord) {
    conflicts = 0;
    Map<String, Object> server = serverRecord;
    if (server == null) {
      try {
        server = fetch(type, entry.key(type));
      } catch (CairnException e) {
        LOG.log(Level.DEBUG, "could not read back " + entry.recordId(), e);
      }
    }
    engine.observers().changed(engine.merger().abandon(type, entry, server));
    engine.errorHandler().accept(error);
    engine
        .events()
        .publish(
            new CairnEvent.MutationFailed(type.name(), entry.recordId(), entry.mutation(), error));
  }

  /** The server's record of {@code key} ({@code get<Model>}), or null when it has none. */
  private Map<String, Object> fetch(ModelType<?> type, RecordKey key) {
    GraphQLHttp.Response response =
        engine.http().send(Documents.get(type, key), Documents.getVariables(type, key));
    return record(response.data().get("get" + type.name()));
  }

  /**
   * The mutation's variables as Amplify builds them: {@code input} holds the key fields ({@code
   * id}, or every {@code @primaryKey} field), then for a create or update the fields to send, then
   * for an update or delete the stored {@code _version}; {@code condition} for an update or delete.
   */
  static Map<String, Object> variables(ModelType<?> type, PendingMutation entry, int version) {
    Map<String, Object> input = new LinkedHashMap<>(entry.key(type).asMap());
    if (entry.mutation() != MutationType.DELETE) {
      entry.data().forEach(input::putIfAbsent);
    }
    if (entry.mutation() != MutationType.CREATE) {
      input.put(Values.VERSION, version);
    }
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("input", input);
    if (entry.mutation() != MutationType.CREATE) {
      variables.put("condition", entry.condition());
    }
    return variables;
  }

  private static Map<String, Object> writable(ModelType<?> type, Map<String, Object> values) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (ModelField field : type.fields()) {
      if (!field.readOnly()
          && values.containsKey(field.name())
          && !type.primaryKey().contains(field.name())) {
        out.put(field.name(), values.get(field.name()));
      }
    }
    return out;
  }

  /** The entries of {@code values} whose value the server's record does not already hold. */
  private static Map<String, Object> differing(
      Map<String, Object> values, Map<String, Object> server) {
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach(
        (name, value) -> {
          if (!server.containsKey(name) || !Values.same(server.get(name), value)) {
            out.put(name, value);
          }
        });
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> record(Object value) {
    return value instanceof Map ? (Map<String, Object>) value : null;
  }

  /** For tests: whether a backoff is running. */
  boolean backingOff() {
    return pendingRetry != null;
  }
}
