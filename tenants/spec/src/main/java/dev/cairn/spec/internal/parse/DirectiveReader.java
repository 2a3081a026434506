package dev.cairn.spec.internal.parse;

import dev.cairn.spec.AuthRule;
import dev.cairn.spec.AuthStrategy;
import dev.cairn.spec.ConflictPolicy;
import dev.cairn.spec.FieldOrigin;
import dev.cairn.spec.FieldType;
import dev.cairn.spec.Index;
import dev.cairn.spec.ModelOperations;
import dev.cairn.spec.PrimaryKey;
import dev.cairn.spec.Scalar;
import dev.cairn.spec.SubscriptionLevel;
import dev.cairn.spec.Timestamps;
import dev.cairn.spec.TypeKind;
import dev.cairn.spec.internal.Pluralizer;
import dev.cairn.spec.internal.parse.Drafts.FieldDraft;
import dev.cairn.spec.internal.parse.Drafts.ModelDraft;
import graphql.language.Argument;
import graphql.language.Directive;
import graphql.language.EnumValueDefinition;
import graphql.language.FieldDefinition;
import graphql.language.ObjectField;
import graphql.language.ObjectTypeDefinition;
import graphql.language.ObjectValue;
import graphql.language.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the model-level and field-level directives of one model, except relations. */
final class DirectiveReader {
  static final Set<String> RELATION_DIRECTIVES =
      Set.of("hasOne", "hasMany", "belongsTo", "manyToMany");
  private static final Set<String> FIELD_DIRECTIVES =
      Set.of(
          "primaryKey",
          "index",
          "default",
          "auth",
          "conflict",
          "hasOne",
          "hasMany",
          "belongsTo",
          "manyToMany");
  private static final Map<String, String> UNSUPPORTED =
      Map.ofEntries(
          Map.entry("key", "it is Amplify's v1 syntax; use @primaryKey or @index"),
          Map.entry("connection", "it is Amplify's v1 syntax; use @hasOne, @hasMany or @belongsTo"),
          Map.entry("searchable", "full-text search is not available"),
          Map.entry("function", "Lambda resolvers are not available"),
          Map.entry("http", "HTTP resolvers are not available"),
          Map.entry("predictions", "AI predictions are not available"),
          Map.entry("versioned", "every model is versioned already (_version)"),
          Map.entry("mapsTo", "renaming stored models is not available"),
          Map.entry("refersTo", "SQL data sources are not available"),
          Map.entry("sql", "SQL data sources are not available"),
          Map.entry("validate", "field validation directives are not available"),
          Map.entry("generation", "AI generation routes are not available"),
          Map.entry("conversation", "AI conversation routes are not available"));

  private final Diagnostics diagnostics;
  private final Args args;
  private final SchemaReader reader;
  private final AuthReader auth;

  DirectiveReader(Diagnostics diagnostics, Args args, SchemaReader reader) {
    this.diagnostics = diagnostics;
    this.args = args;
    this.reader = reader;
    this.auth = new AuthReader(diagnostics, args);
  }

  void readModel(ModelDraft model, List<AuthRule> globalAuthRules) {
    ObjectTypeDefinition type = (ObjectTypeDefinition) model.node;
    model.pluralName = Pluralizer.plural(model.name);
    boolean hasAuth = false;
    for (Directive directive : type.getDirectives()) {
      switch (directive.getName()) {
        case "model" -> readModelDirective(model, directive);
        case "auth" -> {
          hasAuth = true;
          model.authRules = auth.read(directive, false);
        }
        default -> unknown(directive, "type `" + model.name + "`", Set.of("model", "auth"));
      }
    }
    if (!hasAuth) {
      if (globalAuthRules.isEmpty()) {
        diagnostics.error(
            type,
            "model `"
                + model.name
                + "` has no @auth rules; add one, e.g. @auth(rules: [{ allow:"
                + " owner }]) or @auth(rules: [{ allow: public }]) (Cairn grants nothing by"
                + " default)");
      }
      model.authRules = globalAuthRules;
    }
    readFieldDirectives(model);
    if (model.primaryKey.isDefaultId()
        && model.fields.stream().noneMatch(f -> f.name.equals("id"))) {
      model.fields.add(
          0,
          new FieldDraft(
              "id", FieldType.scalar(Scalar.ID, true), FieldOrigin.DECLARED, model.node));
    }
  }

