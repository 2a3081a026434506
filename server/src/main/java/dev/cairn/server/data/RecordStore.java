package dev.cairn.server.data;

import dev.cairn.server.TenantId;
import dev.cairn.server.data.conflict.ConflictStrategy;
import dev.cairn.spec.Model;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.bson.Document;

/**
 * A tenant's records, one collection per model in the tenant's own database. Records are returned
 * in API shape: the model's stored fields plus {@code _version}, {@code _lastChangedAt} (ms) and
 * {@code _deleted}, never MongoDB's {@code _id}.
 *
 * <p>Every write is all-or-nothing: when a method throws, nothing was written. Every accepted write
 * increments {@code _version} (1 on create), sets {@code _lastChangedAt} and {@code updatedAt}, and
 * appends a change-journal entry. Conditions are {@code Model<M>ConditionInput} values, filters
 * {@code Model<M>FilterInput} values (see {@link dev.cairn.server.data.filter.FilterTranslator}).
 * Thread-safe.
 */
public interface RecordStore {
  /**
   * Creates a record with the client's id (a UUID is made when a default {@code id} is missing).
   *
   * @throws DataException.ConditionalCheckFailed when a record (or tombstone) with that key exists
   * @throws DataException.InvalidInput when the input names a field the model does not store, or
   *     carries a condition (conditions on create are not supported)
   */
  Document create(
      TenantId tenant, Model model, Map<String, Object> input, Map<String, ?> condition);

  /**
   * Updates the fields present in {@code input} (a partial update). A missing {@code _version}
   * counts as 0 (AppSync); a {@code _version} behind the stored one is a conflict answered by
   * {@code strategy}.
   *
   * @throws DataException.ConditionalCheckFailed when there is no such record, it is deleted, or
   *     the condition does not hold on it
   * @throws DataException.ConflictUnhandled when the strategy rejects a stale write
   */
  default Document update(
      TenantId tenant,
      Model model,
      Map<String, Object> input,
      Map<String, ?> condition,
      ConflictStrategy strategy) {
    return update(tenant, model, input, condition, strategy, stored -> {});
  }

  /**
   * {@link #update} that first shows the stored record (API shape, tombstones too) to {@code
   * authorize}, which throws to refuse the write; it sees exactly the version the write is checked
   * against, so a record changed in between cannot slip past it.
   */
  Document update(
      TenantId tenant,
      Model model,
      Map<String, Object> input,
      Map<String, ?> condition,
      ConflictStrategy strategy,
      Consumer<Document> authorize);

  /**
   * Deletes a record, leaving a tombstone ({@code _deleted: true}) that syncs to other devices.
   * Same version, condition and conflict rules as {@link #update}.
   */
  default Document delete(
      TenantId tenant,
      Model model,
      Map<String, Object> input,
      Map<String, ?> condition,
      ConflictStrategy strategy) {
    return delete(tenant, model, input, condition, strategy, stored -> {});
  }

  /** {@link #delete} with the same {@code authorize} step as {@link #update}'s. */
  Document delete(
      TenantId tenant,
      Model model,
      Map<String, Object> input,
      Map<String, ?> condition,
      ConflictStrategy strategy,
      Consumer<Document> authorize);

  /** The record with this key, tombstones included. */
  Optional<Document> get(TenantId tenant, Model model, RecordKey key);

  /**
   * The records with these keys, tombstones included, by {@link RecordKey#documentId()}; keys
   * without a record are absent from the answer. One database query per call (the relation loads of
   * a GraphQL request batch their keys through this), so callers bound the number of keys.
   */
  default Map<Object, Document> getAll(TenantId tenant, Model model, Collection<RecordKey> keys) {
    Map<Object, Document> found = new LinkedHashMap<>();
    for (RecordKey key : keys) {
      get(tenant, model, key).ifPresent(record -> found.put(key.documentId(), record));
    }
    return found;
  }

  /**
   * Opens a cursor over the records matching the MongoDB {@code query} (built by this package
   * only), in {@code _id} order after {@code afterId}, fetching {@code batchSize} records at a
   * time. The caller must close it.
   */
  RecordCursor scan(
      TenantId tenant, Model model, Document query, Optional<Object> afterId, int batchSize);

  /**
   * How many records (tombstones included) match the MongoDB {@code query} (built by this package
   * only), if the database can tell within about {@code budget}; empty when it cannot, or when this
   * store does not count. Sync progress uses it as an estimate of the total, so it need not be
   * exact (a count from metadata may be), but it must never count records outside {@code query}.
   */
  default OptionalLong count(TenantId tenant, Model model, Document query, Duration budget) {
    return OptionalLong.empty();
  }

  /**
   * Removes tombstones whose {@code _lastChangedAt} is before {@code cutoffMillis} (the tombstone
   * retention). Sync answers a {@code lastSync} older than the retention with a base sync, so no
   * client misses a purged deletion.
   *
   * @return how many tombstones were removed
   */
  long purgeTombstones(TenantId tenant, Model model, long cutoffMillis);
}
