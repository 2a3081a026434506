package dev.cairn.spec.internal.parse;

import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.Directive;
import graphql.language.EnumValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.Node;
import graphql.language.NullValue;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads directive arguments and object-literal fields, reporting wrong shapes to diagnostics at the
 * value that has the wrong shape.
 */
final class Args {
  /** One string or enum value of an argument, with the node to report problems with it at. */
  record Word(String value, Node<?> at) {}

  private final Diagnostics diagnostics;

  Args(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** Arguments of a directive by name; unknown names are reported with the allowed ones. */
  Map<String, Argument> of(Directive directive, Set<String> allowed) {
    Map<String, Argument> args = new LinkedHashMap<>();
    for (Argument argument : directive.getArguments()) {
      if (!allowed.contains(argument.getName())) {
        diagnostics.error(
            argument,
            "@"
                + directive.getName()
                + " has no argument `"
                + argument.getName()
                + "`; use "
                + describe(allowed));
      } else if (args.put(argument.getName(), argument) != null) {
        diagnostics.error(argument, "argument `" + argument.getName() + "` is given twice");
      }
    }
    return args;
  }

  /** Fields of an object literal by name; unknown names are reported with the allowed ones. */
  Map<String, ObjectField> fields(ObjectValue object, String what, Set<String> allowed) {
    Map<String, ObjectField> fields = new LinkedHashMap<>();
    for (ObjectField field : object.getObjectFields()) {
      if (!allowed.contains(field.getName())) {
        diagnostics.error(
            field, what + " has no key `" + field.getName() + "`; use " + describe(allowed));
      } else {
        fields.put(field.getName(), field);
      }
    }
    return fields;
  }

  Optional<String> string(Value<?> value, String what) {
    if (value instanceof StringValue s) {
      return Optional.of(s.getValue());
    }
    diagnostics.error(value, what + " must be a string in double quotes, got " + show(value));
    return Optional.empty();
  }

  /** An enum-like word, given either bare ({@code owner}) or quoted ({@code "owner"}). */
  Optional<String> word(Value<?> value, String what) {
    if (value instanceof EnumValue e) {
      return Optional.of(e.getName());
    }
    if (value instanceof StringValue s) {
      return Optional.of(s.getValue());
    }
    diagnostics.error(value, what + " must be a name such as `owner`, got " + show(value));
    return Optional.empty();
  }

  /** A list of strings; a single string is accepted as a list of one, as GraphQL coerces it. */
  Optional<List<Word>> strings(Value<?> value, String what) {
    List<Value> items =
        value instanceof ArrayValue array ? array.getValues() : List.of((Value) value);
    List<Word> out = new ArrayList<>();
    for (Value<?> item : items) {
      if (item instanceof StringValue s) {
        out.add(new Word(s.getValue(), item));
      } else if (item instanceof EnumValue e) {
        out.add(new Word(e.getName(), item));
      } else {
        diagnostics.error(item, what + " must be a list of strings, got " + show(item));
        return Optional.empty();
      }
    }
    return Optional.of(out);
  }

  static boolean isNull(Value<?> value) {
    return value instanceof NullValue;
  }

  static String show(Value<?> value) {
    if (value instanceof StringValue s) {
      return "\"" + s.getValue() + "\"";
    }
    if (value instanceof IntValue i) {
      return i.getValue().toString();
    }
    if (value instanceof FloatValue f) {
      return f.getValue().toPlainString();
    }
    if (value instanceof BooleanValue b) {
      return Boolean.toString(b.isValue());
    }
    if (value instanceof EnumValue e) {
      return e.getName();
    }
    if (value instanceof NullValue) {
      return "null";
    }
    if (value instanceof ArrayValue) {
      return "a list";
    }
    return "an object";
  }

  static String describe(Set<String> allowed) {
    return allowed.stream()
        .sorted()
        .map(a -> "`" + a + "`")
        .reduce((a, b) -> a + ", " + b)
        .orElse("none");
  }
}