  private void readModelDirective(ModelDraft model, Directive directive) {
    Map<String, Argument> arguments =
        args.of(directive, Set.of("queries", "mutations", "subscriptions", "timestamps"));
    String n = model.name;
    String p = model.pluralName;
    Map<String, Optional<String>> queries =
        names(arguments.get("queries"), Map.of("get", "get" + n, "list", "list" + p), "queries");
    Map<String, Optional<String>> mutations =
        names(
            arguments.get("mutations"),
            Map.of("create", "create" + n, "update", "update" + n, "delete", "delete" + n),
            "mutations");
    boolean queriesOn =
        arguments.get("queries") == null || !Args.isNull(arguments.get("queries").getValue());
    SubscriptionLevel level = SubscriptionLevel.ON;
    Map<String, Optional<String>> subscriptions;
    Argument subs = arguments.get("subscriptions");
    if (subs != null && Args.isNull(subs.getValue())) {
      level = SubscriptionLevel.OFF;
      subscriptions = Map.of();
    } else {
      subscriptions =
          names(
              subs,
              Map.of(
                  "onCreate",
                  "onCreate" + n,
                  "onUpdate",
                  "onUpdate" + n,
                  "onDelete",
                  "onDelete" + n,
                  "level",
                  ""),
              "subscriptions");
      if (subs != null && subs.getValue() instanceof ObjectValue object) {
        for (ObjectField field : object.getObjectFields()) {
          if (field.getName().equals("level")) {
            Optional<String> word = args.word(field, field.getValue(), "`level`");
            if (word.isPresent()) {
              try {
                level = SubscriptionLevel.valueOf(word.get().toUpperCase(Locale.ROOT));
              } catch (IllegalArgumentException e) {
                diagnostics.error(
                    field,
                    "subscription `level: " + word.get() + "` is unknown; use on, public or off");
              }
            }
          }
        }
      }
    }
    boolean subsOn = level != SubscriptionLevel.OFF;
    model.operations =
        new ModelOperations(
            queries.getOrDefault("get", Optional.empty()),
            queries.getOrDefault("list", Optional.empty()),
            queriesOn ? Optional.of("sync" + p) : Optional.empty(),
            mutations.getOrDefault("create", Optional.empty()),
            mutations.getOrDefault("update", Optional.empty()),
            mutations.getOrDefault("delete", Optional.empty()),
            subsOn && mutations.get("create").isPresent()
                ? subscriptions.getOrDefault("onCreate", Optional.empty())
                : Optional.empty(),
            subsOn && mutations.get("update").isPresent()
                ? subscriptions.getOrDefault("onUpdate", Optional.empty())
                : Optional.empty(),
            subsOn && mutations.get("delete").isPresent()
                ? subscriptions.getOrDefault("onDelete", Optional.empty())
                : Optional.empty(),
            level);
    Argument timestamps = arguments.get("timestamps");
    if (timestamps != null) {
      if (Args.isNull(timestamps.getValue())) {
        model.timestamps = new Timestamps(Optional.empty(), Optional.empty());
      } else {
        Map<String, Optional<String>> names =
            names(
                timestamps,
                Map.of("createdAt", "createdAt", "updatedAt", "updatedAt"),
                "timestamps");
        model.timestamps = new Timestamps(names.get("createdAt"), names.get("updatedAt"));
      }
    }
  }

  /**
   * Reads {@code {get: "name", list: null}}: an absent argument gives the defaults, {@code null}
   * disables all, an object overrides or disables ({@code null}) single names.
   */
  private Map<String, Optional<String>> names(
      Argument argument, Map<String, String> defaults, String what) {
    Map<String, Optional<String>> out = new java.util.HashMap<>();
    if (argument != null && Args.isNull(argument.getValue())) {
      defaults.keySet().forEach(k -> out.put(k, Optional.empty()));
      return out;
    }
    defaults.forEach((k, v) -> out.put(k, Optional.of(v)));
    if (argument == null) {
      return out;
    }
    if (!(argument.getValue() instanceof ObjectValue object)) {
      diagnostics.error(
          argument,
          "`"
              + what
              + "` must be null or an object such as { "
              + defaults.keySet().iterator().next()
              + ": null }");
      return out;
    }
    for (Map.Entry<String, ObjectField> entry :
        args.fields(object, "`" + what + "`", defaults.keySet()).entrySet()) {
      if (entry.getKey().equals("level")) {
        continue;
      }
      Value<?> value = entry.getValue().getValue();
      if (Args.isNull(value)) {
        out.put(entry.getKey(), Optional.empty());
      } else {
        args.string(entry.getValue(), value, "`" + what + "." + entry.getKey() + "`")
            .ifPresent(
                name -> {
                  if (!name.matches("[A-Za-z][_0-9A-Za-z]*")) {
                    diagnostics.error(
                        entry.getValue(),
                        "`"
                            + name
                            + "` is not a valid name; use letters, digits and _, starting with a letter");
                  }
                  out.put(entry.getKey(), Optional.of(name));
                });
      }
    }
    return out;
  }

