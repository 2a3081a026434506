package dev.cairn.spec.internal.parse;

import dev.cairn.spec.AuthRule;
import dev.cairn.spec.EmbeddedType;
import dev.cairn.spec.EnumType;
import dev.cairn.spec.Field;
import dev.cairn.spec.FieldOrigin;
import dev.cairn.spec.FieldType;
import dev.cairn.spec.Model;
import dev.cairn.spec.ModelSchema;
import dev.cairn.spec.Scalar;
import dev.cairn.spec.TypeKind;
import dev.cairn.spec.internal.parse.DirectivePlacement.Place;
import dev.cairn.spec.internal.parse.Drafts.FieldDraft;
import dev.cairn.spec.internal.parse.Drafts.ModelDraft;
import graphql.language.Definition;
import graphql.language.DirectivesContainer;
import graphql.language.Document;
import graphql.language.EnumTypeDefinition;
import graphql.language.EnumValueDefinition;
import graphql.language.FieldDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.ListType;
import graphql.language.Node;
import graphql.language.NonNullType;
import graphql.language.ObjectTypeDefinition;
import graphql.language.ObjectValue;
import graphql.language.Type;
import graphql.language.TypeName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a parsed tenant document into a {@link ModelSchema}: collects the type definitions,
 * resolves field types, reads every directive, resolves relations and adds the implicit fields,
 * reporting every problem to {@link Diagnostics}.
 */
public final class SchemaReader {
  static final Set<String> RESERVED_TYPE_NAMES =
      Set.of("Query", "Mutation", "Subscription", "AMPLIFY");
  static final Set<String> RESERVED_FIELD_NAMES = Set.of("and", "or", "not");

  private final Diagnostics diagnostics;
  private final Args args;
  private final DirectivePlacement placement;
  final Map<String, ModelDraft> models = new LinkedHashMap<>();
  final Map<String, EnumTypeDefinition> enums = new LinkedHashMap<>();
  final Map<String, ObjectTypeDefinition> embedded = new LinkedHashMap<>();
  final Map<String, List<FieldDraft>> embeddedFields = new LinkedHashMap<>();
  private List<AuthRule> globalAuthRules = List.of();

  public SchemaReader(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
    this.args = new Args(diagnostics);
    this.placement = new DirectivePlacement(diagnostics);
  }

  public Optional<ModelSchema> read(Document document) {
    collect(document);
    DirectiveReader directives = new DirectiveReader(diagnostics, args, enums);
    for (ModelDraft model : models.values()) {
      readFields(model.name, (ObjectTypeDefinition) model.node, model.fields, true);
    }
    for (ObjectTypeDefinition type : embedded.values()) {
      List<FieldDraft> fields = new ArrayList<>();
      readFields(type.getName(), type, fields, false);
      embeddedFields.put(type.getName(), fields);
    }
    checkEmbeddedDirectives();
    for (ModelDraft model : models.values()) {
      directives.readModel(model, globalAuthRules);
    }
    new RelationResolver(diagnostics, args, this).resolve();
    for (ModelDraft model : models.values()) {
      directives.completeModel(model);
    }
    if (diagnostics.hasErrors()) {
      return Optional.empty();
    }
    return Optional.of(freeze());
  }

  private void collect(Document document) {
    Map<String, Definition<?>> seen = new LinkedHashMap<>();
    for (Definition<?> definition : document.getDefinitions()) {
      if (definition instanceof InputObjectTypeDefinition input
          && input.getName().equals("AMPLIFY")) {
        readAmplifyInput(input);
        continue;
      }
      String name;
      if (definition instanceof ObjectTypeDefinition type
          && type.getClass() == ObjectTypeDefinition.class) {
        name = type.getName();
      } else if (definition instanceof EnumTypeDefinition type
          && type.getClass() == EnumTypeDefinition.class) {
        name = type.getName();
      } else {
        diagnostics.errorAtKeyword(
            definition,
            "only object types (`type X @model { ... }` or embedded `type X { ... }`) and enums"
                + " can be declared in a tenant schema; remove this "
                + Names.describeDefinition(definition));
        checkDirectives(definition, Place.OTHER_DEFINITION, Names.kindAndName(definition));
        continue;
      }
      if (seen.containsKey(name)) {
        diagnostics.error(
            definition,
            "type `"
                + name
                + "` is declared twice (first at line "
                + seen.get(name).getSourceLocation().getLine()
                + "); rename or merge one of them");
        continue;
      }
      seen.put(name, definition);
      checkTypeName(definition, name);
      if (definition instanceof EnumTypeDefinition enumType) {
        readEnum(enumType);
      } else {
        ObjectTypeDefinition type = (ObjectTypeDefinition) definition;
        if (!type.getImplements().isEmpty()) {
          diagnostics.error(
              type.getImplements().get(0),
              "`"
                  + name
                  + "` implements an interface; interfaces are not supported, declare the"
                  + " fields directly");
        }
        if (type.hasDirective("model")) {
          models.put(name, new ModelDraft(name, type));
        } else {
          embedded.put(name, type);
        }
      }
    }
  }

