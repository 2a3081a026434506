package dev.cairn.spec.flags;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What a flag's variations hold. Values are plain Java: Boolean, String, BigDecimal, Map/List. */
public enum FlagKind {
  BOOLEAN,
  STRING,
  NUMBER,
  JSON;

  /** The kind named {@code name} ({@code boolean | string | number | json}, any case). */
  public static Optional<FlagKind> named(String name) {
    if (name == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(name.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code value} is a value of this kind (JSON accepts any JSON value but null). */
  public boolean accepts(Object value) {
    return switch (this) {
      case BOOLEAN -> value instanceof Boolean;
      case STRING -> value instanceof String;
      case NUMBER -> value instanceof BigDecimal;
      case JSON ->
          value instanceof Map
              || value instanceof List
              || value instanceof String
              || value instanceof Boolean
              || value instanceof BigDecimal;
    };
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
