package dev.cairn.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the GraphQL documents the real Amplify DataStore JS client (5.1.13) sends for a model, by
 * the rules of its {@code sync/utils.ts} ({@code generateSelectionSet}, {@code
 * buildGraphQLOperation}, {@code buildSubscriptionGraphQLOperation}) as written down in
 * shared/protocol/APPSYNC.md §4. {@code DataStoreDocumentsTest} checks that these reproduce the
 * documents recorded in the transcripts verbatim, so they can stand in for the client on the
 * example schemas.
 */
final class DataStoreDocuments {
  private DataStoreDocuments() {}

  /** Every document for every model, keyed by a readable name. */
  static Map<String, String> all(ModelSchema schema) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Model model : schema.models()) {
      out.putAll(forModel(schema, model));
    }
    return out;
  }

  static Map<String, String> forModel(ModelSchema schema, Model model) {
    Map<String, String> out = new LinkedHashMap<>();
    String m = model.name();
    String selection = selectionSet(schema, model);
    out.put(
        m + " sync",
        "query operation($limit: Int, $nextToken: String, $lastSync: AWSTimestamp, $filter: Model"
            + m
            + "FilterInput) { sync"
            + model.pluralName()
            + "(limit: $limit, nextToken: $nextToken, lastSync: $lastSync, filter: $filter) { items { "
            + selection
            + " } nextToken startedAt } }");
    out.put(
        m + " create",
        "mutation operation($input: Create"
            + m
            + "Input!) { create"
            + m
            + "(input: $input) { "
            + selection
            + " } }");
    for (String op : List.of("update", "delete")) {
      String upper = op.substring(0, 1).toUpperCase() + op.substring(1);
      out.put(
          m + " " + op,
          "mutation operation($input: "
              + upper
              + m
              + "Input!, $condition: Model"
              + m
              + "ConditionInput) { "
              + op
              + m
              + "(input: $input, condition: $condition) { "
              + selection
              + " } }");
    }
    List<String> keyVars = new ArrayList<>();
    List<String> keyArgs = new ArrayList<>();
    for (String key : model.primaryKey().fields()) {
      keyVars.add(
          "$" + key + ": " + model.field(key).orElseThrow().type().withRequired(true).toGraphQL());
      keyArgs.add(key + ": $" + key);
    }
    out.put(
        m + " get",
        "query operation("
            + String.join(", ", keyVars)
            + ") { get"
            + m
            + "("
            + String.join(", ", keyArgs)
            + ") { "
            + selection
            + " } }");
    Optional<String> owner = ownerArgument(model);
    for (String event : List.of("Create", "Update", "Delete")) {
      String field = "on" + event + m;
      out.put(m + " " + field, "subscription operation { " + field + " { " + selection + " } }");
      String filterVar = "$filter: ModelSubscription" + m + "FilterInput";
      out.put(
          m + " " + field + " filter",
          "subscription operation("
              + filterVar
              + ") { "
              + field
              + "(filter: $filter) { "
              + selection
              + " } }");
      owner.ifPresent(
          o -> {
            out.put(
                m + " " + field + " owner",
                "subscription operation($"
                    + o
                    + ": String!) { "
                    + field
                    + "("
                    + o
                    + ": $"
                    + o
                    + ") { "
                    + selection
                    + " } }");
            out.put(
                m + " " + field + " filter owner",
                "subscription operation("
                    + filterVar
                    + ", $"
                    + o
                    + ": String!) { "
                    + field
                    + "(filter: $filter, "
                    + o
                    + ": $"
                    + o
                    + ") { "
                    + selection
                    + " } }");
          });
    }
    return out;
  }

  /** The owner argument DataStore adds with a user token (§4.4), if any. */
  static Optional<String> ownerArgument(Model model) {
    if (model.operations().subscriptionLevel() == SubscriptionLevel.PUBLIC) {
      return Optional.empty();
    }
    return model.authRules().stream()
        .filter(r -> r.allow() == AuthStrategy.OWNER && r.allows(ModelOperation.READ))
        .map(r -> r.ownerField().orElseThrow())
        .filter(f -> !model.field(f).orElseThrow().type().list())
        .findFirst();
  }

  static String selectionSet(ModelSchema schema, Model model) {
    List<String> parts = new ArrayList<>();
    for (Field field : model.fields()) {
      if (!field.isRelation()) {
        parts.add(scalarOrEmbedded(schema, field));
      }
    }
    parts.add("_version _lastChangedAt _deleted");
    for (Field field : model.fields()) {
      Optional<Relation> relation = field.relation();
      if (relation.isPresent()
          && (relation.get().kind() == RelationKind.BELONGS_TO
              || relation.get().kind() == RelationKind.HAS_ONE)) {
        Model parent = schema.model(relation.get().relatedModel()).orElseThrow();
        parts.add(
            field.name() + " { " + String.join(" ", parent.primaryKey().fields()) + " _deleted }");
      }
    }
    return String.join(" ", parts);
  }

  private static String scalarOrEmbedded(ModelSchema schema, Field field) {
    if (field.type().kind() != TypeKind.EMBEDDED) {
      return field.name();
    }
    EmbeddedType type = schema.embeddedType(field.type().name()).orElseThrow();
    List<String> inner = type.fields().stream().map(f -> scalarOrEmbedded(schema, f)).toList();
    return field.name() + " { " + String.join(" ", inner) + " }";
  }
}
