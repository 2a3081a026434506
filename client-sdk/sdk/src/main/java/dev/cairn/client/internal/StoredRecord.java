package dev.cairn.client.internal;

import dev.cairn.client.ModelType;
import java.util.Map;

/**
 * A record as the local store holds it: the model's wire values and the server's metadata ({@code
 * version} 0 = never acknowledged by the server).
 */
public record StoredRecord(
    Map<String, Object> values, int version, long lastChangedAt, boolean deleted) {

  /** The {@code id} field's value; only for a model keyed by {@code id} (see {@link #key}). */
  public String id() {
    return (String) values.get("id");
  }

  /** The record's full primary key under {@code type}. */
  public RecordKey key(ModelType<?> type) {
    return RecordKey.of(type, values);
  }
}
