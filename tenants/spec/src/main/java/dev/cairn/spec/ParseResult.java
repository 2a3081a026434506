package dev.cairn.spec;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link ModelSchemaParser#parse}: the schema when there is no error, otherwise
 * every error found, in source order.
 */
public record ParseResult(Optional<ModelSchema> schema, List<SchemaError> errors) {

  public ParseResult {
    errors = List.copyOf(errors);
    if (schema.isPresent() == !errors.isEmpty()) {
      throw new IllegalArgumentException("a result has either a schema or errors");
    }
  }

  public boolean isValid() {
    return errors.isEmpty();
  }

  /** The schema, or a {@link SchemaException} listing every error. */
  public ModelSchema orElseThrow() {
    return schema.orElseThrow(() -> new SchemaException(errors));
  }
}
