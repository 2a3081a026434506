package dev.cairn.client;

import java.util.Objects;

/**
 * A typed field constant from which predicates are built, e.g. {@code Post.RATING.gt(3)}. Generated
 * model classes declare one per field. Immutable.
 *
 * @param <V> the field's Java value type (enum fields use their enum type)
 */
public final class QueryField<V> {
  private final String name;

  private QueryField(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  public static <V> QueryField<V> of(String name) {
    return new QueryField<>(name);
  }

  public String name() {
    return name;
  }

  public QueryPredicate eq(V value) {
    return compare(QueryPredicate.Operator.EQ, value);
  }

  public QueryPredicate ne(V value) {
    return compare(QueryPredicate.Operator.NE, value);
  }

  public QueryPredicate gt(V value) {
    return compare(QueryPredicate.Operator.GT, value);
  }

  public QueryPredicate ge(V value) {
    return compare(QueryPredicate.Operator.GE, value);
  }

  public QueryPredicate lt(V value) {
    return compare(QueryPredicate.Operator.LT, value);
  }

  public QueryPredicate le(V value) {
    return compare(QueryPredicate.Operator.LE, value);
  }

  /** For strings: contains {@code value} as a substring. */
  public QueryPredicate contains(String value) {
    return new QueryPredicate.Comparison(name, QueryPredicate.Operator.CONTAINS, value, null);
  }

  public QueryPredicate notContains(String value) {
    return new QueryPredicate.Comparison(name, QueryPredicate.Operator.NOT_CONTAINS, value, null);
  }

  public QueryPredicate beginsWith(String value) {
    return new QueryPredicate.Comparison(name, QueryPredicate.Operator.BEGINS_WITH, value, null);
  }

  /** Inclusive on both ends. */
  public QueryPredicate between(V low, V high) {
    return new QueryPredicate.Comparison(
        name, QueryPredicate.Operator.BETWEEN, wire(low), wire(high));
  }

  private QueryPredicate compare(QueryPredicate.Operator operator, V value) {
    return new QueryPredicate.Comparison(name, operator, wire(value), null);
  }

  private static Object wire(Object value) {
    return value instanceof Enum<?> e ? e.name() : value;
  }

  @Override
  public String toString() {
    return name;
  }
}
