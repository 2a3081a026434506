package dev.cairn.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The version of a schema's local storage shape, the rule behind DataStore modelgen's {@code
 * version}: a client whose stored hash differs must migrate (or wipe) its local store.
 *
 * <p>The hash covers, order-independently: model names, stored fields (name, type, list and
 * nullability; foreign-key, owner and timestamp fields included; {@code @hasMany}/{@code
 * @manyToMany} and the object side of {@code @belongsTo}/{@code @hasOne} excluded), primary keys,
 * indexes (name and key fields), enum values and embedded types. It ignores everything that does
 * not change what is stored: declaration order, comments and formatting, auth rules, conflict
 * policies, {@code @default} values, operation names and index query fields.
 */
public final class SchemaHash {
  private SchemaHash() {}

  /** 32 lower-case hex characters. */
  public static String of(ModelSchema schema) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical(schema).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  /** The canonical text the hash is taken of; exposed for tests and debugging. */
  static String canonical(ModelSchema schema) {
    StringBuilder out = new StringBuilder();
    schema.models().stream()
        .sorted(Comparator.comparing(Model::name))
        .forEach(
            model -> {
              out.append("model ")
                  .append(model.name())
                  .append(" key ")
                  .append(model.primaryKey().fields())
                  .append('\n');
              out.append(fields(model.fields().stream().filter(f -> !f.isRelation()).toList()));
              model.indexes().stream()
                  .sorted(Comparator.comparing(Index::name))
                  .forEach(
                      index ->
                          out.append("  index ")
                              .append(index.name())
                              .append(' ')
                              .append(index.partitionField())
                              .append(index.sortKeyFields())
                              .append('\n'));
            });
    schema.enums().stream()
        .sorted(Comparator.comparing(EnumType::name))
        .forEach(
            e ->
                out.append("enum ")
                    .append(e.name())
                    .append(' ')
                    .append(e.values().stream().sorted().toList())
                    .append('\n'));
    schema.embeddedTypes().stream()
        .sorted(Comparator.comparing(EmbeddedType::name))
        .forEach(t -> out.append("type ").append(t.name()).append('\n').append(fields(t.fields())));
    return out.toString();
  }

  private static String fields(List<Field> fields) {
    return fields.stream()
        .sorted(Comparator.comparing(Field::name))
        .map(f -> "  " + f.name() + ": " + f.type().toGraphQL() + "\n")
        .collect(Collectors.joining());
  }
}
