package dev.cairn.client.internal;

import dev.cairn.client.FieldKind;
import dev.cairn.client.ModelField;
import dev.cairn.client.ModelType;
import dev.cairn.client.MutationType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  /**
   * {@code get<Model>} of the record {@code key}. For a model keyed by {@code id} as Amplify sends
   * it: {@code query operation($id: ID!) { getPost(id: $id) {...} }}. Amplify sends that same
   * {@code $id} document for every model, which a {@code @primaryKey} model's {@code get} cannot
   * answer; the server's {@code get<Model>} takes each key field as a required argument of the
   * field's own scalar (e.g. {@code getBin(warehouseId: ID!, code: String!)}). The SDK does not
   * know which AppSync scalar a string-like key field is ({@code String}, {@code AWSDate}, ...), so
   * it writes the key values as literals ({@code getBin(warehouseId: "w1", code: "A-01")}), which
   * every scalar accepts, instead of declaring typed variables.
   */
  public static String get(ModelType<?> type, RecordKey key) {
    if (type.hasDefaultKey()) {
      return "query operation($id: ID!) { get"
          + type.name()
          + "(id: $id) { "
          + selectionSet(type)
          + " } }";
    }
    List<String> arguments = new ArrayList<>();
    key.asMap()
        .forEach((field, value) -> arguments.add(field + ": " + literal(type, field, value)));
    return "query operation { get"
        + type.name()
        + "("
        + String.join(", ", arguments)
        + ") { "
        + selectionSet(type)
        + " } }";
  }

  /** The variables of {@link #get}: {@code {"id": …}} for an {@code id} key, else none. */
  public static Map<String, Object> getVariables(ModelType<?> type, RecordKey key) {
    return type.hasDefaultKey() ? key.asMap() : Map.of();
  }

  /** A key value as a GraphQL literal: a JSON string or number, or an enum value's name. */
  private static String literal(ModelType<?> type, String field, Object value) {
    boolean isEnum = type.field(field).map(f -> f.kind() == FieldKind.ENUM).orElse(false);
    if (isEnum && value instanceof String name && name.matches("[_A-Za-z][_0-9A-Za-z]*")) {
      return name;
    }
    return Json.write(value);
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
    List<String> declared = new ArrayList<>();
    List<String> passed = new ArrayList<>();
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
