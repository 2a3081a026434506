package dev.cairn.spec;

import java.util.List;
import java.util.Optional;

/**
 * How a model-typed field connects to {@code relatedModel}.
 *
 * <ul>
 *   <li>{@code HAS_ONE}, {@code BELONGS_TO}: {@code localFields} hold the related record's primary
 *       key (the "target names" in modelgen); {@code relatedFields} is empty.
 *   <li>{@code HAS_MANY}: {@code localFields} are this model's primary-key fields, {@code
 *       relatedFields} the fields of {@code relatedModel} that hold them ("associated with").
 *   <li>{@code MANY_TO_MANY}: like {@code HAS_MANY}, with {@code relatedModel} the generated join
 *       model.
 * </ul>
 *
 * {@code indexName} names the related model's index used to resolve a {@code HAS_MANY}, when one
 * was declared.
 */
public record Relation(
    RelationKind kind,
    String relatedModel,
    List<String> localFields,
    List<String> relatedFields,
    Optional<String> indexName) {

  public Relation {
    localFields = List.copyOf(localFields);
    relatedFields = List.copyOf(relatedFields);
  }
}
