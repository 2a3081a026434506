package dev.cairn.spec;

import java.util.List;
import java.util.Optional;

/** A non-model object type, stored inside the record that holds it (AppSync: "non-model type"). */
public record EmbeddedType(String name, List<Field> fields) {
  public EmbeddedType {
    fields = List.copyOf(fields);
  }

  public Optional<Field> field(String fieldName) {
    return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
  }
}
