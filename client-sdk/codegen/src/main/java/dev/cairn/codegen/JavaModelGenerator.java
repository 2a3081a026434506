package dev.cairn.codegen;

import dev.cairn.spec.AuthRule;
import dev.cairn.spec.AuthStrategy;
import dev.cairn.spec.EmbeddedType;
import dev.cairn.spec.EnumType;
import dev.cairn.spec.Field;
import dev.cairn.spec.FieldOrigin;
import dev.cairn.spec.FieldType;
import dev.cairn.spec.Index;
import dev.cairn.spec.Model;
import dev.cairn.spec.ModelOperation;
import dev.cairn.spec.ModelSchema;
import dev.cairn.spec.Relation;
import dev.cairn.spec.RelationKind;
import dev.cairn.spec.SchemaHash;
import dev.cairn.spec.SubscriptionLevel;
import dev.cairn.spec.TypeKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a validated {@link ModelSchema} into Java sources for the client SDK: one record per model
 * (with typed {@code QueryField} constants, the SDK's {@code ModelType}, a builder, {@code
 * toBuilder} and {@code with<Field>} withers), one record per embedded type and one enum per enum.
 * A model with a {@code @primaryKey} gets its key fields in the {@code ModelType}, a builder
 * without a random {@code id} and no withers for its key fields (another key is another record).
 * {@code Models.all()} lists every model. Stateless and thread-safe.
 */
public final class JavaModelGenerator {
  private static final Set<String> KEYWORDS =
      Set.of(
          "abstract",
          "assert",
          "boolean",
          "break",
          "byte",
          "case",
          "catch",
          "char",
          "class",
          "const",
          "continue",
          "default",
          "do",
          "double",
          "else",
          "enum",
          "extends",
          "final",
          "finally",
          "float",
          "for",
          "goto",
          "if",
          "implements",
          "import",
          "instanceof",
          "int",
          "interface",
          "long",
          "native",
          "new",
          "package",
          "private",
          "protected",
          "public",
          "return",
          "short",
          "static",
          "strictfp",
          "super",
          "switch",
          "synchronized",
          "this",
          "throw",
          "throws",
          "transient",
          "try",
          "void",
          "volatile",
          "while",
          "record",
          "var",
          "yield");

  private JavaModelGenerator() {}

  /** The generated sources. */
  public record Output(Map<String, String> sources) {}

  /**
   * @param javaPackage the package of the generated classes
   * @return file path relative to the source root -> source text
   */
  public static Output generate(ModelSchema schema, String javaPackage) {
    Map<String, String> sources = new LinkedHashMap<>();
    String dir = javaPackage.replace('.', '/') + "/";
    for (EnumType e : schema.enums()) {
      sources.put(dir + e.name() + ".java", enumSource(e, javaPackage));
    }
    for (EmbeddedType t : schema.embeddedTypes()) {
      sources.put(dir + t.name() + ".java", embeddedSource(t, schema, javaPackage));
    }
    for (Model m : schema.models()) {
      sources.put(dir + m.name() + ".java", modelSource(m, schema, javaPackage));
    }
    if (!sources.containsKey(dir + "Models.java")) {
      sources.put(dir + "Models.java", registrySource(schema, javaPackage));
    }
    return new Output(sources);
  }

  private static String enumSource(EnumType e, String pkg) {
    return header(pkg)
        + "/** Enum {@code "
        + e.name()
        + "} of the tenant schema. */\npublic enum "
        + e.name()
        + " {\n  "
        + String.join(",\n  ", e.values())
        + "\n}\n";
  }

  private static String embeddedSource(EmbeddedType t, ModelSchema schema, String pkg) {
    List<Field> fields = t.fields();
    StringBuilder s = new StringBuilder(header(pkg));
    s.append("import dev.cairn.client.Codecs;\nimport dev.cairn.client.FieldKind;\n")
        .append("import dev.cairn.client.ModelField;\nimport java.util.LinkedHashMap;\n")
        .append("import java.util.List;\nimport java.util.Map;\n\n");
    s.append("/** Embedded type {@code ")
        .append(t.name())
        .append("}, stored inside its record. */\n");
    s.append("public record ")
        .append(t.name())
        .append("(")
        .append(components(fields))
        .append(") {\n");
    s.append("  /** The fields, as the SDK describes them. */\n");
    s.append("  public static final List<ModelField> FIELDS =\n      List.of(\n");
    s.append(
        joinLines(fields.stream().map(f -> "          " + modelField(f, schema)).toList(), ",\n"));
    s.append(");\n\n");
    codecMethods(s, t.name(), fields, schema);
    s.append("}\n");
    return s.toString();
  }

