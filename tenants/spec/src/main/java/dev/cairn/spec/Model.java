package dev.cairn.spec;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * One {@code @model} type: its fields (declared ones first, then the implicit ones in the order
 * Amplify's transformer adds them), primary key, secondary indexes, model-level auth rules and the
 * root operations it exposes. {@code joinModel} marks a model generated for a {@code @manyToMany}.
 * {@code featureFlag} is the key of Cairn's {@code @cairnFlag} gate (empty = not gated): callers
 * for whom that boolean flag is not {@code true} can neither read, sync, subscribe to nor write the
 * model.
 */
public record Model(
    String name,
    String pluralName,
    List<Field> fields,
    PrimaryKey primaryKey,
    List<Index> indexes,
    List<AuthRule> authRules,
    ModelOperations operations,
    Timestamps timestamps,
    boolean joinModel,
    Optional<String> featureFlag) {

  public Model {
    fields = List.copyOf(fields);
    indexes = List.copyOf(indexes);
    authRules = List.copyOf(authRules);
  }

  /**
   * The field named {@code fieldName}, if the model has one. Looked up on every write for each
   * input field, so a plain loop rather than a stream (a measured share of a mutation's CPU, issue
   * 18).
   */
  public Optional<Field> field(String fieldName) {
    for (Field f : fields) {
      if (f.name().equals(fieldName)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** The model's own gate followed by its fields' gates, each key once. */
  public List<String> featureFlags() {
    if (featureFlag.isEmpty() && !anyFieldGated()) {
      return List.of(); // most models: asked on every request, so without building a set
    }
    LinkedHashSet<String> keys = new LinkedHashSet<>();
    featureFlag.ifPresent(keys::add);
    fields.forEach(f -> f.featureFlag().ifPresent(keys::add));
    return List.copyOf(keys);
  }

  private boolean anyFieldGated() {
    for (Field f : fields) {
      if (f.featureFlag().isPresent()) {
        return true;
      }
    }
    return false;
  }

  /** Fields stored in a record: everything except {@code @hasMany}/{@code @manyToMany} fields. */
  public List<Field> storedFields() {
    return fields.stream().filter(Field::isStored).toList();
  }
}
