package dev.cairn.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the SDK knows about one {@code @model} type: its names, stored fields (wire names), the
 * models it belongs to (synced first), indexed fields, and the codec between the app's Java type
 * and a map of wire values. Generated model classes expose one as a constant ({@code Post.TYPE}).
 * Immutable and thread-safe.
 *
 * <p>Value maps hold {@code String}, {@code Integer}, {@code Long}, {@code Double}, {@code
 * Boolean}, {@code List}, {@code Map} (embedded values) or {@code null}; enums by name. The primary
 * key is the {@code id} field unless {@link Builder#primaryKey} names others (a {@code @primaryKey}
 * with its sort key fields); the local store, the outbox and sync identify a record by all of its
 * key fields.
 *
 * @param <T> the app's model class
 */
public final class ModelType<T> {
  private final Class<T> javaType;
  private final String name;
  private final String pluralName;
  private final List<ModelField> fields;
  private final List<String> parents;
  private final List<String> indexedFields;
  private final List<String> primaryKey;
  private final List<ModelField> keyFields;
  private final Optional<String> ownerField;
  private final List<ModelAuthRule> authRules;
  private final boolean publicSubscriptions;
  private final Function<T, Map<String, Object>> toValues;
  private final Function<Map<String, Object>, T> fromValues;

  private ModelType(Builder<T> b) {
    this.javaType = b.javaType;
    this.name = b.name;
    this.pluralName = b.pluralName;
    this.fields = List.copyOf(b.fields);
    this.parents = List.copyOf(b.parents);
    this.indexedFields = List.copyOf(b.indexedFields);
    this.primaryKey = List.copyOf(b.primaryKey);
    this.keyFields = primaryKey.stream().map(k -> field(k).orElseThrow()).toList();
    this.authRules = List.copyOf(b.authRules);
    this.ownerField =
        Optional.ofNullable(b.ownerField)
            .or(
                () ->
                    authRules.stream()
                        .filter(r -> r.allow() == ModelAuthRule.Strategy.OWNER)
                        .findFirst()
                        .flatMap(ModelAuthRule::field));
    this.publicSubscriptions = b.publicSubscriptions;
    this.toValues = b.toValues;
    this.fromValues = b.fromValues;
  }

  /**
   * Starts a description of {@code javaType}, the model {@code name} whose sync query is {@code
   * sync<pluralName>}.
   */
  public static <T> Builder<T> builder(Class<T> javaType, String name, String pluralName) {
    return new Builder<>(javaType, name, pluralName);
  }

  public Class<T> javaType() {
    return javaType;
  }

  public String name() {
    return name;
  }

  public String pluralName() {
    return pluralName;
  }

  public List<ModelField> fields() {
    return fields;
  }

  public Optional<ModelField> field(String fieldName) {
    return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
  }

  /** Names of the models this one belongs to; they are synced before it. */
  public List<String> parents() {
    return parents;
  }

  public List<String> indexedFields() {
    return indexedFields;
  }

  /**
   * The primary key fields: the partition key, then the sort key fields; {@code [id]} unless the
   * schema gives the model a {@code @primaryKey}.
   */
  public List<String> primaryKey() {
    return primaryKey;
  }

  /** The fields of {@link #primaryKey()}, in key order. */
  public List<ModelField> keyFields() {
    return keyFields;
  }

  /** Whether the model is keyed by its {@code id} field alone. */
  public boolean hasDefaultKey() {
    return primaryKey.equals(List.of("id"));
  }

  /**
   * The predicate matching the one record whose primary key is {@code keyValues} (partition key
   * first, then the sort key fields in the schema's order), e.g. to {@code observe} one record: an
   * {@code eq} on each key field.
   *
   * @throws IllegalArgumentException when the number of values is not the number of key fields
   */
  public QueryPredicate keyPredicate(Object... keyValues) {
    if (keyValues.length != primaryKey.size()) {
      throw new IllegalArgumentException(
          name
              + " is keyed by "
              + primaryKey
              + "; give "
              + primaryKey.size()
              + " key value(s) in that order, not "
              + keyValues.length);
    }
    QueryPredicate out = null;
    for (int i = 0; i < keyValues.length; i++) {
      QueryPredicate eq = QueryField.of(primaryKey.get(i)).eq(keyValues[i]);
      out = out == null ? eq : out.and(eq);
    }
    return out;
  }

