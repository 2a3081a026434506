package dev.cairn.client.internal;

import dev.cairn.client.FieldKind;
import dev.cairn.client.ModelField;
import dev.cairn.client.ModelType;
import dev.cairn.client.MutationType;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The GraphQL documents the SDK sends, shaped as Amplify DataStore's (APPSYNC.md §4): every
 * operation named {@code operation}, the selection set of every stored field (embedded types with
 * their fields) followed by {@code _version _lastChangedAt _deleted}. Stateless.
 */
public final class Documents {
  private Documents() {}

  public static String selectionSet(ModelType<?> type) {
    return fields(type.fields()) + " _version _lastChangedAt _deleted";
  }

  private static String fields(List<ModelField> fields) {
    return fields.stream()
        .map(
            f ->
                f.kind() == FieldKind.EMBEDDED
                    ? f.name() + " { " + fields(f.embeddedFields()) + " }"
                    : f.name())
        .collect(Collectors.joining(" "));
  }

  public static String sync(ModelType<?> type) {
    return "query operation($limit: Int, $nextToken: String, $lastSync: AWSTimestamp, $filter: Model"
        + type.name()
        + "FilterInput) { sync"
        + type.pluralName()
        + "(limit: $limit, nextToken: $nextToken, lastSync: $lastSync, filter: $filter) { items { "
        + selectionSet(type)
        + " } nextToken startedAt } }";
  }

  public static String get(ModelType<?> type) {
    return "query operation($id: ID!) { get"
        + type.name()
        + "(id: $id) { "
        + selectionSet(type)
        + " } }";
  }

  public static String mutation(ModelType<?> type, MutationType mutation) {
    String verb = verb(mutation);
    String input = capitalize(verb) + type.name() + "Input!";
    String condition =
        mutation == MutationType.CREATE
            ? ""
            : ", $condition: Model" + type.name() + "ConditionInput";
    return "mutation operation($input: "
        + input
        + condition
        + ") { "
        + verb
        + type.name()
        + "(input: $input"
        + (condition.isEmpty() ? "" : ", condition: $condition")
        + ") { "
        + selectionSet(type)
        + " } }";
  }

  /** The root field of a mutation, e.g. {@code updatePost}. */
  public static String mutationField(ModelType<?> type, MutationType mutation) {
    return verb(mutation) + type.name();
  }

  /** {@code on<Create|Update|Delete><Model>}. */
  public static String subscriptionField(ModelType<?> type, MutationType mutation) {
    return "on" + capitalize(verb(mutation)) + type.name();
  }

  public static String subscription(ModelType<?> type, MutationType mutation) {
    return subscription(type, mutation, false);
  }

  /**
   * {@code on<Op><Model>}, with a {@code $filter: ModelSubscription<Model>FilterInput} argument
   * when {@code filtered} (Amplify sends one for a model with a selective-sync expression).
   */
  public static String subscription(ModelType<?> type, MutationType mutation, boolean filtered) {
    return subscription(type, mutation, filtered, null);
  }

  /**
   * {@code on<Op><Model>} as {@link #subscription(ModelType, MutationType, boolean)}, with an owner
   * argument {@code $<ownerArgument>: String!} when {@code ownerArgument} (the owner field's name)
   * is not null, as Amplify sends it for owner-auth models.
   */
  public static String subscription(
      ModelType<?> type, MutationType mutation, boolean filtered, String ownerArgument) {
    String field = subscriptionField(type, mutation);
    List<String> declared = new java.util.ArrayList<>();
    List<String> passed = new java.util.ArrayList<>();
    if (filtered) {
      declared.add("$filter: ModelSubscription" + type.name() + "FilterInput");
      passed.add("filter: $filter");
    }
    if (ownerArgument != null) {
      declared.add("$" + ownerArgument + ": String!");
      passed.add(ownerArgument + ": $" + ownerArgument);
    }
    return declared.isEmpty()
        ? "subscription operation { " + field + " { " + selectionSet(type) + " } }"
        : "subscription operation("
            + String.join(", ", declared)
            + ") { "
            + field
            + "("
            + String.join(", ", passed)
            + ") { "
            + selectionSet(type)
            + " } }";
  }

  private static String verb(MutationType mutation) {
    return switch (mutation) {
      case CREATE -> "create";
      case UPDATE -> "update";
      case DELETE -> "delete";
    };
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
