package dev.cairn.client.openfeature;

import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.Structure;
import dev.openfeature.sdk.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** OpenFeature evaluation contexts as plain attributes, and how they differ from the client's. */
final class Contexts {
  private Contexts() {}

  /**
   * The context's attributes as JSON-like Java values ({@code targetingKey} included when set);
   * empty for null. Instants become ISO-8601 text.
   */
  static Map<String, Object> attributes(EvaluationContext context) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (context == null) {
      return out;
    }
    context
        .asMap()
        .forEach(
            (k, v) -> {
              Object plain = plain(v);
              if (plain != null) {
                out.put(k, plain);
              }
            });
    String targetingKey = context.getTargetingKey();
    if (targetingKey != null && !targetingKey.isEmpty()) {
      out.put(EvaluationContext.TARGETING_KEY, targetingKey);
    }
    return out;
  }

  /** The details' attributes other than {@code value}, as plain values. */
  static Map<String, Object> attributes(Structure structure) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (structure != null) {
      structure
          .asMap()
          .forEach(
              (k, v) -> {
                Object plain = plain(v);
                if (plain != null && !k.equals("value")) {
                  out.put(k, plain);
                }
              });
    }
    return out;
  }

  static Object plain(Value value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    if (value.isNumber()) {
      Object o = value.asObject();
      return o instanceof Integer i ? Long.valueOf(i) : o;
    }
    if (value.isString()) {
      return value.asString();
    }
    if (value.isInstant()) {
      return value.asInstant().toString();
    }
    if (value.isList()) {
      List<Object> out = new ArrayList<>();
      value.asList().forEach(v -> out.add(plain(v)));
      return out;
    }
    if (value.isStructure()) {
      Map<String, Object> out = new LinkedHashMap<>();
      value.asStructure().asMap().forEach((k, v) -> out.put(k, plain(v)));
      return out;
    }
    return String.valueOf(value.asObject());
  }

  /**
   * The attributes the server should evaluate with when {@code evaluation} asks for something the
   * client's own context does not hold: the client's attributes overlaid by the evaluation's; null
   * when every attribute of {@code evaluation} equals the client's (a local read answers).
   */
  static Map<String, Object> override(Map<String, Object> client, Map<String, Object> evaluation) {
    boolean differs = false;
    for (Map.Entry<String, Object> e : evaluation.entrySet()) {
      if (!Objects.equals(normalized(client.get(e.getKey())), normalized(e.getValue()))) {
        differs = true;
        break;
      }
    }
    if (!differs) {
      return null;
    }
    Map<String, Object> merged = new LinkedHashMap<>(client);
    merged.putAll(evaluation);
    return merged;
  }

  private static Object normalized(Object v) {
    return v instanceof Integer i ? Long.valueOf(i) : v;
  }
}