  /**
   * The owner field of an {@code allow: owner} rule, when the model has one: the one set with
   * {@link Builder#ownerField}, else that of the first owner rule.
   */
  public Optional<String> ownerField() {
    return ownerField;
  }

  /** The model-level {@code @auth} rules, empty when the model type does not state them. */
  public List<ModelAuthRule> authRules() {
    return authRules;
  }

  /**
   * Whether the model's subscriptions are open to any signed-in caller
   * ({@code @model(subscriptions: {level: public})}): they take no {@code owner} argument.
   */
  public boolean publicSubscriptions() {
    return publicSubscriptions;
  }

  /** The wire values of {@code model}. */
  public Map<String, Object> toValues(T model) {
    return toValues.apply(model);
  }

  /** A model from wire values (unknown keys are ignored). */
  public T fromValues(Map<String, Object> values) {
    return fromValues.apply(values);
  }

  @Override
  public String toString() {
    return name;
  }

  /** Builds a {@link ModelType}; not thread-safe. */
  public static final class Builder<T> {
    private final Class<T> javaType;
    private final String name;
    private final String pluralName;
    private final List<ModelField> fields = new ArrayList<>();
    private final List<String> parents = new ArrayList<>();
    private final List<String> indexedFields = new ArrayList<>();
    private List<String> primaryKey = List.of("id");
    private String ownerField;
    private final List<ModelAuthRule> authRules = new ArrayList<>();
    private boolean publicSubscriptions;
    private Function<T, Map<String, Object>> toValues;
    private Function<Map<String, Object>, T> fromValues;

    private Builder(Class<T> javaType, String name, String pluralName) {
      this.javaType = Objects.requireNonNull(javaType, "javaType");
      this.name = Objects.requireNonNull(name, "name");
      this.pluralName = Objects.requireNonNull(pluralName, "pluralName");
    }

    public Builder<T> field(ModelField field) {
      fields.add(field);
      return this;
    }

    public Builder<T> belongsTo(String parentModel) {
      parents.add(parentModel);
      return this;
    }

    public Builder<T> index(String fieldName) {
      indexedFields.add(fieldName);
      return this;
    }

    /**
     * The model's {@code @primaryKey}: the partition key field, then its sort key fields, in the
     * schema's order. Without this call the key is {@code id}.
     */
    public Builder<T> primaryKey(String partitionField, String... sortKeyFields) {
      List<String> key = new ArrayList<>();
      key.add(Objects.requireNonNull(partitionField, "partitionField"));
      key.addAll(List.of(sortKeyFields));
      this.primaryKey = List.copyOf(key);
      return this;
    }

    public Builder<T> ownerField(String fieldName) {
      this.ownerField = fieldName;
      return this;
    }

    /** A model-level {@code @auth} rule, in the schema's order. */
    public Builder<T> authRule(ModelAuthRule rule) {
      authRules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /** {@code @model(subscriptions: {level: public})}. */
    public Builder<T> publicSubscriptions() {
      this.publicSubscriptions = true;
      return this;
    }

    public Builder<T> codec(
        Function<T, Map<String, Object>> toValues, Function<Map<String, Object>, T> fromValues) {
      this.toValues = Objects.requireNonNull(toValues, "toValues");
      this.fromValues = Objects.requireNonNull(fromValues, "fromValues");
      return this;
    }

    /**
     * @throws IllegalStateException when a primary key field is not a field of the model, or the
     *     model has no codec
     */
    public ModelType<T> build() {
      for (String key : primaryKey) {
        if (fields.stream().noneMatch(f -> f.name().equals(key))) {
          throw new IllegalStateException(
              "model " + name + " has no `" + key + "` field for its primary key " + primaryKey);
        }
      }
      if (toValues == null) {
        throw new IllegalStateException("model " + name + " has no codec; call codec(...)");
      }
      return new ModelType<>(this);
    }
  }
}
