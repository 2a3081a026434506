package dev.cairn.server.data;

import dev.cairn.spec.Model;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A record's primary key: the values of the model's primary-key fields, in key order. Stored as the
 * MongoDB {@code _id} (see {@link #documentId()}).
 */
public record RecordKey(Map<String, Object> values) {
  public RecordKey {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /**
   * Reads the primary key of {@code model} from {@code input}.
   *
   * @throws DataException.InvalidInput naming the field when a key field is missing or not a scalar
   *     value
   */
  public static RecordKey of(Model model, Map<String, ?> input) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (String field : model.primaryKey().fields()) {
      Object value = input.get(field);
      if (value == null) {
        throw new DataException.InvalidInput(
            "key field `"
                + field
                + "` of "
                + model.name()
                + " is missing; every key field is required");
      }
      if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
        throw new DataException.InvalidInput(
            "key field `" + field + "` of " + model.name() + " must be a scalar value");
      }
      values.put(field, value);
    }
    return new RecordKey(values);
  }

  /**
   * The value stored as {@code _id}: the key value for a single-field key; for a composite key a
   * JSON array of the values as strings ({@code ["w1","A-1"]}), so that ids stay plain strings that
   * sort and page the same on every MongoDB.
   */
  public Object documentId() {
    if (values.size() == 1) {
      return values.values().iterator().next();
    }
    StringBuilder out = new StringBuilder("[");
    for (Object value : values.values()) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append(quote(String.valueOf(value)));
    }
    return out.append(']').toString();
  }

  // Not JsonOutput: this escaping (quote and backslash only) is part of ids already stored.
  private static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.append('"').toString();
  }

  public List<String> fields() {
    return List.copyOf(values.keySet());
  }

  @Override
  public String toString() {
    return values.size() == 1 ? String.valueOf(documentId()) : values.toString();
  }
}
