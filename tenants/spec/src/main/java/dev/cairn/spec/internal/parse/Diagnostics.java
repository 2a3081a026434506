package dev.cairn.spec.internal.parse;

import dev.cairn.spec.SchemaError;
import graphql.language.EnumValueDefinition;
import graphql.language.FieldDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.NamedNode;
import graphql.language.Node;
import graphql.language.ObjectField;
import graphql.language.SDLDefinition;
import graphql.language.SourceLocation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Collects every error of one parse, each at the token it is about: a type, field, enum value or
 * input value is reported at its <em>name</em> (not at its description or keyword), an object
 * literal's field at its key, and every other node (directive, argument, value, type reference) at
 * its first character.
 */
public final class Diagnostics {
  private final String file;
  private final SourceText source;
  private final List<SchemaError> errors = new ArrayList<>();

  public Diagnostics(String file, String source) {
    this.file = file;
    this.source = new SourceText(source);
  }

  public void error(Node<?> at, String message) {
    error(locate(at), message);
  }

  /** Reports at the first token of a definition after its description, e.g. its keyword. */
  public void errorAtKeyword(Node<?> definition, String message) {
    SourceLocation start = definition.getSourceLocation();
    error(source.afterDescription(start).orElse(start), message);
  }

  public void error(SourceLocation location, String message) {
    int line = location == null ? 1 : location.getLine();
    int column = location == null ? 1 : location.getColumn();
    SchemaError error = new SchemaError(file, line, column, message);
    if (!errors.contains(error)) {
      errors.add(error);
    }
  }

  private SourceLocation locate(Node<?> at) {
    if (at == null) {
      return null;
    }
    if (at instanceof ObjectField field) {
      // graphql-java records no position for object fields; their values have one.
      SourceLocation value = field.getValue().getSourceLocation();
      return source.keyBefore(value, field.getName()).orElse(value);
    }
    SourceLocation start = at.getSourceLocation();
    boolean declaresName =
        at instanceof SDLDefinition<?>
            || at instanceof FieldDefinition
            || at instanceof EnumValueDefinition
            || at instanceof InputValueDefinition;
    if (declaresName && at instanceof NamedNode<?> named) {
      Optional<SourceLocation> name = source.nameAfter(start, named.getName());
      return name.orElse(start);
    }
    return start;
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
