package dev.cairn.client.internal;

import dev.cairn.client.CairnException;
import dev.cairn.client.ModelChange;
import dev.cairn.client.ModelField;
import dev.cairn.client.ModelType;
import dev.cairn.client.MutationType;
import dev.cairn.client.QueryPredicate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The app's writes: validates the record, then writes it and its outbox entry in one transaction.
 * Nothing is written when validation or the local condition check fails. Thread-safe.
 */
public final class LocalWrites {
  private final LocalStore store;

  public LocalWrites(LocalStore store) {
    this.store = store;
  }

  /**
   * What a write did: the change to announce, the record's {@link RecordKey#text() key text} and
   * how the outbox took it; empty for a no-op.
   */
  public record Written(Observers.Change change, String id, Outbox.Outcome outcome) {}

  /**
   * Saves {@code values} (wire values of a whole record) as a create or an update.
   *
   * @throws CairnException {@code InvalidModel} for values the schema refuses, {@code
   *     ConditionNotMet} when {@code condition} does not hold for the local record
   */
  public Optional<Written> save(
      ModelType<?> type, Map<String, Object> rawValues, QueryPredicate condition) {
    Map<String, Object> values = Values.normalize(type, rawValues);
    Values.validate(type, values);
    RecordKey key = RecordKey.of(type, values);
    String id = key.text();
    Map<String, Object> conditionFilter = Predicates.toCondition(condition, type.primaryKey());
    return store.transaction(
        c -> {
          Optional<StoredRecord> existing = store.get(c, type, key);
          if (existing.isPresent() && !existing.get().deleted()) {
            StoredRecord old = existing.get();
            checkCondition(type, id, condition, old.values());
            Map<String, Object> changed = new LinkedHashMap<>();
            Map<String, Object> merged = new LinkedHashMap<>(old.values());
            for (ModelField field : type.fields()) {
              if (field.readOnly() || !values.containsKey(field.name())) {
                continue;
              }
              Object value = values.get(field.name());
              if (!Values.same(value, old.values().get(field.name()))) {
                changed.put(field.name(), value);
                merged.put(field.name(), value);
              }
            }
            if (changed.isEmpty() && condition == null) {
              return Optional.<Written>empty();
            }
            store.put(c, type, new StoredRecord(merged, old.version(), old.lastChangedAt(), false));
            Outbox.Outcome outcome =
                store
                    .outbox()
                    .enqueue(c, type.name(), id, MutationType.UPDATE, changed, conditionFilter);
            return Optional.of(
                new Written(
                    new Observers.Change(
                        type, merged, MutationType.UPDATE, ModelChange.Origin.LOCAL),
                    id,
                    outcome));
          }
          Map<String, Object> data = new LinkedHashMap<>();
          for (ModelField field : type.fields()) {
            Object value = values.get(field.name());
            if (!field.readOnly() && value != null) {
              data.put(field.name(), value);
            }
          }
          int version = existing.map(StoredRecord::version).orElse(0);
          store.put(c, type, new StoredRecord(values, version, 0, false));
          Outbox.Outcome outcome =
              existing.isEmpty()
                  ? store.outbox().enqueueFirst(c, type.name(), id, MutationType.CREATE, data, null)
                  : store.outbox().enqueue(c, type.name(), id, MutationType.CREATE, data, null);
          return Optional.of(
              new Written(
                  new Observers.Change(type, values, MutationType.CREATE, ModelChange.Origin.LOCAL),
                  id,
                  outcome));
        });
  }

  /**
   * Deletes the record with the primary key {@code key} locally (kept as a tombstone until the
   * server confirms) and queues the delete; empty when there is no such live record.
   */
  public Optional<Written> delete(ModelType<?> type, RecordKey key, QueryPredicate condition) {
    Map<String, Object> conditionFilter = Predicates.toCondition(condition, type.primaryKey());
    String id = key.text();
    return store.transaction(
        c -> {
          Optional<StoredRecord> existing = store.get(c, type, key);
          if (existing.isEmpty() || existing.get().deleted()) {
            return Optional.<Written>empty();
          }
          StoredRecord old = existing.get();
          checkCondition(type, id, condition, old.values());
          store.put(
              c, type, new StoredRecord(old.values(), old.version(), old.lastChangedAt(), true));
          Outbox.Outcome outcome =
              store
                  .outbox()
                  .enqueue(c, type.name(), id, MutationType.DELETE, Map.of(), conditionFilter);
          return Optional.of(
              new Written(
                  new Observers.Change(
                      type, old.values(), MutationType.DELETE, ModelChange.Origin.LOCAL),
                  id,
                  outcome));
        });
  }

  /** Like {@link #delete(ModelType, RecordKey, QueryPredicate)} for a key text (an id). */
  public Optional<Written> delete(ModelType<?> type, String keyText, QueryPredicate condition) {
    return delete(type, RecordKey.parse(type, keyText), condition);
  }

  private static void checkCondition(
      ModelType<?> type, String id, QueryPredicate condition, Map<String, Object> current) {
    if (condition != null && !Predicates.test(condition, current)) {
      throw new CairnException(
          "ConditionNotMet",
          "the condition does not hold for "
              + type.name()
              + " "
              + id
              + " in the local store; nothing was saved");
    }
  }
}
