package dev.cairn.client.internal;

import dev.cairn.client.QueryPredicate;
import dev.cairn.client.QueryPredicate.Comparison;
import dev.cairn.client.QueryPredicate.Group;
import dev.cairn.client.QueryPredicate.Not;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a {@link QueryPredicate} in memory and turns it into AppSync's filter/condition JSON.
 * Stateless.
 */
public final class Predicates {
  private Predicates() {}

  /** Whether a record's normalized wire values match. */
  public static boolean test(QueryPredicate predicate, Map<String, Object> values) {
    if (predicate == QueryPredicate.all()) {
      return true;
    }
    if (predicate instanceof Not not) {
      return !test(not.operand(), values);
    }
    if (predicate instanceof Group group) {
      for (QueryPredicate operand : group.operands()) {
        boolean match = test(operand, values);
        if (group.and() != match) {
          return match;
        }
      }
      return group.and();
    }
    Comparison c = (Comparison) predicate;
    Object actual = values.get(c.field());
    Object expected = Values.normalize(c.value());
    return switch (c.operator()) {
      case EQ -> Values.same(actual, expected);
      case NE -> !Values.same(actual, expected);
      case GT -> actual != null && expected != null && Values.compare(actual, expected) > 0;
      case GE -> actual != null && expected != null && Values.compare(actual, expected) >= 0;
      case LT -> actual != null && expected != null && Values.compare(actual, expected) < 0;
      case LE -> actual != null && expected != null && Values.compare(actual, expected) <= 0;
      case CONTAINS -> contains(actual, expected);
      case NOT_CONTAINS -> !contains(actual, expected);
      case BEGINS_WITH ->
          actual instanceof String s && expected != null && s.startsWith(expected.toString());
      case BETWEEN ->
          actual != null
              && Values.compare(actual, expected) >= 0
              && Values.compare(actual, Values.normalize(c.high())) <= 0;
    };
  }

  private static boolean contains(Object actual, Object expected) {
    if (actual instanceof String s) {
      return expected != null && s.contains(expected.toString());
    }
    if (actual instanceof List<?> list) {
      return list.stream().anyMatch(e -> Values.same(e, expected));
    }
    return false;
  }

  /**
   * The predicate as {@code Model<M>ConditionInput} JSON for a mutation; null for none. As
   * Amplify's {@code predicateToGraphQLCondition}, comparisons on the primary key fields are left
   * out (the condition input has no key fields; the mutation's input names the record), and groups
   * left empty by that disappear. The local check before a save uses the whole predicate.
   */
  public static Map<String, Object> toCondition(QueryPredicate predicate, List<String> keyFields) {
    if (predicate == null) {
      return null;
    }
    QueryPredicate rest = without(predicate, keyFields);
    return rest == null ? null : toFilter(rest);
  }

  /** {@code predicate} without comparisons on {@code fields}; null when nothing is left. */
  private static QueryPredicate without(QueryPredicate predicate, List<String> fields) {
    if (predicate == QueryPredicate.all()) {
      return null;
    }
    if (predicate instanceof Comparison c) {
      return fields.contains(c.field()) ? null : c;
    }
    if (predicate instanceof Not not) {
      QueryPredicate operand = without(not.operand(), fields);
      return operand == null ? null : new Not(operand);
    }
    Group group = (Group) predicate;
    List<QueryPredicate> operands = new ArrayList<>();
    for (QueryPredicate operand : group.operands()) {
      QueryPredicate kept = without(operand, fields);
      if (kept != null) {
        operands.add(kept);
      }
    }
    if (operands.isEmpty()) {
      return null;
    }
    return operands.size() == 1 ? operands.get(0) : new Group(group.and(), operands);
  }

  /** The predicate as {@code Model<M>FilterInput}/{@code ConditionInput} JSON; null for all. */
  public static Map<String, Object> toFilter(QueryPredicate predicate) {
    if (predicate == null || predicate == QueryPredicate.all()) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    if (predicate instanceof Not not) {
      out.put("not", toFilter(not.operand()));
    } else if (predicate instanceof Group group) {
      List<Object> operands = new ArrayList<>();
      group.operands().forEach(p -> operands.add(toFilter(p)));
      out.put(group.and() ? "and" : "or", operands);
    } else {
      Comparison c = (Comparison) predicate;
      Object value =
          c.operator() == QueryPredicate.Operator.BETWEEN
              ? List.of(Values.normalize(c.value()), Values.normalize(c.high()))
              : Values.normalize(c.value());
      Map<String, Object> condition = new LinkedHashMap<>();
      condition.put(c.operator().wireName(), value);
      out.put(c.field(), condition);
    }
    return out;
  }
}
