package dev.cairn.server.data.filter;

import dev.cairn.server.data.DataException;
import dev.cairn.spec.Field;
import dev.cairn.spec.Model;
import dev.cairn.spec.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.BsonRegularExpression;
import org.bson.Document;

/**
 * Translates AppSync's {@code Model<M>FilterInput} and {@code Model<M>ConditionInput} values (as
 * graphql-java hands them over: maps, lists and scalars) into MongoDB queries.
 *
 * <p>Safety contract: every key of the produced query is either an operator written here or the
 * name of a field that the {@link Model} declares as filterable (or {@code _deleted}); every
 * user-supplied value is placed in a value position and must be a string, number or boolean.
 * Anything else (an unknown field or operator, a dotted or {@code $} name, a map or list where a
 * value belongs) is rejected with {@link DataException.InvalidInput} naming the problem, so no
 * input can become an operator or a field path. String matching uses escaped regular expressions,
 * never the input's own regex syntax. Stateless and thread-safe.
 */
public final class FilterTranslator {
  /** Which input type is being translated: conditions cannot use primary-key fields. */
  public enum Kind {
    FILTER,
    CONDITION
  }

  static final String DELETED = "_deleted";
  private static final int MAX_SIZE = 65_535;
  private static final int MAX_DEPTH = 16;

  private FilterTranslator() {}

  /**
   * @param input the filter or condition; {@code null} or empty matches every record
   * @return the MongoDB query; an empty document matches every record
   * @throws DataException.InvalidInput when the input is not a valid filter of {@code model}
   */
  public static Document translate(Model model, Kind kind, Map<String, ?> input) {
    if (input == null) {
      return new Document();
    }
    return new FilterTranslator.Run(model, kind).group(input, 0);
  }

  private record Run(Model model, Kind kind) {
    Document group(Map<String, ?> input, int depth) {
      if (depth > MAX_DEPTH) {
        throw invalid("filters nest deeper than " + MAX_DEPTH + " levels; flatten the and/or/not");
      }
      List<Document> clauses = new ArrayList<>();
      for (Map.Entry<String, ?> entry : input.entrySet()) {
        String name = entry.getKey();
        Object value = entry.getValue();
        if (value == null) {
          continue;
        }
        switch (name) {
          case "and" -> {
            List<Document> parts = subGroups(name, value, depth);
            if (!parts.isEmpty()) {
              clauses.add(new Document("$and", parts));
            }
          }
          case "or" -> {
            List<Document> parts = subGroups(name, value, depth);
            if (parts.isEmpty()) {
              throw invalid("`or` needs at least one filter");
            }
            clauses.add(new Document("$or", parts));
          }
          case "not" ->
              clauses.add(new Document("$nor", List.of(group(asMap(name, value), depth + 1))));
          default -> clauses.addAll(fieldClauses(field(name), asMap(name, value)));
        }
      }
      return clauses.isEmpty()
          ? new Document()
          : clauses.size() == 1 ? clauses.get(0) : new Document("$and", clauses);
    }

    private List<Document> subGroups(String name, Object value, int depth) {
      if (!(value instanceof List<?> list)) {
        throw invalid("`" + name + "` must be a list of filters");
      }
      List<Document> parts = new ArrayList<>();
      for (Object element : list) {
        if (element != null) {
          parts.add(group(asMap(name, element), depth + 1));
        }
      }
      return parts;
    }

    /** The schema field the name refers to; only the model's filterable fields pass. */
    private FieldRef field(String name) {
      if (name.equals(DELETED)) {
        return new FieldRef(DELETED, false, false);
      }
      Field field =
          model
              .field(name)
              .filter(f -> f.isStored() && !f.isRelation() && f.type().kind() != TypeKind.EMBEDDED)
              .orElseThrow(
                  () ->
                      invalid(
                          "`"
                              + name
                              + "` is not a field of "
                              + model.name()
                              + " that filters and conditions can use"));
      if (kind == Kind.CONDITION && model.primaryKey().fields().contains(name)) {
        throw invalid(
            "`"
                + name
                + "` is a primary-key field of "
                + model.name()
                + "; conditions cannot use it");
      }
      boolean text =
          !field.type().list()
              && (field.type().kind() == TypeKind.ENUM
                  || (field.type().kind() == TypeKind.SCALAR
                      && !List.of("Int", "Float", "Boolean", "AWSTimestamp")
                          .contains(field.type().name())));
      return new FieldRef(name, field.type().list(), text);
    }

