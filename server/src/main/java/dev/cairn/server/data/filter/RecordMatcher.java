package dev.cairn.server.data.filter;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Evaluates a subscription filter ({@code ModelSubscription<M>FilterInput}: {@code eq ne le lt ge
 * gt contains notContains between beginsWith in notIn} per field, {@code and}/{@code or} lists) on
 * one record in memory, as realtime checks every change against every subscription. The filter has
 * already been coerced by GraphQL against the schema, so its field names are the model's. A field
 * the record lacks compares as null: only {@code ne} and {@code notContains} and {@code notIn}
 * match it. Pure and thread-safe.
 */
public final class RecordMatcher {
  private final Map<String, Object> filter;

  /**
   * @param filter the coerced filter argument, or null to match every record
   */
  public RecordMatcher(Map<String, Object> filter) {
    this.filter = filter == null ? Map.of() : Map.copyOf(filter);
  }

  public boolean matches(Map<String, Object> record) {
    return matches(filter, record);
  }

  @SuppressWarnings("unchecked")
  private static boolean matches(Map<String, Object> filter, Map<String, Object> record) {
    for (Map.Entry<String, Object> e : filter.entrySet()) {
      String key = e.getKey();
      Object value = e.getValue();
      if (value == null) {
        continue;
      }
      boolean ok =
          switch (key) {
            case "and" ->
                ((List<Map<String, Object>>) value).stream().allMatch(f -> matches(f, record));
            case "or" ->
                ((List<Map<String, Object>>) value).stream().anyMatch(f -> matches(f, record));
            case "not" -> !matches((Map<String, Object>) value, record);
            default -> field(record.get(key), (Map<String, Object>) value);
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean field(Object actual, Map<String, Object> conditions) {
    for (Map.Entry<String, Object> c : conditions.entrySet()) {
      Object expected = c.getValue();
      if (expected == null && !c.getKey().equals("eq") && !c.getKey().equals("ne")) {
        continue;
      }
      if (!condition(c.getKey(), actual, expected)) {
        return false;
      }
    }
    return true;
  }

  private static boolean condition(String op, Object actual, Object expected) {
    return switch (op) {
      case "eq" -> equal(actual, expected);
      case "ne" -> !equal(actual, expected);
      case "lt" -> compare(actual, expected) < 0;
      case "le" -> compare(actual, expected) <= 0;
      case "gt" -> compare(actual, expected) > 0 && actual != null;
      case "ge" -> compare(actual, expected) >= 0 && actual != null;
      case "between" -> {
        List<?> range = (List<?>) expected;
        yield range.size() == 2
            && actual != null
            && compare(actual, range.get(0)) >= 0
            && compare(actual, range.get(1)) <= 0;
      }
      case "beginsWith" -> actual instanceof String s && s.startsWith(String.valueOf(expected));
      case "contains" -> contains(actual, expected);
      case "notContains" -> !contains(actual, expected);
      case "in" -> ((Collection<?>) expected).stream().anyMatch(v -> equal(actual, v));
      case "notIn" -> ((Collection<?>) expected).stream().noneMatch(v -> equal(actual, v));
      default -> throw new IllegalArgumentException("unknown filter condition `" + op + "`");
    };
  }

  private static boolean contains(Object actual, Object expected) {
    if (actual instanceof String s) {
      return s.contains(String.valueOf(expected));
    }
    if (actual instanceof Collection<?> list) {
      return list.stream().anyMatch(v -> equal(v, expected));
    }
    return false;
  }

  private static boolean equal(Object actual, Object expected) {
    if (actual instanceof Number a && expected instanceof Number b) {
      return decimal(a).compareTo(decimal(b)) == 0;
    }
    if (actual instanceof Enum<?> a) {
      return a.name().equals(expected);
    }
    return Objects.equals(actual, expected);
  }

  /** Orders numbers numerically and everything else as strings; null sorts first. */
  private static int compare(Object actual, Object expected) {
    if (actual == null) {
      return -1;
    }
    if (actual instanceof Number a && expected instanceof Number b) {
      return decimal(a).compareTo(decimal(b));
    }
    return String.valueOf(actual).compareTo(String.valueOf(expected));
  }

  private static BigDecimal decimal(Number n) {
    return n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
  }
}
