package dev.cairn.spec;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown by {@link ParseResult#orElseThrow()}; its message lists every error, one per line. */
public final class SchemaException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<SchemaError> errors;

  public SchemaException(List<SchemaError> errors) {
    super(errors.stream().map(SchemaError::toString).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public List<SchemaError> errors() {
    return errors;
  }
}
