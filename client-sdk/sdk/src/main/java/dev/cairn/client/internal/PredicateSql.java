package dev.cairn.client.internal;

import dev.cairn.client.CairnException;
import dev.cairn.client.ModelField;
import dev.cairn.client.ModelType;
import dev.cairn.client.QueryPredicate;
import dev.cairn.client.QueryPredicate.Comparison;
import dev.cairn.client.QueryPredicate.Group;
import dev.cairn.client.QueryPredicate.Not;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link QueryPredicate} as a SQL condition with {@code ?} parameters: field names are checked
 * against the model and quoted, values are always bound, never spliced into the text. Not
 * thread-safe (one per query).
 */
final class PredicateSql {
  private final ModelType<?> type;
  private final List<Object> parameters = new ArrayList<>();

  PredicateSql(ModelType<?> type) {
    this.type = type;
  }

  List<Object> parameters() {
    return parameters;
  }

  String where(QueryPredicate predicate) {
    if (predicate == null || predicate == QueryPredicate.all()) {
      return "1 = 1";
    }
    if (predicate instanceof Not not) {
      return "NOT (" + where(not.operand()) + ")";
    }
    if (predicate instanceof Group group) {
      List<String> parts = new ArrayList<>();
      for (QueryPredicate operand : group.operands()) {
        parts.add("(" + where(operand) + ")");
      }
      return String.join(group.and() ? " AND " : " OR ", parts);
    }
    Comparison c = (Comparison) predicate;
    ModelField field =
        type.field(c.field())
            .orElseThrow(
                () ->
                    new CairnException(
                        "InvalidPredicate",
                        "model " + type.name() + " has no field `" + c.field() + "`"));
    String column = SqlTables.quote(field.name());
    Object value = SqlTables.toSql(field, Values.normalize(c.value()));
    return switch (c.operator()) {
      case EQ -> value == null ? column + " IS NULL" : bind(column + " = ?", value);
      case NE ->
          value == null
              ? column + " IS NOT NULL"
              : bind("(" + column + " IS NULL OR " + column + " <> ?)", value);
      case GT -> bind(column + " > ?", value);
      case GE -> bind(column + " >= ?", value);
      case LT -> bind(column + " < ?", value);
      case LE -> bind(column + " <= ?", value);
      case CONTAINS -> bind("instr(" + column + ", ?) > 0", String.valueOf(c.value()));
      case NOT_CONTAINS ->
          bind(
              "(" + column + " IS NULL OR instr(" + column + ", ?) = 0)",
              String.valueOf(c.value()));
      case BEGINS_WITH -> {
        parameters.add(String.valueOf(c.value()));
        parameters.add(String.valueOf(c.value()));
        yield "substr(" + column + ", 1, length(?)) = ?";
      }
      case BETWEEN -> {
        parameters.add(value);
        parameters.add(SqlTables.toSql(field, Values.normalize(c.high())));
        yield column + " BETWEEN ? AND ?";
      }
    };
  }

  private String bind(String sql, Object value) {
    parameters.add(value);
    return sql;
  }
}