  private void readFieldDirectives(ModelDraft model) {
    boolean primaryKeySeen = false;
    for (FieldDraft field : model.fields) {
      FieldDefinition node = (FieldDefinition) field.node;
      for (Directive directive : node.getDirectives()) {
        String where = "field `" + field.name + "` of `" + model.name + "`";
        switch (directive.getName()) {
          case "primaryKey" -> {
            if (primaryKeySeen) {
              diagnostics.error(
                  directive, "model `" + model.name + "` has a second @primaryKey; keep only one");
            } else {
              primaryKeySeen = true;
              readPrimaryKey(model, field, directive);
            }
          }
          case "index" -> readIndex(model, field, directive);
          case "default" -> readDefault(field, directive, where);
          case "auth" -> field.authRules = auth.read(directive, true);
          case "conflict" -> readConflict(field, directive, where);
          case "hasOne", "hasMany", "belongsTo", "manyToMany" -> {
            if (field.relationDirective != null) {
              diagnostics.error(directive, where + " has two relation directives; keep one");
            } else if (field.type.kind() != TypeKind.MODEL) {
              diagnostics.error(
                  directive,
                  "@"
                      + directive.getName()
                      + " on "
                      + where
                      + " needs a model type, but `"
                      + field.type.name()
                      + "` is not a model");
            } else {
              field.relationDirective = directive;
            }
          }
          default -> unknown(directive, where, FIELD_DIRECTIVES);
        }
      }
      if (field.type.kind() == TypeKind.MODEL && field.relationDirective == null) {
        diagnostics.error(
            node,
            "field `"
                + field.name
                + "` of `"
                + model.name
                + "`"
                + " has model type `"
                + field.type.name()
                + "`; add @hasOne, @hasMany,"
                + " @belongsTo or @manyToMany to say how the models relate");
      }
    }
    if (!primaryKeySeen) {
      Optional<FieldDraft> id = model.fields.stream().filter(f -> f.name.equals("id")).findFirst();
      if (id.isPresent()
          && !(id.get().type.name().equals("ID")
              && id.get().type.required()
              && !id.get().type.list())) {
        diagnostics.error(
            id.get().node,
            "field `id` of `"
                + model.name
                + "` must be `ID!` (it is the primary key); change its"
                + " type or mark another field with @primaryKey");
      }
    }
  }

  private void readPrimaryKey(ModelDraft model, FieldDraft field, Directive directive) {
    Map<String, Argument> arguments = args.of(directive, Set.of("sortKeyFields"));
    checkKeyField(model, field, "@primaryKey", directive);
    List<String> sortKeys = sortKeys(model, field, arguments.get("sortKeyFields"), "@primaryKey");
    model.primaryKey = new PrimaryKey(field.name, sortKeys);
  }