  /**
   * A {@code ModelAuthRule} factory call for {@code rule}: what the SDK needs to subscribe as
   * Amplify does (owner field and identity claim, groups and group claim, provider, operations).
   */
  private static String authRule(AuthRule rule) {
    String operations =
        rule.operations().stream()
            .map(ModelOperation::sdlName)
            .sorted()
            .map(JavaModelGenerator::quote)
            .reduce("", (a, b) -> a + ", " + b);
    String provider = quote(rule.provider().sdlName());
    return switch (rule.allow()) {
      case OWNER ->
          "ModelAuthRule.owner("
              + provider
              + ", "
              + quote(rule.ownerField().orElse("owner"))
              + ", "
              + quote(rule.identityClaim().orElse("cognito:username"))
              + operations
              + ")";
      case GROUPS ->
          rule.groupsField().isPresent()
              ? "ModelAuthRule.groupsField("
                  + provider
                  + ", "
                  + quote(rule.groupClaim().orElse("cognito:groups"))
                  + ", "
                  + quote(rule.groupsField().get())
                  + operations
                  + ")"
              : "ModelAuthRule.groups("
                  + provider
                  + ", "
                  + quote(rule.groupClaim().orElse("cognito:groups"))
                  + ", List.of("
                  + String.join(
                      ", ", rule.groups().stream().map(JavaModelGenerator::quote).toList())
                  + ")"
                  + operations
                  + ")";
      case PRIVATE -> "ModelAuthRule.signedIn(" + provider + operations + ")";
      case PUBLIC -> "ModelAuthRule.anyone(" + provider + operations + ")";
    };
  }

  /** {@code value} as a Java string literal. */
  private static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String modelSource(Model m, ModelSchema schema, String pkg) {
    List<Field> fields = m.storedFields().stream().filter(f -> !f.isRelation()).toList();
    StringBuilder s = new StringBuilder(header(pkg));
    s.append("import dev.cairn.client.Codecs;\nimport dev.cairn.client.FieldKind;\n")
        .append("import dev.cairn.client.ModelAuthRule;\nimport dev.cairn.client.ModelField;\n")
        .append(
            "import dev.cairn.client.ModelType;\nimport dev.cairn.client.QueryField;\nimport java.util.LinkedHashMap;\n")
        .append("import java.util.List;\nimport java.util.Map;\n")
        .append(m.primaryKey().isDefaultId() ? "import java.util.UUID;\n\n" : "\n");
    s.append("/**\n * Model {@code ")
        .append(m.name())
        .append("} of the tenant schema. Immutable; change a copy with {@code with<Field>} or\n")
        .append(
            " * {@link #toBuilder()}. Fields set by the server ({@code createdAt}, {@code updatedAt}) are\n")
        .append(" * read-only.\n */\n");
    s.append("public record ")
        .append(m.name())
        .append("(")
        .append(components(fields))
        .append(") {\n");
    for (Field f : fields) {
      s.append("  public static final QueryField<")
          .append(boxed(f.type(), schema))
          .append("> ")
          .append(constant(f.name()))
          .append(" = QueryField.of(\"")
          .append(f.name())
          .append("\");\n");
    }
    s.append("\n  /** What the SDK knows about this model; register it with the client. */\n");
    s.append("  public static final ModelType<").append(m.name()).append("> TYPE =\n");
    s.append("      ModelType.builder(")
        .append(m.name())
        .append(".class, \"")
        .append(m.name())
        .append("\", \"")
        .append(m.pluralName())
        .append("\")\n");
    for (Field f : fields) {
      s.append("          .field(").append(modelField(f, schema)).append(")\n");
    }
    List<String> key = m.primaryKey().fields();
    if (!m.primaryKey().isDefaultId()) {
      s.append("          .primaryKey(")
          .append(String.join(", ", key.stream().map(k -> "\"" + k + "\"").toList()))
          .append(")\n");
    }
    Set<String> parents = new LinkedHashSet<>();
    for (Field f : m.fields()) {
      f.relation()
          .filter(r -> r.kind() == RelationKind.BELONGS_TO)
          .map(Relation::relatedModel)
          .ifPresent(parents::add);
    }
    parents.forEach(p -> s.append("          .belongsTo(\"").append(p).append("\")\n"));
    Set<String> indexed = new LinkedHashSet<>();
    for (Index i : m.indexes()) {
      indexed.add(i.partitionField());
    }
    for (Field f : m.fields()) {
      f.relation()
          .filter(r -> r.kind() == RelationKind.BELONGS_TO || r.kind() == RelationKind.HAS_ONE)
          .ifPresent(r -> r.localFields().stream().limit(1).forEach(indexed::add));
    }
    indexed.forEach(i -> s.append("          .index(\"").append(i).append("\")\n"));
    for (AuthRule rule : m.authRules()) {
      if (rule.allow() == AuthStrategy.OWNER && rule.ownerField().isPresent()) {
        s.append("          .ownerField(\"").append(rule.ownerField().get()).append("\")\n");
        break;
      }
    }
    m.authRules()
        .forEach(rule -> s.append("          .authRule(").append(authRule(rule)).append(")\n"));
    if (m.operations().subscriptionLevel() == SubscriptionLevel.PUBLIC) {
      s.append("          .publicSubscriptions()\n");
    }
    s.append("          .codec(")
        .append(m.name())
        .append("::toValues, ")
        .append(m.name())
        .append("::fromValues)\n");
    s.append("          .build();\n\n");
    // withers
    for (Field f : fields) {
      if (key.contains(f.name()) || f.origin() == FieldOrigin.TIMESTAMP) {
        continue;
      }
      s.append("  public ")
          .append(m.name())
          .append(" with")
          .append(capitalize(f.name()))
          .append("(")
          .append(javaType(f.type(), schema))
          .append(" value) {\n    return new ")
          .append(m.name())
          .append("(")
          .append(
              String.join(
                  ", ", fields.stream().map(x -> x == f ? "value" : javaName(x.name())).toList()))
          .append(");\n  }\n\n");
    }
    // builder
    if (m.primaryKey().isDefaultId()) {
      s.append("  /** A builder with a new random {@code id}. */\n");
      s.append(
          "  public static Builder builder() {\n    return new Builder().id(UUID.randomUUID().toString());\n  }\n\n");
    } else {
      s.append("  /** A builder; set the primary key fields ")
          .append(String.join(", ", key.stream().map(k -> "{@code " + k + "}").toList()))
          .append(". */\n");
      s.append("  public static Builder builder() {\n    return new Builder();\n  }\n\n");
    }
    s.append("  /** A builder holding this record's values. */\n");
    s.append("  public Builder toBuilder() {\n    Builder b = new Builder();\n");
    for (Field f : fields) {
      s.append("    b.")
          .append(javaName(f.name()))
          .append(" = ")
          .append(javaName(f.name()))
          .append(";\n");
    }
    s.append("    return b;\n  }\n\n");
    s.append("  /** Builds a {@link ").append(m.name()).append("}; not thread-safe. */\n");
    s.append("  public static final class Builder {\n");
    for (Field f : fields) {
      s.append("    private ")
          .append(javaType(f.type(), schema))
          .append(" ")
          .append(javaName(f.name()))
          .append(";\n");
    }
    s.append("\n    private Builder() {}\n\n");
    for (Field f : fields) {
      if (f.origin() == FieldOrigin.TIMESTAMP) {
        continue;
      }
      s.append("    public Builder ")
          .append(javaName(f.name()))
          .append("(")
          .append(javaType(f.type(), schema))
          .append(" value) {\n      this.")
          .append(javaName(f.name()))
          .append(" = value;\n      return this;\n    }\n\n");
    }
    s.append("    public ")
        .append(m.name())
        .append(" build() {\n      return new ")
        .append(m.name())
        .append("(")
        .append(String.join(", ", fields.stream().map(f -> javaName(f.name())).toList()))
        .append(");\n    }\n  }\n\n");
    codecMethods(s, m.name(), fields, schema);
    s.append("}\n");
    return s.toString();
  }