  private void readAmplifyInput(InputObjectTypeDefinition input) {
    for (InputValueDefinition value : input.getInputValueDefinitions()) {
      if (value.getName().equals("globalAuthRule")
          && value.getDefaultValue() instanceof ObjectValue rule) {
        new AuthReader(diagnostics, args)
            .readRule(rule, false)
            .ifPresent(r -> globalAuthRules = List.of(r));
      } else {
        diagnostics.error(
            value, "`input AMPLIFY` may only hold `globalAuthRule: AuthRule = { allow: public }`");
      }
    }
  }

  private void checkTypeName(Definition<?> definition, String name) {
    if (RESERVED_TYPE_NAMES.contains(name) || Scalar.fromName(name).isPresent()) {
      diagnostics.error(
          definition, "type name `" + name + "` is reserved; choose another name for this type");
    } else if (name.startsWith("_") || name.startsWith("Cairn") || name.startsWith("AWS")) {
      diagnostics.error(
          definition,
          "type name `"
              + name
              + "` uses a reserved prefix (`_`, `Cairn`, `AWS`); choose a name without it");
    }
  }

  private void readEnum(EnumTypeDefinition type) {
    enums.put(type.getName(), type);
    checkDirectives(type, Place.ENUM, "enum `" + type.getName() + "`");
    if (type.getEnumValueDefinitions().isEmpty()) {
      diagnostics.error(type, "enum `" + type.getName() + "` has no values; add at least one");
    }
    Set<String> values = new java.util.HashSet<>();
    for (EnumValueDefinition value : type.getEnumValueDefinitions()) {
      checkDirectives(
          value,
          Place.ENUM_VALUE,
          "value `" + value.getName() + "` of enum `" + type.getName() + "`");
      if (!values.add(value.getName())) {
        diagnostics.error(
            value,
            "enum `" + type.getName() + "` lists `" + value.getName() + "` twice; remove one");
      }
    }
  }

  private void readFields(
      String typeName, ObjectTypeDefinition type, List<FieldDraft> out, boolean isModel) {
    if (type.getFieldDefinitions().isEmpty()) {
      diagnostics.error(type, "type `" + typeName + "` has no fields; add at least one");
    }
    Set<String> names = new java.util.HashSet<>();
    for (FieldDefinition field : type.getFieldDefinitions()) {
      String name = field.getName();
      if (!names.add(name)) {
        diagnostics.error(
            field, "field `" + name + "` of `" + typeName + "` is declared twice; remove one");
        continue;
      }
      if (name.startsWith("_") || RESERVED_FIELD_NAMES.contains(name)) {
        diagnostics.error(
            field,
            "field name `"
                + name
                + "` of `"
                + typeName
                + "` is reserved (`_version`, `_deleted`, `_lastChangedAt` and filter keywords"
                + " `and`, `or`, `not`; names starting with `_`); rename the field");
        continue;
      }
      if (!field.getInputValueDefinitions().isEmpty()) {
        diagnostics.error(
            field.getInputValueDefinitions().get(0),
            "field `"
                + name
                + "` of `"
                + typeName
                + "` has arguments; remove them (arguments"
                + " are generated for relation fields)");
      }
      resolveType(typeName, field, field.getType())
          .ifPresent(
              fieldType -> {
                if (!isModel && fieldType.kind() == TypeKind.MODEL) {
                  diagnostics.error(
                      field.getType(),
                      "field `"
                          + name
                          + "` of embedded type `"
                          + typeName
                          + "` refers to model `"
                          + fieldType.name()
                          + "`; embedded types cannot hold models, store the id"
                          + " instead (`"
                          + Names.lowerFirst(fieldType.name())
                          + "Id: ID`)");
                }
                out.add(new FieldDraft(name, fieldType, FieldOrigin.DECLARED, field));
              });
    }
  }

