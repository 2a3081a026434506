package dev.cairn.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A condition on a model's fields, built from {@link QueryField}s: {@code
 * Post.RATING.gt(3).and(Post.TITLE.beginsWith("A"))}. Used for local queries and observers, for
 * {@code save} conditions (sent as {@code Model<M>ConditionInput}) and for selective sync (sent as
 * {@code Model<M>FilterInput}). Immutable.
 */
public sealed interface QueryPredicate
    permits QueryPredicate.All,
        QueryPredicate.Comparison,
        QueryPredicate.Group,
        QueryPredicate.Not {

  /** The predicate every record matches. */
  static QueryPredicate all() {
    return All.INSTANCE;
  }

  default QueryPredicate and(QueryPredicate other) {
    return Group.of(true, this, other);
  }

  default QueryPredicate or(QueryPredicate other) {
    return Group.of(false, this, other);
  }

  default QueryPredicate negate() {
    return new Not(this);
  }

  /** The comparison operators, named as in AppSync's filter inputs. */
  enum Operator {
    EQ("eq"),
    NE("ne"),
    GT("gt"),
    GE("ge"),
    LT("lt"),
    LE("le"),
    CONTAINS("contains"),
    NOT_CONTAINS("notContains"),
    BEGINS_WITH("beginsWith"),
    BETWEEN("between");

    private final String wireName;

    Operator(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  /** Matches everything. */
  enum All implements QueryPredicate {
    INSTANCE
  }

  /** {@code field operator value} ({@code high} only for {@link Operator#BETWEEN}). */
  record Comparison(String field, Operator operator, Object value, Object high)
      implements QueryPredicate {
    public Comparison {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(operator, "operator");
    }
  }

  /** All ({@code and}) or any ({@code or}) of {@code operands}. */
  record Group(boolean and, List<QueryPredicate> operands) implements QueryPredicate {
    public Group {
      operands = List.copyOf(operands);
    }

    static QueryPredicate of(boolean and, QueryPredicate left, QueryPredicate right) {
      if (left == All.INSTANCE) {
        return and ? right : left;
      }
      if (right == All.INSTANCE) {
        return and ? left : right;
      }
      List<QueryPredicate> operands = new ArrayList<>();
      for (QueryPredicate p : List.of(left, right)) {
        if (p instanceof Group g && g.and() == and) {
          operands.addAll(g.operands());
        } else {
          operands.add(p);
        }
      }
      return new Group(and, operands);
    }
  }

  /** The negation of {@code operand}. */
  record Not(QueryPredicate operand) implements QueryPredicate {}
}
