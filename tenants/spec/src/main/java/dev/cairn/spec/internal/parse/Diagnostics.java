package dev.cairn.spec.internal.parse;

import dev.cairn.spec.SchemaError;
import graphql.language.Node;
import graphql.language.ObjectField;
import graphql.language.SourceLocation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every error of one parse, each at a node's position in the source file. */
public final class Diagnostics {
  private final String file;
  private final List<SchemaError> errors = new ArrayList<>();

  public Diagnostics(String file) {
    this.file = file;
  }

  public void error(Node<?> at, String message) {
    SourceLocation location = at == null ? null : at.getSourceLocation();
    if (location == null && at instanceof ObjectField field) {
      // graphql-java records no position for object fields; their values have one.
      location = field.getValue().getSourceLocation();
    }
    error(location, message);
  }

  public void error(SourceLocation location, String message) {
    int line = location == null ? 1 : location.getLine();
    int column = location == null ? 1 : location.getColumn();
    SchemaError error = new SchemaError(file, line, column, message);
    if (!errors.contains(error)) {
      errors.add(error);
    }
  }

  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  public List<SchemaError> sorted() {
    return errors.stream()
        .sorted(Comparator.comparingInt(SchemaError::line).thenComparingInt(SchemaError::column))
        .toList();
  }
}
