package dev.cairn.client.internal;

import dev.cairn.client.FieldKind;
import dev.cairn.client.ModelField;
import dev.cairn.client.ModelType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The storage shape of a model — what its SQLite table holds: each stored field's name, kind, list
 * flag, nullability, enum values and embedded fields, and the indexed fields — as plain JSON
 * values, so the shape the store was built with can be kept in the store and compared with the
 * shape of the app's generated models. {@link #diff} classifies a change as DataStore's modelgen
 * version cannot: compatible changes (a new optional field, a new enum value, a new or removed
 * index, a field made optional, an optional field added to an embedded type) migrate in place;
 * anything else (a field removed, retyped, made required or added as required; an enum value
 * removed; the primary key changed) rebuilds the model's table. Stateless.
 */
final class ModelShapes {
  private ModelShapes() {}

  /** How a model's shape changed. */
  enum Change {
    UNCHANGED,
    NEW,
    COMPATIBLE,
    INCOMPATIBLE
  }

  /**
   * A diff of one model: the change, the fields whose values the server may hold and the store does
   * not ({@code fill}, for a compatible change) and, for an incompatible one, why.
   */
  record Diff(Change change, List<String> fill, String reason) {}

  static Map<String, Object> of(ModelType<?> type) {
    Map<String, Object> shape = new LinkedHashMap<>();
    List<Object> fields = new ArrayList<>();
    type.fields().forEach(f -> fields.add(field(f)));
    shape.put("fields", fields);
    shape.put("indexes", List.copyOf(type.indexedFields()));
    if (!type.hasDefaultKey()) {
      // Only a @primaryKey is recorded, so that stores of id-keyed models keep their hash.
      shape.put("key", List.copyOf(type.primaryKey()));
    }
    return shape;
  }

  /** The primary key fields a stored shape was built with. */
  static List<String> key(Map<String, Object> shape) {
    List<String> out = new ArrayList<>();
    if (shape.get("key") instanceof List<?> key) {
      key.forEach(k -> out.add(String.valueOf(k)));
    } else {
      out.add("id");
    }
    return out;
  }

  /** The primary key fields of a stored shape as fields (name, kind, enum values). */
  @SuppressWarnings("unchecked")
  static List<ModelField> keyFields(Map<String, Object> shape) {
    Map<String, Map<String, Object>> fields = byName((List<Object>) shape.get("fields"));
    List<ModelField> out = new ArrayList<>();
    for (String name : key(shape)) {
      Map<String, Object> field = fields.get(name);
      FieldKind kind =
          field == null ? FieldKind.ID : FieldKind.valueOf(String.valueOf(field.get("kind")));
      List<String> enumValues = new ArrayList<>();
      if (field != null && field.get("enum") instanceof List<?> values) {
        values.forEach(v -> enumValues.add(String.valueOf(v)));
      }
      out.add(new ModelField(name, kind, true, false, false, enumValues, List.of()));
    }
    return out;
  }

