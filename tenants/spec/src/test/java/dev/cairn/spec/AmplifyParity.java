package dev.cairn.spec;

import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.EnumTypeDefinition;
import graphql.language.EnumValueDefinition;
import graphql.language.FieldDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.NamedNode;
import graphql.language.ObjectTypeDefinition;
import graphql.language.Type;
import graphql.parser.Parser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Compares two API schemas type by type and field by field (names, argument names and types, field
 * types), ignoring order and AppSync's auth directives. Used against the output of Amplify's real
 * transformer ({@code @aws-amplify/graphql-transformer} 2.5.1, stored under amplify/).
 */
final class AmplifyParity {
  private AmplifyParity() {}

  static List<String> differences(String amplifySdl, String cairnSdl) {
    Map<String, Map<String, String>> amplify = signatures(Parser.parse(amplifySdl));
    Map<String, Map<String, String>> cairn = signatures(Parser.parse(cairnSdl));
    amplify.remove("AmplifyAIConversationTurnErrorInput");
    cairn.get("Query").keySet().removeIf(field -> field.startsWith("_cairn"));
    cairn.get("Subscription").keySet().removeIf(field -> field.startsWith("_cairn"));
    cairn.keySet().removeIf(type -> type.startsWith("Cairn"));
    List<String> out = new ArrayList<>();
    for (String type : union(amplify.keySet(), cairn.keySet())) {
      if (!cairn.containsKey(type)) {
        out.add(type + ": only in Amplify");
      } else if (!amplify.containsKey(type)) {
        out.add(type + ": only in Cairn");
      } else {
        Map<String, String> a = amplify.get(type);
        Map<String, String> c = cairn.get(type);
        for (String field : union(a.keySet(), c.keySet())) {
          if (!c.containsKey(field)) {
            out.add(type + "." + field + ": only in Amplify");
          } else if (!a.containsKey(field)) {
            out.add(type + "." + field + ": only in Cairn");
          } else if (!a.get(field).equals(c.get(field))) {
            out.add(type + "." + field + ": Amplify " + a.get(field) + ", Cairn " + c.get(field));
          }
        }
      }
    }
    return out;
  }

  private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
    java.util.TreeSet<String> all = new java.util.TreeSet<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }

  private static Map<String, Map<String, String>> signatures(Document document) {
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (Definition<?> definition : document.getDefinitions()) {
      Map<String, String> fields = new TreeMap<>();
      if (definition instanceof ObjectTypeDefinition type) {
        for (FieldDefinition field : type.getFieldDefinitions()) {
          String args =
              field.getInputValueDefinitions().stream()
                  .map(a -> a.getName() + ": " + print(a.getType()))
                  .sorted()
                  .collect(Collectors.joining(", "));
          fields.put(field.getName(), "(" + args + "): " + print(field.getType()));
        }
      } else if (definition instanceof InputObjectTypeDefinition type) {
        for (InputValueDefinition field : type.getInputValueDefinitions()) {
          fields.put(field.getName(), print(field.getType()));
        }
      } else if (definition instanceof EnumTypeDefinition type) {
        for (EnumValueDefinition value : type.getEnumValueDefinitions()) {
          fields.put(value.getName(), "value");
        }
      } else {
        continue;
      }
      out.merge(
          ((NamedNode<?>) definition).getName(),
          fields,
          (x, y) -> {
            x.putAll(y);
            return x;
          });
    }
    return out;
  }

  private static String print(Type<?> type) {
    return graphql.language.AstPrinter.printAst(type);
  }
}
