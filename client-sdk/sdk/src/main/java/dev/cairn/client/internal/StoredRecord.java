package dev.cairn.client.internal;

import java.util.Map;

/**
 * A record as the local store holds it: the model's wire values and the server's metadata ({@code
 * version} 0 = never acknowledged by the server).
 */
public record StoredRecord(
    Map<String, Object> values, int version, long lastChangedAt, boolean deleted) {

  public String id() {
    return (String) values.get("id");
  }
}
