package dev.cairn.client.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One flag as the server served it to this user, in the shape of the {@code CairnFlag} GraphQL
 * object ({@code value} is a JSON text, AWSJSON). {@code value} holds it parsed; an unreadable or
 * missing value is {@code null} and {@code readable} tells which.
 */
record ServedFlag(
    String key,
    String kind,
    String valueJson,
    String variation,
    String reason,
    String ruleId,
    String prerequisiteKey,
    String errorKind,
    Object value,
    boolean readable) {

  /**
   * A {@code CairnFlag} object of the wire or the store.
   *
   * @throws IllegalArgumentException when it has no {@code key}
   */
  static ServedFlag fromWire(Map<?, ?> m) {
    if (!(m.get("key") instanceof String key) || key.isEmpty()) {
      throw new IllegalArgumentException("a served flag without a key: " + m);
    }
    String valueJson = text(m.get("value"));
    Object value = null;
    boolean readable = valueJson != null;
    if (valueJson != null) {
      try {
        value = Json.parse(valueJson);
      } catch (IllegalArgumentException e) {
        readable = false;
      }
    }
    return new ServedFlag(
        key,
        text(m.get("kind")),
        valueJson,
        text(m.get("variation")),
        text(m.get("reason")),
        text(m.get("ruleId")),
        text(m.get("prerequisiteKey")),
        text(m.get("errorKind")),
        value,
        readable);
  }

  Map<String, Object> toWire() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", key);
    m.put("kind", kind);
    m.put("value", valueJson);
    m.put("variation", variation);
    m.put("reason", reason);
    m.put("ruleId", ruleId);
    m.put("prerequisiteKey", prerequisiteKey);
    m.put("errorKind", errorKind);
    return m;
  }

  /** Whether the user would notice a difference: kind, value or variation. */
  boolean servesSameAs(ServedFlag other) {
    return other != null
        && Objects.equals(kind, other.kind)
        && Objects.equals(value, other.value)
        && Objects.equals(variation, other.variation);
  }

  /** A removed flag, as the server pushes it: an ERROR of kind FLAG_NOT_FOUND. */
  boolean isGone() {
    return "ERROR".equals(reason) && "FLAG_NOT_FOUND".equals(errorKind);
  }

  private static String text(Object o) {
    return o == null ? null : String.valueOf(o);
  }
}
