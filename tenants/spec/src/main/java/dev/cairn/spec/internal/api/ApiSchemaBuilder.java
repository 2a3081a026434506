package dev.cairn.spec.internal.api;

import dev.cairn.spec.EmbeddedType;
import dev.cairn.spec.EnumType;
import dev.cairn.spec.Field;
import dev.cairn.spec.FieldOrigin;
import dev.cairn.spec.FieldType;
import dev.cairn.spec.Index;
import dev.cairn.spec.Model;
import dev.cairn.spec.ModelOperations;
import dev.cairn.spec.ModelSchema;
import dev.cairn.spec.RelationKind;
import dev.cairn.spec.TypeKind;
import dev.cairn.spec.internal.parse.Names;
import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.NamedNode;
import graphql.language.Node;
import graphql.language.StringValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Generates the AppSync API schema of a {@link ModelSchema} as Amplify's transformer v2 does with
 * DataStore conflict detection on, as SDL text. Also reports generated names that collide with each
 * other or with declared types.
 */
public final class ApiSchemaBuilder {
  /** Cairn's own root fields; the {@code _cairn} prefix cannot be produced by a model. */
  public static final String CAIRN_QUERY_FIELDS =
      "_cairnSchemaHash: String!\n  _cairnFlags(context: AWSJSON): CairnFlags!";

  /**
   * Cairn's own subscription: the caller's flags whose values changed, and with {@code initial:
   * true} first every flag as it stands (tenants/README.md).
   */
  public static final String CAIRN_SUBSCRIPTION_FIELDS =
      "_cairnOnFlagsChanged(context: AWSJSON, initial: Boolean): CairnFlags";

  /**
   * The types of Cairn's root fields. A flag's {@code value} is AWSJSON (a JSON text, as AppSync
   * sends AWSJSON); {@code version} changes exactly when a value served to the caller changes.
   */
  public static final String CAIRN_TYPES =
      """
      type CairnFlags {
        version: String!
        flags: [CairnFlag!]!
      }

      type CairnFlag {
        key: String!
        kind: String!
        value: AWSJSON
        variation: String
        reason: String!
        ruleId: String
        prerequisiteKey: String
        errorKind: String
      }
      """;

  /** A generated name that two sources want, with where to report it. */
  public record Collision(Node<?> at, String message) {}

  private final ModelSchema schema;
  private final Map<String, String> types = new LinkedHashMap<>();
  private final Map<String, String> typeOrigin = new LinkedHashMap<>();
  private final List<String> queries = new ArrayList<>();
  private final List<String> mutations = new ArrayList<>();
  private final List<String> subscriptions = new ArrayList<>();
  private final Map<String, String> rootOrigin = new LinkedHashMap<>();
  private final List<Clash> clashes = new ArrayList<>();

  /** Stands in a clash message for the line of the other declared type, filled in when located. */
  private static final String OTHER_LINE = "{other-line}";

  /**
   * A collision found while building: reported at the declared type {@code origin} (else {@code
   * fallback}); for a root field, at the string in that type that names it, when there is one. The
   * message names the declared type {@code other} (null for a built-in) with its line.
   */
  private record Clash(
      String message, String fallback, String origin, String rootField, String other) {}

  private ApiSchemaBuilder(ModelSchema schema) {
    this.schema = schema;
  }

  /** The API schema as SDL, without AppSync's built-in scalar and directive declarations. */
  public static String sdl(ModelSchema schema) {
    ApiSchemaBuilder builder = new ApiSchemaBuilder(schema);
    builder.build();
    return builder.text();
  }

  /** Generated names that collide, located at the declared type that causes each. */
  public static List<Collision> collisions(ModelSchema schema, Document document) {
    ApiSchemaBuilder builder = new ApiSchemaBuilder(schema);
    builder.build();
    Map<String, Node<?>> locations = new LinkedHashMap<>();
    for (Definition<?> definition : document.getDefinitions()) {
      if (definition instanceof NamedNode<?> named) {
        locations.putIfAbsent(named.getName(), definition);
      }
    }
    List<Collision> out = new ArrayList<>();
    for (Clash clash : builder.clashes) {
      Node<?> at = locations.getOrDefault(clash.origin(), locations.get(clash.fallback()));
      if (clash.rootField() != null && at != null) {
        at = stringNaming(at, clash.rootField()).orElse(at);
      }
      Node<?> other = clash.other() == null ? null : locations.get(clash.other());
      String line =
          other == null || other.getSourceLocation() == null
              ? ""
              : " (line " + other.getSourceLocation().getLine() + ")";
      out.add(new Collision(at, clash.message().replace(OTHER_LINE, line)));
    }
    return out;
  }

