package dev.cairn.client.internal;

import dev.cairn.client.ModelType;
import dev.cairn.client.MutationType;
import java.util.Map;

/**
 * An outbox entry: a local change waiting for the server. {@code data} holds the fields to send
 * (all writable fields for a create, the changed ones for an update, none for a delete); {@code
 * condition} is the app's condition as filter JSON, or null. {@code seq} orders entries; {@code
 * recordId} is the record's {@link RecordKey#text() key text}.
 */
public record PendingMutation(
    long seq,
    String model,
    String recordId,
    MutationType mutation,
    Map<String, Object> data,
    Map<String, Object> condition) {

  /** The record's full primary key under {@code type}. */
  public RecordKey key(ModelType<?> type) {
    return RecordKey.parse(type, recordId);
  }
}
