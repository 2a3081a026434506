package dev.cairn.server.auth;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What one {@code @auth} rule grants one caller for one operation: every record, no record, or the
 * records whose {@code field} holds one of {@code values} (owner and dynamic-group rules). For a
 * list field, any element counts.
 */
sealed interface Grant {
  Grant ALL = new All();
  Grant NONE = new None();

  record All() implements Grant {}

  record None() implements Grant {}

  /**
   * @param field the owner field or groups field
   * @param list whether the field holds a list
   * @param values the caller's identity values or groups; never empty
   */
  record FieldMatch(String field, boolean list, List<String> values) implements Grant {
    public FieldMatch {
      values = List.copyOf(values);
    }

    boolean test(Map<String, Object> record) {
      Object actual = record.get(field);
      if (actual instanceof Collection<?> elements) {
        return elements.stream().anyMatch(values::contains);
      }
      return actual instanceof String s && values.contains(s);
    }

    /** The same condition as a {@code Model<M>FilterInput} fragment per value. */
    List<Map<String, Object>> filters() {
      String operator = list ? "contains" : "eq";
      return values.stream().map(v -> Map.<String, Object>of(field, Map.of(operator, v))).toList();
    }
  }
}