  private static Map<String, Object> field(ModelField f) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", f.name());
    out.put("kind", f.kind().name());
    out.put("required", f.required());
    out.put("list", f.list());
    out.put("enum", List.copyOf(f.enumValues()));
    List<Object> embedded = new ArrayList<>();
    f.embeddedFields().forEach(e -> embedded.add(field(e)));
    out.put("embedded", embedded);
    return out;
  }

  /** A hash of every model's shape, order-independent: the store's schema version. */
  static String hash(List<ModelType<?>> types) {
    StringBuilder canonical = new StringBuilder();
    types.stream()
        .sorted(Comparator.comparing(ModelType::name))
        .forEach(
            t -> canonical.append(t.name()).append('=').append(Json.write(of(t))).append('\n'));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  /**
   * How {@code type} differs from the shape the store holds.
   *
   * @param stored the stored shape, null when the store has no such model
   */
  @SuppressWarnings("unchecked")
  static Diff diff(Map<String, Object> stored, ModelType<?> type) {
    if (stored == null) {
      return new Diff(Change.NEW, List.of(), null);
    }
    Map<String, Object> current = of(type);
    if (Json.write(stored).equals(Json.write(current))) {
      return new Diff(Change.UNCHANGED, List.of(), null);
    }
    if (!key(stored).equals(type.primaryKey())) {
      return incompatible(
          type, "the primary key changed from " + key(stored) + " to " + type.primaryKey());
    }
    Map<String, Map<String, Object>> before = byName((List<Object>) stored.get("fields"));
    Map<String, Map<String, Object>> after = byName((List<Object>) current.get("fields"));
    List<String> fill = new ArrayList<>();
    for (Map.Entry<String, Map<String, Object>> old : before.entrySet()) {
      if (!after.containsKey(old.getKey())) {
        return incompatible(type, "field `" + old.getKey() + "` was removed");
      }
    }
    for (Map.Entry<String, Map<String, Object>> now : after.entrySet()) {
      Map<String, Object> old = before.get(now.getKey());
      if (old == null) {
        if (Boolean.TRUE.equals(now.getValue().get("required"))) {
          return incompatible(type, "field `" + now.getKey() + "` was added as required");
        }
        fill.add(now.getKey());
        continue;
      }
      FieldDiff d = fieldDiff(now.getKey(), old, now.getValue());
      if (d.problem() != null) {
        if (type.primaryKey().contains(now.getKey())) {
          return incompatible(type, "the key field `" + now.getKey() + "` changed: " + d.problem());
        }
        return incompatible(type, d.problem());
      }
      if (d.needsFill()) {
        fill.add(now.getKey());
      }
    }
    return new Diff(Change.COMPATIBLE, List.copyOf(fill), null);
  }

  private record FieldDiff(String problem, boolean needsFill) {}

  @SuppressWarnings("unchecked")
  private static FieldDiff fieldDiff(
      String path, Map<String, Object> old, Map<String, Object> now) {
    if (!Objects.equals(old.get("kind"), now.get("kind"))
        || !Objects.equals(old.get("list"), now.get("list"))) {
      return new FieldDiff(
          "field `" + path + "` was retyped from " + typeName(old) + " to " + typeName(now), false);
    }
    if (!Boolean.TRUE.equals(old.get("required")) && Boolean.TRUE.equals(now.get("required"))) {
      return new FieldDiff("field `" + path + "` was made required", false);
    }
    List<Object> oldEnum = (List<Object>) old.get("enum");
    List<Object> newEnum = (List<Object>) now.get("enum");
    for (Object value : oldEnum) {
      if (!newEnum.contains(value)) {
        return new FieldDiff(
            "enum value `" + value + "` of field `" + path + "` was removed", false);
      }
    }
    Map<String, Map<String, Object>> before = byName((List<Object>) old.get("embedded"));
    Map<String, Map<String, Object>> after = byName((List<Object>) now.get("embedded"));
    boolean fill = false;
    for (String name : before.keySet()) {
      if (!after.containsKey(name)) {
        return new FieldDiff("field `" + path + "." + name + "` was removed", false);
      }
    }
    for (Map.Entry<String, Map<String, Object>> sub : after.entrySet()) {
      Map<String, Object> was = before.get(sub.getKey());
      if (was == null) {
        if (Boolean.TRUE.equals(sub.getValue().get("required"))) {
          return new FieldDiff(
              "field `" + path + "." + sub.getKey() + "` was added as required", false);
        }
        fill = true;
        continue;
      }
      FieldDiff d = fieldDiff(path + "." + sub.getKey(), was, sub.getValue());
      if (d.problem() != null) {
        return d;
      }
      fill |= d.needsFill();
    }
    return new FieldDiff(null, fill);
  }

  private static String typeName(Map<String, Object> field) {
    String kind = String.valueOf(field.get("kind"));
    return Boolean.TRUE.equals(field.get("list")) ? "[" + kind + "]" : kind;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> byName(List<Object> fields) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    for (Object f : fields) {
      Map<String, Object> field = (Map<String, Object>) f;
      out.put((String) field.get("name"), field);
    }
    return out;
  }

  /** Whether a stored field keeps its values unchanged under the new shape. */
  @SuppressWarnings("unchecked")
  static boolean sameStorage(Map<String, Object> stored, String fieldName, ModelField now) {
    Map<String, Map<String, Object>> before = byName((List<Object>) stored.get("fields"));
    Map<String, Object> old = before.get(fieldName);
    return old != null && fieldDiff(fieldName, old, field(now)).problem() == null;
  }

  private static Diff incompatible(ModelType<?> type, String reason) {
    return new Diff(Change.INCOMPATIBLE, List.of(), type.name() + ": " + reason);
  }
}