    private List<Document> fieldClauses(FieldRef field, Map<String, ?> operators) {
      List<Document> out = new ArrayList<>();
      for (Map.Entry<String, ?> op : operators.entrySet()) {
        Object value = op.getValue();
        String f = field.name();
        switch (op.getKey()) {
          case "eq" -> out.add(new Document(f, new Document("$eq", nullableScalar(field, op))));
          case "ne" -> out.add(new Document(f, new Document("$ne", nullableScalar(field, op))));
          case "le" -> out.add(compare(field, "$lte", op));
          case "lt" -> out.add(compare(field, "$lt", op));
          case "ge" -> out.add(compare(field, "$gte", op));
          case "gt" -> out.add(compare(field, "$gt", op));
          case "between" -> {
            if (value == null) {
              continue;
            }
            if (!(value instanceof List<?> range) || range.size() != 2) {
              throw invalid("`between` of `" + f + "` needs exactly two values [low, high]");
            }
            out.add(
                new Document(
                    f,
                    new Document("$gte", scalar(field, "between", range.get(0)))
                        .append("$lte", scalar(field, "between", range.get(1)))));
          }
          case "contains", "notContains" -> {
            if (value == null) {
              continue;
            }
            boolean negate = op.getKey().equals("notContains");
            Object element = scalar(field, op.getKey(), value);
            Object matcher =
                field.list()
                    ? element
                    : new BsonRegularExpression(escape(text(field, op.getKey(), element)));
            String operator = field.list() ? (negate ? "$ne" : "$eq") : (negate ? "$not" : "$eq");
            if (!field.list() && !negate) {
              out.add(new Document(f, matcher));
            } else {
              out.add(new Document(f, new Document(operator, matcher)));
            }
          }
          case "beginsWith" -> {
            if (value != null) {
              String prefix = text(field, "beginsWith", scalar(field, "beginsWith", value));
              out.add(new Document(f, new BsonRegularExpression("^" + escape(prefix))));
            }
          }
          case "attributeExists" -> {
            if (value != null) {
              if (!(value instanceof Boolean exists)) {
                throw invalid("`attributeExists` of `" + f + "` must be true or false");
              }
              out.add(new Document(f, new Document("$exists", exists)));
            }
          }
          case "attributeType" -> {
            if (value != null) {
              out.add(new Document(f, new Document("$type", AttributeTypes.mongoType(f, value))));
            }
          }
          case "size" -> {
            if (value != null) {
              out.addAll(SizeClauses.of(f, field.list(), asMap("size", value), MAX_SIZE));
            }
          }
          default ->
              throw invalid(
                  "`"
                      + op.getKey()
                      + "` is not a filter operator (field `"
                      + f
                      + "`); use eq, ne, le, lt, ge, gt, contains, notContains, between,"
                      + " beginsWith, attributeExists, attributeType or size");
        }
      }
      return out;
    }

    private Document compare(FieldRef field, String operator, Map.Entry<String, ?> op) {
      Object value = op.getValue();
      if (value == null) {
        throw invalid("`" + op.getKey() + "` of `" + field.name() + "` needs a value, not null");
      }
      return new Document(field.name(), new Document(operator, scalar(field, op.getKey(), value)));
    }

    private Object nullableScalar(FieldRef field, Map.Entry<String, ?> op) {
      return op.getValue() == null ? null : scalar(field, op.getKey(), op.getValue());
    }

    private static Object scalar(FieldRef field, String op, Object value) {
      if (value instanceof String || value instanceof Number || value instanceof Boolean) {
        return value;
      }
      throw invalid(
          "`"
              + op
              + "` of `"
              + field.name()
              + "` must be a string, number or boolean value, not "
              + (value == null ? "null" : value instanceof Map ? "an object" : "a list"));
    }

    private static String text(FieldRef field, String op, Object value) {
      if (value instanceof String s) {
        return s;
      }
      throw invalid("`" + op + "` of `" + field.name() + "` needs a string");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> asMap(String name, Object value) {
      if (value instanceof Map<?, ?> map) {
        for (Object key : map.keySet()) {
          if (!(key instanceof String)) {
            throw invalid("`" + name + "` has a key that is not a name");
          }
        }
        return (Map<String, ?>) map;
      }
      throw invalid("`" + name + "` must be an input object, not a plain value");
    }
  }

  private record FieldRef(String name, boolean list, boolean text) {}

  static DataException.InvalidInput invalid(String message) {
    return new DataException.InvalidInput("Invalid filter: " + message);
  }

  /** Escapes every ASCII punctuation and space, so the text matches itself literally. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 128 && !Character.isLetterOrDigit(c)) {
        if (c == '\n') {
          out.append("\\n");
          continue;
        }
        if (c == '\r') {
          out.append("\\r");
          continue;
        }
        if (c == '\t') {
          out.append("\\t");
          continue;
        }
        if (c < 32 || c == 127) {
          out.append(String.format("\\x%02x", (int) c));
          continue;
        }
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
