package dev.cairn.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Conversions between wire values and Java values, used by generated model classes. Each method
 * maps null to null. Stateless.
 */
public final class Codecs {
  private Codecs() {}

  public static String string(Object value) {
    return value == null ? null : value.toString();
  }

  public static Integer integer(Object value) {
    return value == null ? null : ((Number) value).intValue();
  }

  public static Long longValue(Object value) {
    return value == null ? null : ((Number) value).longValue();
  }

  public static Double decimal(Object value) {
    return value == null ? null : ((Number) value).doubleValue();
  }

  public static Boolean bool(Object value) {
    return value == null ? null : (Boolean) value;
  }

  public static <E extends Enum<E>> E enumValue(Class<E> type, Object value) {
    return value == null ? null : Enum.valueOf(type, value.toString());
  }

  public static String enumName(Enum<?> value) {
    return value == null ? null : value.name();
  }

  /** A list whose elements are converted by {@code element}. */
  public static <T> List<T> list(Object value, Function<Object, T> element) {
    if (value == null) {
      return null;
    }
    List<T> out = new ArrayList<>();
    for (Object o : (List<?>) value) {
      out.add(o == null ? null : element.apply(o));
    }
    return out;
  }

  /** An embedded value from its map of wire values. */
  @SuppressWarnings("unchecked")
  public static <T> T embedded(Object value, Function<Map<String, Object>, T> decode) {
    return value == null ? null : decode.apply((Map<String, Object>) value);
  }

  /** Applies {@code convert} unless {@code value} is null. */
  public static <T, R> R map(T value, Function<T, R> convert) {
    return value == null ? null : convert.apply(value);
  }
}
