package dev.cairn.spec.flags;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Conversions of plain JSON-like values shared by reader, validator and evaluator. */
final class Values {
  private Values() {}

  /**
   * The canonical form of a JSON-like tree: every number a BigDecimal without trailing zeros
   * (integers at scale 0), maps and lists copied; so equal JSON values are equal Java values.
   */
  static Object canonical(Object value) {
    if (value instanceof BigDecimal d) {
      return canonicalNumber(d);
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d) ? canonicalNumber(BigDecimal.valueOf(d)) : String.valueOf(d);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), canonical(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(v -> copy.add(canonical(v)));
      return copy;
    }
    return value;
  }

  private static BigDecimal canonicalNumber(BigDecimal d) {
    BigDecimal stripped = d.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  /** A number from a Number or a numeric string. */
  static Optional<Double> number(Object value) {
    if (value instanceof Number n) {
      return Optional.of(n.doubleValue());
    }
    if (value instanceof String s) {
      try {
        return Optional.of(Double.parseDouble(s.trim()));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Epoch milliseconds from a number, an ISO-8601 instant/offset date-time, or a date (UTC). */
  static Optional<Long> date(Object value) {
    if (value instanceof Number n) {
      return Optional.of(n.longValue());
    }
    if (value instanceof String s) {
      try {
        return Optional.of(OffsetDateTime.parse(s).toInstant().toEpochMilli());
      } catch (DateTimeParseException e) {
        // try the other forms
      }
      try {
        return Optional.of(Instant.parse(s).toEpochMilli());
      } catch (DateTimeParseException e) {
        // try a plain date
      }
      try {
        return Optional.of(
            LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The text a bucketing attribute hashes as: strings as is, numbers in shortest JSON form. */
  static String bucketText(Object value) {
    Object canonical = canonical(value);
    if (canonical instanceof BigDecimal d) {
      return d.toPlainString();
    }
    return String.valueOf(canonical);
  }
}
