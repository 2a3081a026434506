package dev.cairn.console.tenant.flags;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One clause of a flag or segment rule as edited: a context attribute, an operator, values (one
 * chip each) and whether the result is negated. The optional attribute {@code type} is kept as
 * read.
 */
public final class ClauseRow implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * The operators of {@code dev.cairn.spec.flags.Operator} by wire name (the console does not
   * depend on the spec module; the server refuses any other).
   */
  public static final List<String> OPERATORS =
      List.of(
          "in",
          "notIn",
          "startsWith",
          "endsWith",
          "contains",
          "matches",
          "lessThan",
          "lessThanOrEqual",
          "greaterThan",
          "greaterThanOrEqual",
          "before",
          "after",
          "semVerEqual",
          "semVerLessThan",
          "semVerGreaterThan",
          "segmentMatch");

  private String attribute = "";
  private String op = "in";
  private List<String> values = new ArrayList<>();
  private boolean negate;
  private String type = "";

  static ClauseRow fromJson(JsonObject c) {
    ClauseRow row = new ClauseRow();
    row.attribute = c.getString("attribute", "");
    row.op = c.getString("op", "in");
    row.values = new ArrayList<>();
    for (JsonValue v :
        c.getJsonArray("values") == null ? List.<JsonValue>of() : c.getJsonArray("values")) {
      row.values.add(JsonValues.clauseText(row.op, v));
    }
    row.negate = c.getBoolean("negate", false);
    row.type = c.getString("type", "");
    return row;
  }

  static List<ClauseRow> listFromJson(JsonObject holder) {
    List<ClauseRow> rows = new ArrayList<>();
    if (holder.getJsonArray("clauses") != null) {
      holder
          .getJsonArray("clauses")
          .getValuesAs(JsonObject.class)
          .forEach(c -> rows.add(fromJson(c)));
    }
    return rows;
  }

  static JsonArrayBuilder listToJson(List<ClauseRow> rows) {
    JsonArrayBuilder out = Json.createArrayBuilder();
    rows.forEach(r -> out.add(r.toJson()));
    return out;
  }

  JsonObjectBuilder toJson() {
    JsonArrayBuilder vs = Json.createArrayBuilder();
    values.forEach(v -> vs.add(JsonValues.clauseValue(op, v)));
    JsonObjectBuilder c =
        Json.createObjectBuilder()
            .add("attribute", isSegmentMatch() ? "" : attribute.strip())
            .add("op", op)
            .add("values", vs);
    if (negate) {
      c.add("negate", true);
    }
    if (!type.isEmpty()) {
      c.add("type", type);
    }
    return c;
  }

  /** Whether the clause names segments (then it has no attribute). */
  public boolean isSegmentMatch() {
    return "segmentMatch".equals(op);
  }

  public String getAttribute() {
    return attribute;
  }

  public void setAttribute(String attribute) {
    this.attribute = attribute == null ? "" : attribute;
  }

  public String getOp() {
    return op;
  }

  public void setOp(String op) {
    this.op = op;
  }

  public List<String> getValues() {
    return values;
  }

  public void setValues(List<String> values) {
    this.values = values == null ? new ArrayList<>() : new ArrayList<>(values);
  }

  public boolean isNegate() {
    return negate;
  }

  public void setNegate(boolean negate) {
    this.negate = negate;
  }

  public String getType() {
    return type;
  }
}
