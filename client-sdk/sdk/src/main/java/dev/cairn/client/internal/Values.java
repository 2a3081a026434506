package dev.cairn.client.internal;

import dev.cairn.client.CairnException;
import dev.cairn.client.FieldKind;
import dev.cairn.client.ModelField;
import dev.cairn.client.ModelType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Wire values of a record: normalizing what a codec or the server gave ({@code Integer} and {@code
 * Long} become {@code Long}, {@code Float} becomes {@code Double}), validating them against the
 * model before anything is written, and comparing them. Stateless.
 */
public final class Values {
  public static final String VERSION = "_version";
  public static final String LAST_CHANGED_AT = "_lastChangedAt";
  public static final String DELETED = "_deleted";

  private Values() {}

  /** The model's fields of {@code values}, normalized; keys not in the model are dropped. */
  public static Map<String, Object> normalize(ModelType<?> type, Map<String, Object> values) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (ModelField field : type.fields()) {
      if (values.containsKey(field.name())) {
        out.put(field.name(), normalize(values.get(field.name())));
      }
    }
    return out;
  }

  /** Normalizes one value (numbers, nested lists and maps). */
  public static Object normalize(Object value) {
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof Enum<?> e) {
      return e.name();
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(normalize(v)));
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), normalize(v)));
      return out;
    }
    return value;
  }

  /**
   * Checks a record the app is saving.
   *
   * @throws CairnException {@code InvalidModel}, naming the model, the field and the fix
   */
  public static void validate(ModelType<?> type, Map<String, Object> values) {
    if (type.hasDefaultKey()) {
      Object id = values.get("id");
      if (!(id instanceof String s) || s.isBlank()) {
        throw invalid(type, "id", "is missing; give the record an id (e.g. a random UUID)");
      }
    } else {
      RecordKey.of(type, values);
    }
    for (ModelField field : type.fields()) {
      Object value = values.get(field.name());
      if (value == null) {
        if (field.required() && !field.readOnly()) {
          throw invalid(type, field.name(), "is required; set it before saving");
        }
        continue;
      }
      if (field.list()) {
        if (!(value instanceof List<?> list)) {
          throw invalid(type, field.name(), "must be a list");
        }
        for (Object element : list) {
          if (element != null) {
            checkKind(type, field, element);
          }
        }
      } else {
        checkKind(type, field, value);
      }
    }
  }

  private static void checkKind(ModelType<?> type, ModelField field, Object value) {
    boolean ok =
        switch (field.kind()) {
          case ID, STRING, JSON -> value instanceof String;
          case INT -> value instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE;
          case LONG -> value instanceof Long;
          case FLOAT -> value instanceof Double || value instanceof Long;
          case BOOLEAN -> value instanceof Boolean;
          case ENUM -> value instanceof String s && field.enumValues().contains(s);
          case EMBEDDED -> value instanceof Map;
        };
    if (!ok) {
      String expected =
          field.kind() == FieldKind.ENUM
              ? "one of " + field.enumValues()
              : "a " + field.kind().name().toLowerCase(Locale.ROOT);
      throw invalid(type, field.name(), "is `" + value + "`, expected " + expected);
    }
    if (field.kind() == FieldKind.EMBEDDED) {
      @SuppressWarnings("unchecked")
      Map<String, Object> nested = (Map<String, Object>) value;
      for (ModelField inner : field.embeddedFields()) {
        if (inner.required() && nested.get(inner.name()) == null) {
          throw invalid(type, field.name() + "." + inner.name(), "is required; set it");
        }
      }
    }
  }

  private static CairnException invalid(ModelType<?> type, String field, String problem) {
    return new CairnException("InvalidModel", type.name() + "." + field + " " + problem);
  }

  /** Whether two normalized values are equal (numbers by value). */
  public static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue();
    }
    return Objects.equals(a, b);
  }

  /** Orders two non-null values of the same kind; numbers by value, others by natural order. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static int compare(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    if (a instanceof Comparable c && a.getClass() == b.getClass()) {
      return c.compareTo(b);
    }
    return String.valueOf(a).compareTo(String.valueOf(b));
  }

  public static int intOf(Object value, int otherwise) {
    return value instanceof Number n ? n.intValue() : otherwise;
  }

  public static long longOf(Object value, long otherwise) {
    return value instanceof Number n ? n.longValue() : otherwise;
  }
}
