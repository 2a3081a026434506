package dev.cairn.spec.flags;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who a flag is evaluated for: attributes by name, {@code key} being the user id. Values are plain
 * Java (String, Boolean, Number, List). Build one from a caller's token claims and the attributes
 * its client sent with {@link #of(String, Map, Map)}: a client can never override a claim.
 */
public record EvaluationContext(Map<String, Object> attributes) {
  /** The attribute holding the user id; the default rollout bucketing attribute. */
  public static final String KEY = "key";

  public EvaluationContext {
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /**
   * The context of user {@code key}: every claim (under its claim name), then every client
   * attribute whose name is neither {@code key} nor a claim's. Null values are left out.
   */
  public static EvaluationContext of(
      String key, Map<String, ?> claims, Map<String, ?> clientAttributes) {
    Map<String, Object> merged = new LinkedHashMap<>();
    clientAttributes.forEach(
        (name, value) -> {
          if (value != null && !claims.containsKey(name) && !KEY.equals(name)) {
            merged.put(name, value);
          }
        });
    claims.forEach(
        (name, value) -> {
          if (value != null) {
            merged.put(name, value);
          }
        });
    if (key != null) {
      merged.put(KEY, key);
    }
    return new EvaluationContext(merged);
  }

  public Optional<Object> get(String attribute) {
    return Optional.ofNullable(attributes.get(attribute));
  }

  public Optional<String> key() {
    return get(KEY).map(String::valueOf);
  }
}
