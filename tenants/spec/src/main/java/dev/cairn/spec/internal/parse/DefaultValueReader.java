package dev.cairn.spec.internal.parse;

import dev.cairn.spec.Scalar;
import dev.cairn.spec.TypeKind;
import dev.cairn.spec.internal.parse.Drafts.FieldDraft;
import graphql.language.Argument;
import graphql.language.Directive;
import graphql.language.EnumTypeDefinition;
import graphql.language.EnumValueDefinition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code @default(value: "...")}: the value is always a string, checked against the field's
 * scalar or enum. A bad value is reported at the value, a field that cannot have a default at the
 * field's name.
 */
final class DefaultValueReader {
  private final Diagnostics diagnostics;
  private final Args args;
  private final Map<String, EnumTypeDefinition> enums;

  DefaultValueReader(Diagnostics diagnostics, Args args, Map<String, EnumTypeDefinition> enums) {
    this.diagnostics = diagnostics;
    this.args = args;
    this.enums = enums;
  }

  void read(FieldDraft field, Directive directive, String where) {
    Map<String, Argument> arguments = args.of(directive, Set.of("value"));
    Argument value = arguments.get("value");
    if (value == null) {
      diagnostics.error(directive, "@default needs `value`, e.g. @default(value: \"0\")");
      return;
    }
    Optional<String> text =
        args.string(value.getValue(), "@default `value` (always a string, e.g. \"5\")");
    if (text.isEmpty()) {
      return;
    }
    if (field.type.list()
        || field.type.kind() == TypeKind.MODEL
        || field.type.kind() == TypeKind.EMBEDDED) {
      diagnostics.error(
          field.node,
          "@default on "
              + where
              + " needs a scalar or enum field, not `"
              + field.type.toGraphQL()
              + "`");
      return;
    }
    if (field.type.kind() == TypeKind.ENUM) {
      List<String> values =
          enums.get(field.type.name()).getEnumValueDefinitions().stream()
              .map(EnumValueDefinition::getName)
              .toList();
      if (!values.contains(text.get())) {
        diagnostics.error(
            value.getValue(),
            "@default value `"
                + text.get()
                + "` is not a value of enum `"
                + field.type.name()
                + "`; use one of "
                + values);
        return;
      }
    } else {
      Optional<String> problem = Scalar.valueOf(field.type.name()).check(text.get());
      if (problem.isPresent()) {
        diagnostics.error(value.getValue(), "@default on " + where + ": " + problem.get());
        return;
      }
    }
    field.defaultValue = text.get();
  }
}