  private static void codecMethods(
      StringBuilder s, String name, List<Field> fields, ModelSchema schema) {
    s.append("  static Map<String, Object> toValues(").append(name).append(" m) {\n");
    s.append("    Map<String, Object> v = new LinkedHashMap<>();\n");
    for (Field f : fields) {
      s.append("    v.put(\"")
          .append(f.name())
          .append("\", ")
          .append(encode(f.type(), "m." + javaName(f.name()) + "()", schema))
          .append(");\n");
    }
    s.append("    return v;\n  }\n\n");
    s.append("  static ").append(name).append(" fromValues(Map<String, Object> v) {\n");
    s.append("    return new ").append(name).append("(\n");
    List<String> args = new ArrayList<>();
    for (Field f : fields) {
      args.add("        " + decode(f.type(), "v.get(\"" + f.name() + "\")", schema));
    }
    s.append(String.join(",\n", args)).append(");\n  }\n");
  }

  private static String encode(FieldType type, String expr, ModelSchema schema) {
    String element =
        switch (type.kind()) {
          case ENUM -> "Codecs::enumName";
          case EMBEDDED -> type.name() + "::toValues";
          default -> null;
        };
    if (element == null) {
      return expr;
    }
    if (type.list()) {
      return "Codecs.map("
          + expr
          + ", l -> l.stream().map(e -> Codecs.map(e, "
          + element
          + ")).toList())";
    }
    return "Codecs.map(" + expr + ", " + element + ")";
  }

