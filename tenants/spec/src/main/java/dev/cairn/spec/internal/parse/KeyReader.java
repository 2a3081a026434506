package dev.cairn.spec.internal.parse;

import dev.cairn.spec.Index;
import dev.cairn.spec.PrimaryKey;
import dev.cairn.spec.TypeKind;
import dev.cairn.spec.internal.parse.Drafts.FieldDraft;
import dev.cairn.spec.internal.parse.Drafts.ModelDraft;
import graphql.language.Argument;
import graphql.language.Directive;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code @primaryKey(sortKeyFields:)} and {@code @index(name:, sortKeyFields:, queryField:)}
 * into a model's key and secondary indexes. A problem with the key field's type is reported at the
 * field's name, a problem with a sort key at that name in the list.
 */
final class KeyReader {
  private static final String QUERY_FIELD_NAME = "[a-z][_0-9A-Za-z]*";
  private final Diagnostics diagnostics;
  private final Args args;

  KeyReader(Diagnostics diagnostics, Args args) {
    this.diagnostics = diagnostics;
    this.args = args;
  }

  void readPrimaryKey(ModelDraft model, FieldDraft field, Directive directive) {
    Map<String, Argument> arguments = args.of(directive, Set.of("sortKeyFields"));
    checkKeyField(model, field, "@primaryKey");
    List<Args.Word> sortKeys =
        sortKeys(model, field, arguments.get("sortKeyFields"), "@primaryKey");
    model.primaryKey = new PrimaryKey(field.name, sortKeys.stream().map(Args.Word::value).toList());
    model.keyNodes.put(field.name, field.node);
    sortKeys.forEach(k -> model.keyNodes.put(k.value(), k.at()));
  }

  void readIndex(ModelDraft model, FieldDraft field, Directive directive) {
    Map<String, Argument> arguments =
        args.of(directive, Set.of("name", "sortKeyFields", "queryField"));
    checkKeyField(model, field, "@index");
    Argument nameArg = arguments.get("name");
    if (nameArg == null) {
      diagnostics.error(
          directive,
          "@index needs a `name`, e.g. @index(name: \"by" + Names.upperFirst(field.name) + "\")");
      return;
    }
    Optional<String> name = args.string(nameArg.getValue(), "`name`");
    if (name.isEmpty()) {
      return;
    }
    if (model.indexes.stream().anyMatch(i -> i.name().equals(name.get()))) {
      diagnostics.error(
          nameArg.getValue(),
          "model `"
              + model.name
              + "` already has an index named `"
              + name.get()
              + "`; give this one another name");
      return;
    }
    List<String> sortKeys =
        sortKeys(model, field, arguments.get("sortKeyFields"), "@index").stream()
            .map(Args.Word::value)
            .toList();
    Argument queryArg = arguments.get("queryField");
    Optional<String> queryField =
        queryArg == null ? Optional.empty() : args.string(queryArg.getValue(), "`queryField`");
    if (queryField.isPresent() && !queryField.get().matches(QUERY_FIELD_NAME)) {
      diagnostics.error(
          queryArg.getValue(),
          "`queryField: \""
              + queryField.get()
              + "\"` must start with a lower-case letter and hold only letters, digits and _");
    }
    if (queryArg == null) {
      List<String> keyFields = new ArrayList<>();
      keyFields.add(field.name);
      keyFields.addAll(sortKeys);
      queryField =
          Optional.of(
              Names.lowerFirst(model.pluralName)
                  + "By"
                  + String.join("And", keyFields.stream().map(Names::upperFirst).toList()));
    }
    model.indexes.add(new Index(name.get(), field.name, sortKeys, queryField));
  }

  private void checkKeyField(ModelDraft model, FieldDraft field, String directive) {
    boolean scalarOrEnum =
        field.type.kind() == TypeKind.SCALAR || field.type.kind() == TypeKind.ENUM;
    if (!scalarOrEnum || field.type.list()) {
      diagnostics.error(
          field.node,
          directive
              + " on field `"
              + field.name
              + "` of `"
              + model.name
              + "` needs a scalar or enum field, not `"
              + field.type.toGraphQL()
              + "`");
    } else if (directive.equals("@primaryKey") && !field.type.required()) {
      diagnostics.error(
          field.node,
          "@primaryKey field `"
              + field.name
              + "` of `"
              + model.name
              + "` must be required; write `"
              + field.type.toGraphQL()
              + "!`");
    }
  }

  private List<Args.Word> sortKeys(
      ModelDraft model, FieldDraft keyField, Argument argument, String directive) {
    if (argument == null) {
      return List.of();
    }
    List<Args.Word> names = args.strings(argument.getValue(), "`sortKeyFields`").orElse(List.of());
    List<Args.Word> out = new ArrayList<>();
    for (Args.Word word : names) {
      String name = word.value();
      Optional<FieldDraft> field =
          model.fields.stream().filter(f -> f.name.equals(name)).findFirst();
      if (field.isEmpty()) {
        diagnostics.error(
            word.at(),
            directive
                + " sort key `"
                + name
                + "` is not a field of `"
                + model.name
                + "`; declare it or fix the name"
                + Names.suggest(name, model.fields.stream().map(f -> f.name).toList()));
      } else if (name.equals(keyField.name) || out.stream().anyMatch(w -> w.value().equals(name))) {
        diagnostics.error(
            word.at(),
            directive + " names `" + name + "` twice as a key field; list each field once");
      } else if (field.get().type.list()
          || (field.get().type.kind() != TypeKind.SCALAR
              && field.get().type.kind() != TypeKind.ENUM)) {
        diagnostics.error(
            word.at(),
            directive
                + " sort key `"
                + name
                + "` must be a scalar or enum field, not `"
                + field.get().type.toGraphQL()
                + "`");
      } else if (directive.equals("@primaryKey") && !field.get().type.required()) {
        diagnostics.error(
            word.at(),
            "@primaryKey sort key `"
                + name
                + "` of `"
                + model.name
                + "` must be required; write `"
                + field.get().type.toGraphQL()
                + "!`");
      } else {
        out.add(word);
      }
    }
    return out;
  }
}