  /** The string value {@code "name"} inside {@code node} (e.g. a queryField), if any. */
  private static Optional<Node<?>> stringNaming(Node<?> node, String name) {
    if (node instanceof StringValue string && string.getValue().equals(name)) {
      return Optional.of(node);
    }
    for (Node<?> child : node.getChildren()) {
      Optional<Node<?>> found = stringNaming(child, name);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private void build() {
    for (EnumType e : schema.enums()) {
      define(
          e.name(),
          "enum " + e.name() + " {\n  " + String.join("\n  ", e.values()) + "\n}",
          e.name());
    }
    for (Model model : schema.models()) {
      define(model.name(), objectType(model), model.name());
    }
    for (EmbeddedType type : schema.embeddedTypes()) {
      define(
          type.name(),
          "type "
              + type.name()
              + " {\n"
              + lines(
                  type.fields().stream().map(f -> f.name() + ": " + f.type().toGraphQL()).toList())
              + "}",
          type.name());
    }
    for (String base : FieldInputs.BASE_NAMES) {
      typeOrigin.put(base, "");
    }
    for (EmbeddedType type : schema.embeddedTypes()) {
      List<String> fields = new ArrayList<>();
      for (Field f : type.fields()) {
        fields.add(f.name() + ": " + inputType(f.type()));
      }
      define(
          type.name() + "Input",
          "input " + type.name() + "Input {\n" + lines(fields) + "}",
          type.name());
    }
    for (Model model : schema.models()) {
      modelOperations(model);
    }
  }

  private String text() {
    StringBuilder out = new StringBuilder();
    for (String type : types.values()) {
      out.append(type).append("\n\n");
    }
    out.append(FieldInputs.BASE_INPUTS).append("\n");
    out.append("type Query {\n")
        .append(lines(queries))
        .append("  ")
        .append(CAIRN_QUERY_FIELDS)
        .append("\n}\n\n");
    if (!mutations.isEmpty()) {
      out.append("type Mutation {\n").append(lines(mutations)).append("}\n\n");
    }
    out.append("type Subscription {\n")
        .append(lines(subscriptions))
        .append("  ")
        .append(CAIRN_SUBSCRIPTION_FIELDS)
        .append("\n}\n\n");
    out.append(CAIRN_TYPES);
    return out.toString();
  }

  static String lines(List<String> lines) {
    StringBuilder out = new StringBuilder();
    lines.forEach(l -> out.append("  ").append(l).append('\n'));
    return out.toString();
  }

  private void define(String name, String sdl, String origin) {
    String previous = typeOrigin.get(name);
    if (previous == null) {
      typeOrigin.put(name, origin);
      types.put(name, sdl);
      return;
    }
    if (sdl.equals(types.get(name))) {
      return;
    }
    if (previous.equals(name)) {
      clashes.add(
          new Clash(
              "declared type `"
                  + name
                  + "` collides with the type Cairn generates for `"
                  + origin
                  + "`"
                  + OTHER_LINE
                  + "; rename `"
                  + name
                  + "`",
              name,
              name,
              null,
              origin));
    } else if (previous.isEmpty()) {
      clashes.add(
          new Clash(
              "generated type `"
                  + name
                  + "` (for `"
                  + origin
                  + "`) collides with a built-in AppSync type; rename `"
                  + origin
                  + "`",
              origin,
              origin,
              null,
              null));
    } else {
      clashes.add(
          new Clash(
              "generated type `"
                  + name
                  + "` (for `"
                  + origin
                  + "`) collides with the type generated for `"
                  + previous
                  + "`"
                  + OTHER_LINE
                  + "; rename `"
                  + origin
                  + "`",
              origin,
              origin,
              null,
              previous));
    }
  }

  private void root(List<String> list, String name, String sdl, String origin) {
    String previous = rootOrigin.putIfAbsent(name, origin);
    if (previous != null) {
      clashes.add(
          new Clash(
              "root field `"
                  + name
                  + "` of `"
                  + origin
                  + "` is also generated for `"
                  + previous
                  + "`"
                  + OTHER_LINE
                  + "; rename a model or set another name in @model or @index(queryField:)",
              previous,
              origin,
              name,
              previous));
      return;
    }
    list.add(sdl);
  }

  private String objectType(Model model) {
    List<String> fields = new ArrayList<>();
    boolean syncAdded = false;
    for (Field field : model.fields()) {
      if (!syncAdded
          && (field.origin() == FieldOrigin.FOREIGN_KEY || field.origin() == FieldOrigin.OWNER)) {
        fields.add("_version: Int!\n  _deleted: Boolean\n  _lastChangedAt: AWSTimestamp!");
        syncAdded = true;
      }
      Optional<RelationKind> kind = field.relation().map(r -> r.kind());
      if (kind.isPresent()
          && (kind.get() == RelationKind.HAS_MANY || kind.get() == RelationKind.MANY_TO_MANY)) {
        String related = field.relation().get().relatedModel();
        fields.add(
            field.name()
                + "(filter: Model"
                + related
                + "FilterInput, sortDirection: ModelSortDirection, limit: Int, nextToken: String): Model"
                + related
                + "Connection");
      } else {
        fields.add(field.name() + ": " + field.type().toGraphQL());
      }
    }
    if (!syncAdded) {
      fields.add("_version: Int!\n  _deleted: Boolean\n  _lastChangedAt: AWSTimestamp!");
    }
    return "type " + model.name() + " {\n" + lines(fields) + "}";
  }

  private void modelOperations(Model model) {
    String m = model.name();
    define(
        "Model" + m + "Connection",
        "type Model"
            + m
            + "Connection {\n  items: ["
            + m
            + "]!\n  nextToken: String\n  startedAt: AWSTimestamp\n}",
        m);
    for (Field field : model.fields()) {
      if (field.type().kind() == TypeKind.ENUM && !field.isRelation()) {
        String name = FieldInputs.filter(field.type());
        define(
            name,
            "input "
                + name
                + " {\n  eq: "
                + field.type().name()
                + "\n  ne: "
                + field.type().name()
                + "\n}",
            field.type().name());
      }
    }
    define("Model" + m + "FilterInput", ModelInputs.filterInput(model), m);
    define("Model" + m + "ConditionInput", ModelInputs.conditionInput(model), m);
    ModelOperations operations = model.operations();
    if (operations.onCreate().isPresent()
        || operations.onUpdate().isPresent()
        || operations.onDelete().isPresent()) {
      define("ModelSubscription" + m + "FilterInput", ModelInputs.subscriptionFilter(model), m);
    }
    mutationInputs(model);
    String filter = "filter: Model" + m + "FilterInput";
    String connection = "Model" + m + "Connection";
    List<String> pk = model.primaryKey().fields();
    model
        .operations()
        .get()
        .ifPresent(
            name ->
                root(
                    queries,
                    name,
                    name
                        + "("
                        + String.join(
                            ", ",
                            pk.stream()
                                .map(f -> f + ": " + type(model, f).withRequired(true).toGraphQL())
                                .toList())
                        + "): "
                        + m,
                    m));
    model
        .operations()
        .list()
        .ifPresent(
            name -> {
              String args =
                  model.primaryKey().isDefaultId()
                      ? filter + ", limit: Int, nextToken: String"
                      : keyArgs(
                              model,
                              model.primaryKey().partitionField(),
                              model.primaryKey().sortKeyFields(),
                              "Primary",
                              false)
                          + filter
                          + ", limit: Int, nextToken: String, sortDirection: ModelSortDirection";
              root(queries, name, name + "(" + args + "): " + connection, m);
            });
    model
        .operations()
        .sync()
        .ifPresent(
            name ->
                root(
                    queries,
                    name,
                    name
                        + "("
                        + filter
                        + ", limit: Int, nextToken: String, lastSync: AWSTimestamp): "
                        + connection,
                    m));
    for (Index index : model.indexes()) {
      index
          .queryField()
          .ifPresent(
              name ->
                  root(
                      queries,
                      name,
                      name
                          + "("
                          + keyArgs(
                              model,
                              index.partitionField(),
                              index.sortKeyFields(),
                              Names.upperFirst(index.name()),
                              true)
                          + "sortDirection: ModelSortDirection, "
                          + filter
                          + ", limit: Int, nextToken: String): "
                          + connection,
                      m));
    }
    String condition = "condition: Model" + m + "ConditionInput";
    model
        .operations()
        .create()
        .ifPresent(
            name ->
                root(
                    mutations,
                    name,
                    name + "(input: Create" + m + "Input!, " + condition + "): " + m,
                    m));
    model
        .operations()
        .update()
        .ifPresent(
            name ->
                root(
                    mutations,
                    name,
                    name + "(input: Update" + m + "Input!, " + condition + "): " + m,
                    m));
    model
        .operations()
        .delete()
        .ifPresent(
            name ->
                root(
                    mutations,
                    name,
                    name + "(input: Delete" + m + "Input!, " + condition + "): " + m,
                    m));
    String subArgs =
        "filter: ModelSubscription" + m + "FilterInput" + ModelInputs.ownerArguments(model);
    model
        .operations()
        .onCreate()
        .ifPresent(
            name ->
                root(
                    subscriptions,
                    name,
                    name
                        + "("
                        + subArgs
                        + "): "
                        + m
                        + " @aws_subscribe(mutations: [\""
                        + model.operations().create().orElseThrow()
                        + "\"])",
                    m));
    model
        .operations()
        .onUpdate()
        .ifPresent(
            name ->
                root(
                    subscriptions,
                    name,
                    name
                        + "("
                        + subArgs
                        + "): "
                        + m
                        + " @aws_subscribe(mutations: [\""
                        + model.operations().update().orElseThrow()
                        + "\"])",
                    m));
    model
        .operations()
        .onDelete()
        .ifPresent(
            name ->
                root(
                    subscriptions,
                    name,
                    name
                        + "("
                        + subArgs
                        + "): "
                        + m
                        + " @aws_subscribe(mutations: [\""
                        + model.operations().delete().orElseThrow()
                        + "\"])",
                    m));
  }

  private FieldType type(Model model, String field) {
    return model.field(field).orElseThrow().type();
  }

  /** Partition-key argument plus the sort-key condition argument, each followed by ", ". */
  private String keyArgs(
      Model model, String partition, List<String> sortKeys, String keyName, boolean required) {
    String args =
        partition + ": " + type(model, partition).withRequired(required).toGraphQL() + ", ";
    if (sortKeys.isEmpty()) {
      return args;
    }
    String argName =
        sortKeys.get(0)
            + String.join(
                "", sortKeys.subList(1, sortKeys.size()).stream().map(Names::upperFirst).toList());
    String conditionType;
    if (sortKeys.size() == 1) {
      conditionType = FieldInputs.keyCondition(type(model, sortKeys.get(0)));
      define(conditionType, FieldInputs.keyConditionInput(conditionType), "");
    } else {
      String prefix = "Model" + model.name() + keyName + "CompositeKey";
      conditionType = prefix + "ConditionInput";
      String key = prefix + "Input";
      define(
          conditionType,
          "input "
              + conditionType
              + " {\n  eq: "
              + key
              + "\n  le: "
              + key
              + "\n  lt: "
              + key
              + "\n  ge: "
              + key
              + "\n  gt: "
              + key
              + "\n  between: ["
              + key
              + "]\n  beginsWith: "
              + key
              + "\n}",
          model.name());
      define(
          key,
          "input "
              + key
              + " {\n"
              + lines(
                  sortKeys.stream()
                      .map(f -> f + ": " + type(model, f).withRequired(false).toGraphQL())
                      .toList())
              + "}",
          model.name());
    }
    return args + argName + ": " + conditionType + ", ";
  }

  private void mutationInputs(Model model) {
    String m = model.name();
    List<String> pk = model.primaryKey().fields();
    List<String> create = new ArrayList<>();
    List<String> update = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    List<String> delete = new ArrayList<>();
    for (Field field : model.fields()) {
      if (field.isRelation()
          || field.origin() == FieldOrigin.TIMESTAMP
          || field.origin() == FieldOrigin.OWNER) {
        continue;
      }
      FieldType type = field.type();
      String input = inputType(type.withRequired(false));
      if (field.origin() == FieldOrigin.FOREIGN_KEY) {
        keys.add(field.name() + ": " + input);
        continue;
      }
      boolean isKey = pk.contains(field.name());
      boolean defaultId = isKey && model.primaryKey().isDefaultId();
      // The server sets a declared timestamp when the client leaves it out, as AppSync does.
      boolean timestamp =
          model.timestamps().createdAt().filter(field.name()::equals).isPresent()
              || model.timestamps().updatedAt().filter(field.name()::equals).isPresent();
      boolean optionalOnCreate = defaultId || timestamp || !type.required();
      create.add(field.name() + ": " + (optionalOnCreate ? input : inputType(type)));
      update.add(field.name() + ": " + (isKey ? inputType(type.withRequired(true)) : input));
      if (isKey) {
        delete.add(field.name() + ": " + inputType(type.withRequired(true)));
      }
    }
    for (List<String> list : List.of(create, update, delete)) {
      list.add("_version: Int");
    }
    create.addAll(keys);
    update.addAll(keys);
    // As Amplify, an input exists only for a mutation that exists.
    if (model.operations().create().isPresent()) {
      define("Create" + m + "Input", "input Create" + m + "Input {\n" + lines(create) + "}", m);
    }
    if (model.operations().update().isPresent()) {
      define("Update" + m + "Input", "input Update" + m + "Input {\n" + lines(update) + "}", m);
    }
    if (model.operations().delete().isPresent()) {
      define("Delete" + m + "Input", "input Delete" + m + "Input {\n" + lines(delete) + "}", m);
    }
  }

  private String inputType(FieldType type) {
    if (type.kind() != TypeKind.EMBEDDED) {
      return type.toGraphQL();
    }
    return new FieldType(
            type.name() + "Input",
            type.kind(),
            type.required(),
            type.list(),
            type.elementsRequired())
        .toGraphQL();
  }
}
