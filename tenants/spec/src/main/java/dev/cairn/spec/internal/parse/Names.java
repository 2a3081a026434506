package dev.cairn.spec.internal.parse;

import graphql.language.Definition;
import graphql.language.DirectiveDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InterfaceTypeDefinition;
import graphql.language.NamedNode;
import graphql.language.OperationDefinition;
import graphql.language.ScalarTypeDefinition;
import graphql.language.SchemaDefinition;
import graphql.language.UnionTypeDefinition;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;

/** Name helpers shared by the reader: casing as Amplify does it, and "did you mean" hints. */
public final class Names {
  private Names() {}

  public static String lowerFirst(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  public static String upperFirst(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  static String suggestType(String name, Collection<String> known) {
    return known.stream()
        .filter(k -> distance(k.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT)) <= 2)
        .min(Comparator.comparingInt(k -> distance(k, name)))
        .map(k -> "did you mean `" + k + "`?")
        .orElse(
            "declare `type "
                + name
                + " @model { ... }`, `type "
                + name
                + " { ... }` or `enum "
                + name
                + " { ... }`, or use a scalar such as String");
  }

  static String suggest(String name, Collection<String> known) {
    return known.stream()
        .filter(k -> distance(k.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT)) <= 2)
        .min(Comparator.comparingInt(k -> distance(k, name)))
        .map(k -> "; did you mean `" + k + "`?")
        .orElse("");
  }

  /** The keyword of a definition and its name, e.g. "interface `Node`", for messages. */
  static String kindAndName(Definition<?> definition) {
    String kind = describeDefinition(definition).split(" ")[0];
    return definition instanceof NamedNode<?> named ? kind + " `" + named.getName() + "`" : kind;
  }

  static String describeDefinition(Definition<?> definition) {
    if (definition instanceof InterfaceTypeDefinition) {
      return "interface";
    }
    if (definition instanceof UnionTypeDefinition) {
      return "union";
    }
    if (definition instanceof InputObjectTypeDefinition) {
      return "input type (inputs are generated)";
    }
    if (definition instanceof ScalarTypeDefinition) {
      return "scalar (use the AWS scalars)";
    }
    if (definition instanceof SchemaDefinition) {
      return "schema definition (root types are generated)";
    }
    if (definition instanceof DirectiveDefinition) {
      return "directive definition";
    }
    if (definition instanceof OperationDefinition) {
      return "operation (a schema holds types, not queries)";
    }
    return "type extension (declare the whole type in one place)";
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
