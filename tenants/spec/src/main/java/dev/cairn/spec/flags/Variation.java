package dev.cairn.spec.flags;

import java.util.Objects;

/**
 * One value a flag can serve, under a name that rules, targets and prerequisites refer to. {@code
 * value} is plain Java as read from JSON/YAML: Boolean, String, BigDecimal, or Map/List of those.
 */
public record Variation(String name, Object value, String description) {
  public Variation {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    description = description == null ? "" : description;
  }
}
