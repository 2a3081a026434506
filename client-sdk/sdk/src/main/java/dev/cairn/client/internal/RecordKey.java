package dev.cairn.client.internal;

import dev.cairn.client.CairnException;
import dev.cairn.client.FieldKind;
import dev.cairn.client.ModelField;
import dev.cairn.client.ModelType;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The full primary key of one record: the values of its model's key fields ({@code id}, or a
 * {@code @primaryKey} field and its sort key fields), in key order, each normalized by its field's
 * kind so that a key read from the app, from the server or from the store compares equal.
 *
 * <p>{@link #text()} is the key as one string, kept in the outbox and carried by events: the value
 * itself for a key of one ID, String or enum field (so an {@code id}-keyed record's text is its
 * id), else a JSON array of the values ({@code ["w1","A-01"]}). Two keys of one model are equal
 * exactly when their texts are. Immutable.
 */
public final class RecordKey {
  private final List<ModelField> fields;
  private final List<Object> values;
  private final String text;

  private RecordKey(List<ModelField> fields, List<Object> values) {
    this.fields = fields;
    this.values = values;
    this.text = textOf(fields, values);
  }

  /**
   * The key of the record holding {@code values} (wire values of the whole record).
   *
   * @throws CairnException {@code InvalidModel} naming the key field that is missing or of the
   *     wrong kind
   */
  public static RecordKey of(ModelType<?> type, Map<String, Object> values) {
    List<ModelField> fields = type.keyFields();
    List<Object> out = new ArrayList<>(fields.size());
    for (ModelField field : fields) {
      out.add(keyValue(type.name(), fields, field, values.get(field.name()), "InvalidModel"));
    }
    return new RecordKey(fields, out);
  }

  /**
   * The key of {@code type} made of {@code keyValues}, given by the app in key order (partition key
   * first, then the sort key fields).
   *
   * @throws CairnException {@code InvalidPredicate} when the number or the kind of the values does
   *     not fit the key
   */
  public static RecordKey ofValues(ModelType<?> type, List<?> keyValues) {
    List<ModelField> fields = type.keyFields();
    if (keyValues.size() != fields.size()) {
      throw new CairnException(
          "InvalidPredicate",
          type.name()
              + " is keyed by "
              + type.primaryKey()
              + "; give "
              + fields.size()
              + " key value(s) in that order, not "
              + keyValues.size());
    }
    List<Object> out = new ArrayList<>(fields.size());
    for (int i = 0; i < fields.size(); i++) {
      out.add(keyValue(type.name(), fields, fields.get(i), keyValues.get(i), "InvalidPredicate"));
    }
    return new RecordKey(fields, out);
  }

  /**
   * The key whose {@link #text()} is {@code text}.
   *
   * @throws CairnException {@code LocalStore} when the text is not a key of {@code fields}
   */
  public static RecordKey parse(ModelType<?> type, String text) {
    return parse(type.name(), type.keyFields(), text);
  }

  /**
   * Like {@link #parse(ModelType, String)} for the key {@code fields} of the model {@code model}.
   */
  static RecordKey parse(String model, List<ModelField> fields, String text) {
    if (plainText(fields)) {
      return new RecordKey(fields, List.of(text));
    }
    Object parsed;
    try {
      parsed = Json.parse(text);
    } catch (RuntimeException e) {
      parsed = null;
    }
    if (!(parsed instanceof List<?> list) || list.size() != fields.size()) {
      throw new CairnException(
          "LocalStore",
          "`"
              + text
              + "` is not a key of "
              + model
              + " "
              + names(fields)
              + "; the store is damaged",
          false,
          null);
    }
    List<Object> out = new ArrayList<>(fields.size());
    for (int i = 0; i < fields.size(); i++) {
      out.add(keyValue(model, fields, fields.get(i), list.get(i), "LocalStore"));
    }
    return new RecordKey(fields, out);
  }

  /** The key as one string (see the class comment). */
  public String text() {
    return text;
  }

  /** Key field name to value, in key order: the key arguments of a mutation input or a get. */
  public Map<String, Object> asMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      out.put(fields.get(i).name(), values.get(i));
    }
    return out;
  }

  /** The values in key order. */
  public List<Object> values() {
    return values;
  }

  /**
   * The key as a sync filter selecting exactly this record: {@code {"id":{"eq":…}}} for one field,
   * else an {@code and} of one {@code eq} per key field.
   */
  public Map<String, Object> filter() {
    List<Object> parts = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      parts.add(Map.of(fields.get(i).name(), Map.of("eq", values.get(i))));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> single = parts.size() == 1 ? (Map<String, Object>) parts.get(0) : null;
    return single != null ? single : Map.of("and", parts);
  }

  /** {@code "k1" = ? AND "k2" = ?} for the key fields of {@code type}. */
  static String where(ModelType<?> type) {
    return where(type.primaryKey());
  }

  /** {@code "k1" = ? AND "k2" = ?} for the key fields {@code keyFields}. */
  static String where(List<String> keyFields) {
    return keyFields.stream()
        .map(k -> SqlTables.quote(k) + " = ?")
        .collect(Collectors.joining(" AND "));
  }

  /** Binds the key values to the parameters {@code from}, {@code from + 1}, … of {@code s}. */
  void bind(PreparedStatement s, int from) throws SQLException {
    for (int i = 0; i < fields.size(); i++) {
      SqlTables.bind(s, from + i, SqlTables.toSql(fields.get(i), values.get(i)));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecordKey other && other.text.equals(text) && other.fields.equals(fields);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }

  private static boolean plainText(List<ModelField> fields) {
    if (fields.size() != 1) {
      return false;
    }
    FieldKind kind = fields.get(0).kind();
    return kind == FieldKind.ID || kind == FieldKind.STRING || kind == FieldKind.ENUM;
  }

  private static String textOf(List<ModelField> fields, List<Object> values) {
    return plainText(fields) ? (String) values.get(0) : Json.write(values);
  }

  private static String names(List<ModelField> fields) {
    return fields.stream().map(ModelField::name).toList().toString();
  }

  /** A key value normalized by its field's kind; never null. */
  private static Object keyValue(
      String model, List<ModelField> key, ModelField field, Object raw, String errorType) {
    Object value = Values.normalize(raw);
    Object normalized =
        switch (field.kind()) {
          case ID, STRING, JSON -> value instanceof String s && !s.isEmpty() ? s : null;
          case ENUM -> value instanceof String s && field.enumValues().contains(s) ? s : null;
          case INT, LONG -> value instanceof Long l ? l : null;
          case FLOAT -> value instanceof Number n ? (Object) n.doubleValue() : null;
          case BOOLEAN -> value instanceof Boolean b ? b : null;
          case EMBEDDED -> null;
        };
    if (normalized == null) {
      String problem =
          value == null || "".equals(value)
              ? "is missing"
              : "is `"
                  + value
                  + "`, expected "
                  + (field.kind() == FieldKind.ENUM
                      ? "one of " + field.enumValues()
                      : "a " + field.kind().name().toLowerCase(Locale.ROOT));
      throw new CairnException(
          errorType,
          model
              + "."
              + field.name()
              + " "
              + problem
              + "; it is part of the primary key "
              + names(key)
              + ", which every record must have",
          false,
          null);
    }
    return normalized;
  }
}
