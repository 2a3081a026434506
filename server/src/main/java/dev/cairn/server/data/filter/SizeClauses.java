package dev.cairn.server.data.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.BsonRegularExpression;
import org.bson.Document;

/**
 * {@code size: ModelSizeInput} as MongoDB clauses: string length through an anchored regular
 * expression, list length through {@code $size} and the existence of an element position. The only
 * paths built here are a schema field name plus a number computed here.
 */
final class SizeClauses {
  private SizeClauses() {}

  static List<Document> of(String field, boolean list, Map<String, ?> ops, int max) {
    List<Document> out = new ArrayList<>();
    for (Map.Entry<String, ?> op : ops.entrySet()) {
      if (op.getValue() == null) {
        continue;
      }
      switch (op.getKey()) {
        case "eq" -> out.add(exactly(field, list, bound(field, op.getValue(), max)));
        case "ne" ->
            out.add(
                new Document(
                    "$nor", List.of(exactly(field, list, bound(field, op.getValue(), max)))));
        case "ge" -> out.add(atLeast(field, list, bound(field, op.getValue(), max)));
        case "gt" -> out.add(atLeast(field, list, bound(field, op.getValue(), max) + 1));
        case "le" -> out.add(atMost(field, list, bound(field, op.getValue(), max)));
        case "lt" -> out.add(atMost(field, list, bound(field, op.getValue(), max) - 1));
        case "between" -> {
          if (!(op.getValue() instanceof List<?> range) || range.size() != 2) {
            throw FilterTranslator.invalid(
                "`size.between` of `" + field + "` needs exactly two numbers [low, high]");
          }
          out.add(atLeast(field, list, bound(field, range.get(0), max)));
          out.add(atMost(field, list, bound(field, range.get(1), max)));
        }
        default ->
            throw FilterTranslator.invalid(
                "`size."
                    + op.getKey()
                    + "` of `"
                    + field
                    + "` is not a size operator; use eq, ne, le, lt, ge, gt or between");
      }
    }
    return out;
  }

  private static int bound(String field, Object value, int max) {
    if (value instanceof Integer n && n >= 0 && n <= max) {
      return n;
    }
    throw FilterTranslator.invalid(
        "`size` of `" + field + "` needs a whole number between 0 and " + max);
  }

  private static Document exactly(String field, boolean list, int n) {
    return list
        ? new Document(field, new Document("$size", n))
        : new Document(field, new BsonRegularExpression("^[\\s\\S]{" + n + "}$"));
  }

  private static Document atLeast(String field, boolean list, int n) {
    if (list) {
      return n == 0
          ? new Document(field, new Document("$type", "array"))
          : new Document(field + "." + (n - 1), new Document("$exists", true));
    }
    return new Document(field, new BsonRegularExpression("^[\\s\\S]{" + n + ",}$"));
  }

  private static Document atMost(String field, boolean list, int n) {
    if (n < 0) {
      return new Document("$nor", List.of(new Document()));
    }
    if (list) {
      return new Document(
          "$and",
          List.of(
              new Document(field, new Document("$type", "array")),
              new Document(field + "." + n, new Document("$exists", false))));
    }
    return new Document(field, new BsonRegularExpression("^[\\s\\S]{0," + n + "}$"));
  }
}
