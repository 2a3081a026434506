package dev.cairn.spec;

import java.util.List;
import java.util.Optional;

/**
 * A field of a model or embedded type. {@code relation} is present for model-typed fields; {@code
 * authRules} are field-level {@code @auth} rules (empty = the model's rules apply); {@code
 * conflictPolicy} is Cairn's {@code @conflict} policy (empty = the model's conflict strategy
 * applies); {@code defaultValue} is the literal of {@code @default(value:)}; {@code featureFlag} is
 * the key of Cairn's {@code @cairnFlag} gate (empty = not gated): callers for whom that boolean
 * flag is not {@code true} read the field as null and may not write it.
 */
public record Field(
    String name,
    FieldType type,
    FieldOrigin origin,
    Optional<Relation> relation,
    List<AuthRule> authRules,
    Optional<ConflictPolicy> conflictPolicy,
    Optional<String> defaultValue,
    Optional<String> featureFlag) {

  public Field {
    authRules = List.copyOf(authRules);
  }

  /** A plain implicit or declared field with no relation, auth, policy or default. */
  public static Field of(String name, FieldType type, FieldOrigin origin) {
    return new Field(
        name,
        type,
        origin,
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** False for {@code @hasMany} and {@code @manyToMany} fields, which are resolved, not stored. */
  public boolean isStored() {
    return relation
        .map(r -> r.kind() != RelationKind.HAS_MANY && r.kind() != RelationKind.MANY_TO_MANY)
        .orElse(true);
  }

  /** A field whose value is another model (any relation kind). */
  public boolean isRelation() {
    return relation.isPresent();
  }
}