  private void readIndex(ModelDraft model, FieldDraft field, Directive directive) {
    Map<String, Argument> arguments =
        args.of(directive, Set.of("name", "sortKeyFields", "queryField"));
    checkKeyField(model, field, "@index", directive);
    Argument nameArg = arguments.get("name");
    Optional<String> name =
        nameArg == null ? Optional.empty() : args.string(nameArg, nameArg.getValue(), "`name`");
    if (nameArg == null) {
      diagnostics.error(
          directive,
          "@index needs a `name`, e.g. @index(name: \"by" + Names.upperFirst(field.name) + "\")");
      return;
    }
    if (name.isEmpty()) {
      return;
    }
    if (model.indexes.stream().anyMatch(i -> i.name().equals(name.get()))) {
      diagnostics.error(
          nameArg,
          "model `"
              + model.name
              + "` already has an index named `"
              + name.get()
              + "`; give this one another name");
      return;
    }
    List<String> sortKeys = sortKeys(model, field, arguments.get("sortKeyFields"), "@index");
    Argument queryArg = arguments.get("queryField");
    Optional<String> queryField =
        queryArg == null
            ? Optional.empty()
            : args.string(queryArg, queryArg.getValue(), "`queryField`");
    if (queryField.isPresent() && !queryField.get().matches("[a-z][_0-9A-Za-z]*")) {
      diagnostics.error(
          queryArg,
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
    model.indexNodes.add(queryArg != null ? queryArg : directive);
  }

  private void checkKeyField(ModelDraft model, FieldDraft field, String directive, Directive at) {
    boolean scalarOrEnum =
        field.type.kind() == TypeKind.SCALAR || field.type.kind() == TypeKind.ENUM;
    if (!scalarOrEnum || field.type.list()) {
      diagnostics.error(
          at,
          directive
              + " on field `"
              + field.name
              + "` of `"
              + model.name
              + "` needs a scalar or enum"
              + " field, not `"
              + field.type.toGraphQL()
              + "`");
    } else if (directive.equals("@primaryKey") && !field.type.required()) {
      diagnostics.error(
          at,
          "@primaryKey field `"
              + field.name
              + "` of `"
              + model.name
              + "` must be required; write `"
              + field.type.toGraphQL()
              + "!`");
    }
  }

  private List<String> sortKeys(
      ModelDraft model, FieldDraft keyField, Argument argument, String directive) {
    if (argument == null) {
      return List.of();
    }
    List<String> names =
        args.strings(argument, argument.getValue(), "`sortKeyFields`").orElse(List.of());
    List<String> out = new ArrayList<>();
    for (String name : names) {
      Optional<FieldDraft> field =
          model.fields.stream().filter(f -> f.name.equals(name)).findFirst();
      if (field.isEmpty()) {
        diagnostics.error(
            argument,
            directive
                + " sort key `"
                + name
                + "` is not a field of `"
                + model.name
                + "`; declare it or fix the name"
                + Names.suggest(name, model.fields.stream().map(f -> f.name).toList()));
      } else if (name.equals(keyField.name) || out.contains(name)) {
        diagnostics.error(
            argument,
            directive + " names `" + name + "` twice as a key field; list each field once");
      } else if (field.get().type.list()
          || (field.get().type.kind() != TypeKind.SCALAR
              && field.get().type.kind() != TypeKind.ENUM)) {
        diagnostics.error(
            argument,
            directive
                + " sort key `"
                + name
                + "` must be a scalar or enum field, not `"
                + field.get().type.toGraphQL()
                + "`");
      } else if (directive.equals("@primaryKey") && !field.get().type.required()) {
        diagnostics.error(
            argument,
            "@primaryKey sort key `"
                + name
                + "` of `"
                + model.name
                + "` must be required; write `"
                + field.get().type.toGraphQL()
                + "!`");
      } else {
        out.add(name);
      }
    }
    return out;
  }

  private void readDefault(FieldDraft field, Directive directive, String where) {
    Map<String, Argument> arguments = args.of(directive, Set.of("value"));
    Argument value = arguments.get("value");
    if (value == null) {
      diagnostics.error(directive, "@default needs `value`, e.g. @default(value: \"0\")");
      return;
    }
    Optional<String> text =
        args.string(value, value.getValue(), "@default `value` (always a string, e.g. \"5\")");
    if (text.isEmpty()) {
      return;
    }
    if (field.type.list()
        || field.type.kind() == TypeKind.MODEL
        || field.type.kind() == TypeKind.EMBEDDED) {
      diagnostics.error(
          directive,
          "@default on "
              + where
              + " needs a scalar or enum field, not `"
              + field.type.toGraphQL()
              + "`");
      return;
    }
    if (field.type.kind() == TypeKind.ENUM) {
      List<String> values =
          reader.enums.get(field.type.name()).getEnumValueDefinitions().stream()
              .map(EnumValueDefinition::getName)
              .toList();
      if (!values.contains(text.get())) {
        diagnostics.error(
            value,
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
        diagnostics.error(value, "@default on " + where + ": " + problem.get());
        return;
      }
    }
    field.defaultValue = text.get();
  }

  private void readConflict(FieldDraft field, Directive directive, String where) {
    Map<String, Argument> arguments = args.of(directive, Set.of("policy"));
    Argument policyArg = arguments.get("policy");
    if (policyArg == null) {
      diagnostics.error(directive, "@conflict needs `policy`, e.g. @conflict(policy: COUNTER)");
      return;
    }
    Optional<String> word = args.word(policyArg, policyArg.getValue(), "`policy`");
    if (word.isEmpty()) {
      return;
    }
    ConflictPolicy policy;
    try {
      policy = ConflictPolicy.valueOf(word.get().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      diagnostics.error(
          policyArg,
          "@conflict policy `"
              + word.get()
              + "` is unknown; use SERVER_WINS, CLIENT_WINS, LIST_APPEND, SET_UNION, MAX or COUNTER");
      return;
    }
    FieldType type = field.type;
    boolean numeric = !type.list() && (type.name().equals("Int") || type.name().equals("Float"));
    boolean ordered =
        numeric
            || (!type.list()
                && Set.of("AWSTimestamp", "AWSDate", "AWSTime", "AWSDateTime")
                    .contains(type.name()));
    String problem =
        switch (policy) {
          case COUNTER -> numeric ? null : "COUNTER needs an Int or Float field";
          case MAX -> ordered ? null : "MAX needs a number or an AWS date/time field";
          case LIST_APPEND, SET_UNION -> type.list() ? null : policy + " needs a list field";
          case SERVER_WINS, CLIENT_WINS -> null;
        };
    if (type.kind() == TypeKind.MODEL) {
      problem = "relation fields have no conflict policy; put it on the foreign key field";
    }
    if (problem != null) {
      diagnostics.error(
          policyArg, "@conflict on " + where + " (`" + type.toGraphQL() + "`): " + problem);
      return;
    }
    field.conflictPolicy = policy;
  }

  private void unknown(Directive directive, String where, Set<String> allowed) {
    String name = directive.getName();
    if (UNSUPPORTED.containsKey(name)) {
      diagnostics.error(
          directive, "@" + name + " is not supported by Cairn: " + UNSUPPORTED.get(name));
    } else if (name.startsWith("aws_")) {
      diagnostics.error(
          directive, "@" + name + " is AppSync output, not input; use @auth rules instead");
    } else if (Set.of(
            "model",
            "auth",
            "primaryKey",
            "index",
            "default",
            "conflict",
            "hasOne",
            "hasMany",
            "belongsTo",
            "manyToMany")
        .contains(name)) {
      diagnostics.error(
          directive,
          "@" + name + " cannot be used on " + where + "; allowed here: " + Args.describe(allowed));
    } else {
      diagnostics.error(
          directive,
          "unknown directive @"
              + name
              + " on "
              + where
              + "; allowed here: "
              + Args.describe(allowed)
              + Names.suggest(name, allowed));
    }
  }

  /** Adds implicit fields (id, timestamps, owner fields) and checks auth fields' types. */
  void addImplicitFields(ModelDraft model) {
    for (Optional<String> timestamp :
        List.of(model.timestamps.createdAt(), model.timestamps.updatedAt())) {
      if (timestamp.isEmpty()) {
        continue;
      }
      Optional<FieldDraft> declared = model.field(timestamp.get());
      if (declared.isEmpty()) {
        model.fields.add(
            new FieldDraft(
                timestamp.get(),
                FieldType.scalar(Scalar.AWSDateTime, true),
                FieldOrigin.TIMESTAMP,
                model.node));
      } else if (!declared.get().type.name().equals("AWSDateTime") || declared.get().type.list()) {
        diagnostics.error(
            declared.get().node,
            "timestamp field `"
                + timestamp.get()
                + "` of `"
                + model.name
                + "` must be `AWSDateTime`; change its type or rename the timestamp in @model(timestamps:)");
      }
    }
    List<AuthRule> rules = new ArrayList<>(model.authRules);
    model.fields.forEach(f -> rules.addAll(f.authRules));
    for (AuthRule rule : rules) {
      if (rule.allow() == AuthStrategy.OWNER) {
        String ownerField = rule.ownerField().orElseThrow();
        Optional<FieldDraft> declared = model.field(ownerField);
        if (declared.isEmpty()) {
          model.foreignKeys.add(
              new FieldDraft(
                  ownerField,
                  FieldType.scalar(Scalar.String, false),
                  FieldOrigin.OWNER,
                  model.node));
        } else if (!Set.of("String", "ID").contains(declared.get().type.name())) {
          diagnostics.error(
              declared.get().node,
              "owner field `"
                  + ownerField
                  + "` of `"
                  + model.name
                  + "` must be String, ID or a list of them, not `"
                  + declared.get().type.toGraphQL()
                  + "`");
        }
      }
      if (rule.groupsField().isPresent()) {
        String groupsField = rule.groupsField().get();
        Optional<FieldDraft> declared = model.field(groupsField);
        if (declared.isEmpty()) {
          diagnostics.error(
              model.node,
              "`groupsField: \""
                  + groupsField
                  + "\"` of model `"
                  + model.name
                  + "` names no field; declare `"
                  + groupsField
                  + ": [String]`");
        } else if (!declared.get().type.name().equals("String")) {
          diagnostics.error(
              declared.get().node,
              "groups field `"
                  + groupsField
                  + "` of `"
                  + model.name
                  + "` must be String or [String], not `"
                  + declared.get().type.toGraphQL()
                  + "`");
        }
      }
    }
  }
}
