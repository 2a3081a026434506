package dev.cairn.spec;

import java.util.List;

/** A GraphQL enum of the tenant schema, values in declaration order. */
public record EnumType(String name, List<String> values) {
  public EnumType {
    values = List.copyOf(values);
  }
}