  private static String decode(FieldType type, String expr, ModelSchema schema) {
    if (type.list()) {
      return "Codecs.list(" + expr + ", " + elementDecoder(type) + ")";
    }
    return switch (type.kind()) {
      case ENUM -> "Codecs.enumValue(" + type.name() + ".class, " + expr + ")";
      case EMBEDDED -> "Codecs.embedded(" + expr + ", " + type.name() + "::fromValues)";
      default -> elementDecoder(type).replace("::", ".") + "(" + expr + ")";
    };
  }

  private static String elementDecoder(FieldType type) {
    return switch (type.kind()) {
      case ENUM -> "o -> Codecs.enumValue(" + type.name() + ".class, o)";
      case EMBEDDED -> "o -> Codecs.embedded(o, " + type.name() + "::fromValues)";
      default ->
          switch (type.name()) {
            case "Int" -> "Codecs::integer";
            case "Float" -> "Codecs::decimal";
            case "Boolean" -> "Codecs::bool";
            case "AWSTimestamp" -> "Codecs::longValue";
            default -> "Codecs::string";
          };
    };
  }

  private static String modelField(Field f, ModelSchema schema) {
    FieldType t = f.type();
    String required = Boolean.toString(t.required());
    String base =
        switch (t.kind()) {
          case ENUM ->
              "ModelField.enumeration(\""
                  + f.name()
                  + "\", "
                  + required
                  + ", List.of("
                  + String.join(
                      ", ",
                      schema.enumType(t.name()).orElseThrow().values().stream()
                          .map(v -> "\"" + v + "\"")
                          .toList())
                  + "))";
          case EMBEDDED ->
              "ModelField.embedded(\""
                  + f.name()
                  + "\", "
                  + required
                  + ", "
                  + t.name()
                  + ".FIELDS)";
          default ->
              f.origin() == FieldOrigin.TIMESTAMP
                  ? "ModelField.readOnly(\"" + f.name() + "\", FieldKind." + kind(t) + ")"
                  : "ModelField.of(\""
                      + f.name()
                      + "\", FieldKind."
                      + kind(t)
                      + ", "
                      + required
                      + ")";
        };
    return t.list() ? base + ".asList()" : base;
  }

  private static String kind(FieldType t) {
    return switch (t.name()) {
      case "ID" -> "ID";
      case "Int" -> "INT";
      case "Float" -> "FLOAT";
      case "Boolean" -> "BOOLEAN";
      case "AWSTimestamp" -> "LONG";
      case "AWSJSON" -> "JSON";
      default -> "STRING";
    };
  }

  private static String components(List<Field> fields) {
    return String.join(
        ", ", fields.stream().map(f -> javaTypeRef(f) + " " + javaName(f.name())).toList());
  }

  private static String javaTypeRef(Field f) {
    return javaType(f.type(), null);
  }

  private static String javaType(FieldType type, ModelSchema schema) {
    String element = boxedElement(type);
    return type.list() ? "List<" + element + ">" : element;
  }

  private static String boxed(FieldType type, ModelSchema schema) {
    return javaType(type, schema);
  }

  private static String boxedElement(FieldType type) {
    if (type.kind() == TypeKind.ENUM || type.kind() == TypeKind.EMBEDDED) {
      return type.name();
    }
    return switch (type.name()) {
      case "Int" -> "Integer";
      case "Float" -> "Double";
      case "Boolean" -> "Boolean";
      case "AWSTimestamp" -> "Long";
      default -> "String";
    };
  }

  private static String registrySource(ModelSchema schema, String pkg) {
    List<String> types = schema.models().stream().map(m -> m.name() + ".TYPE").toList();
    return header(pkg)
        + "import dev.cairn.client.ModelType;\nimport java.util.List;\n\n"
        + "/** Every generated model, to register with {@code CairnClient.builder().models(...)}. */\n"
        + "public final class Models {\n  private Models() {}\n\n"
        + "  /**\n   * The server's {@code _cairnSchemaHash} of the schema these models were generated"
        + " from;\n   * pass it to {@code CairnClient.Builder.schemaHash} to hear of a mismatch.\n   */\n"
        + "  public static final String SCHEMA_HASH = \""
        + SchemaHash.of(schema)
        + "\";\n\n"
        + "  public static ModelType<?>[] all() {\n    return new ModelType<?>[] {"
        + String.join(", ", types)
        + "};\n  }\n\n  public static List<ModelType<?>> list() {\n    return List.of(all());\n  }\n}\n";
  }

  private static String header(String pkg) {
    return "// Generated by cairn-codegen-maven-plugin from the tenant schema; do not edit.\npackage "
        + pkg
        + ";\n\n";
  }

  static String javaName(String name) {
    return KEYWORDS.contains(name) ? name + "_" : name;
  }

  static String constant(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  private static String joinLines(List<String> lines, String separator) {
    return String.join(separator, lines);
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
