package dev.cairn.server.changes;

import dev.cairn.server.TenantId;
import java.util.Objects;
import org.bson.Document;

/**
 * One accepted write: the record as it is after the write (tombstones included), with its new
 * {@code _version} and {@code _lastChangedAt}. Realtime fans these out; conflict resolution reads
 * older ones as the base of a {@code COUNTER} field.
 *
 * @param recordId the record's MongoDB {@code _id}
 * @param record the full record in API shape (no {@code _id})
 */
public record ChangeEntry(
    TenantId tenant,
    String model,
    Object recordId,
    ChangeOperation operation,
    int version,
    long lastChangedAt,
    Document record) {
  public ChangeEntry {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(recordId, "recordId");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(record, "record");
  }
}