  private Optional<FieldType> resolveType(String typeName, FieldDefinition field, Type<?> type) {
    boolean required = false;
    boolean list = false;
    boolean elementsRequired = false;
    Type<?> current = type;
    if (current instanceof NonNullType nonNull) {
      required = true;
      current = nonNull.getType();
    }
    if (current instanceof ListType listType) {
      list = true;
      current = listType.getType();
      if (current instanceof NonNullType nonNull) {
        elementsRequired = true;
        current = nonNull.getType();
      }
      if (current instanceof ListType) {
        diagnostics.error(
            type,
            "field `"
                + field.getName()
                + "` of `"
                + typeName
                + "` is a list of lists; nested"
                + " lists are not supported, wrap the inner list in an embedded type");
        return Optional.empty();
      }
    }
    String name = ((TypeName) current).getName();
    TypeKind kind;
    if (Scalar.fromName(name).isPresent()) {
      kind = TypeKind.SCALAR;
    } else if (enums.containsKey(name)) {
      kind = TypeKind.ENUM;
    } else if (embedded.containsKey(name)) {
      kind = TypeKind.EMBEDDED;
    } else if (models.containsKey(name)) {
      kind = TypeKind.MODEL;
    } else {
      diagnostics.error(
          current,
          "field `"
              + field.getName()
              + "` of `"
              + typeName
              + "` uses unknown type `"
              + name
              + "`; "
              + Names.suggestType(name, knownTypeNames()));
      return Optional.empty();
    }
    return Optional.of(new FieldType(name, kind, required, list, elementsRequired));
  }

  private List<String> knownTypeNames() {
    List<String> names = new ArrayList<>();
    for (Scalar scalar : Scalar.values()) {
      names.add(scalar.name());
    }
    names.addAll(enums.keySet());
    names.addAll(embedded.keySet());
    names.addAll(models.keySet());
    return names;
  }

  private ModelSchema freeze() {
    List<Model> frozenModels = new ArrayList<>();
    for (ModelDraft model : models.values()) {
      List<Field> fields = new ArrayList<>();
      for (FieldDraft field : model.allFields()) {
        fields.add(field.freeze());
      }
      frozenModels.add(model.freeze(fields));
    }
    List<EnumType> frozenEnums = new ArrayList<>();
    for (EnumTypeDefinition type : enums.values()) {
      frozenEnums.add(
          new EnumType(
              type.getName(),
              type.getEnumValueDefinitions().stream().map(EnumValueDefinition::getName).toList()));
    }
    List<EmbeddedType> frozenEmbedded = new ArrayList<>();
    embeddedFields.forEach(
        (name, fields) ->
            frozenEmbedded.add(
                new EmbeddedType(name, fields.stream().map(FieldDraft::freeze).toList())));
    return new ModelSchema(frozenModels, frozenEnums, frozenEmbedded);
  }

  /** No directive may be used on a type without @model or its fields; reports each one. */
  private void checkEmbeddedDirectives() {
    for (ObjectTypeDefinition type : embedded.values()) {
      String where = "type `" + type.getName() + "`, which has no @model";
      checkDirectives(type, Place.EMBEDDED_TYPE, where);
      for (FieldDefinition field : type.getFieldDefinitions()) {
        checkDirectives(
            field,
            Place.EMBEDDED_FIELD,
            "field `" + field.getName() + "` of `" + type.getName() + "`, which has no @model");
      }
    }
  }

  private void checkDirectives(Node<?> node, Place place, String where) {
    if (node instanceof DirectivesContainer<?> container) {
      placement.allowed(container.getDirectives(), place, where);
    }
  }
}
