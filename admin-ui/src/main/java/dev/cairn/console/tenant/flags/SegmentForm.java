package dev.cairn.console.tenant.flags;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A segment as the segment editor edits it (full form, tenants/README.md): users always in, users
 * never in (unless also included), and rules, any of which puts a user in when all its clauses
 * hold.
 */
public final class SegmentForm implements Serializable {
  private static final long serialVersionUID = 1L;

  private String key;
  private String name = "";
  private String description = "";
  private List<String> included = new ArrayList<>();
  private List<String> excluded = new ArrayList<>();
  private List<RuleRow> rules = new ArrayList<>();
  private int nextRule = 1;

  /** A segment rule: a user is in when every clause holds. */
  public static final class RuleRow implements Serializable {
    private static final long serialVersionUID = 1L;
    private String id;
    private List<ClauseRow> clauses = new ArrayList<>();

    public String getPath() {
      return "rules[" + id + "]";
    }

    public String getId() {
      return id;
    }

    public void setId(String id) {
      this.id = id == null ? "" : id.strip();
    }

    public List<ClauseRow> getClauses() {
      return clauses;
    }
  }

  public static SegmentForm create(String key) {
    SegmentForm s = new SegmentForm();
    s.key = key;
    return s;
  }

  public static SegmentForm fromJson(String key, JsonObject s) {
    SegmentForm form = create(key);
    form.name = s.getString("name", "");
    form.description = s.getString("description", "");
    s.getJsonArray("included")
        .getValuesAs(JsonString.class)
        .forEach(u -> form.included.add(u.getString()));
    s.getJsonArray("excluded")
        .getValuesAs(JsonString.class)
        .forEach(u -> form.excluded.add(u.getString()));
    for (JsonObject r : s.getJsonArray("rules").getValuesAs(JsonObject.class)) {
      RuleRow row = new RuleRow();
      row.id = r.getString("id", "");
      row.clauses = ClauseRow.listFromJson(r);
      form.rules.add(row);
    }
    form.nextRule = form.rules.size() + 1;
    return form;
  }

  public JsonObject toJson() {
    JsonArrayBuilder rs = Json.createArrayBuilder();
    rules.forEach(
        r ->
            rs.add(
                Json.createObjectBuilder()
                    .add("id", r.id)
                    .add("clauses", ClauseRow.listToJson(r.clauses))));
    return Json.createObjectBuilder()
        .add("name", name)
        .add("description", description)
        .add("included", Json.createArrayBuilder(included.stream().map(String::strip).toList()))
        .add("excluded", Json.createArrayBuilder(excluded.stream().map(String::strip).toList()))
        .add("rules", rs)
        .build();
  }

  public void addRule() {
    RuleRow r = new RuleRow();
    String id;
    do {
      id = "rule-" + nextRule++;
    } while (hasRule(id));
    r.id = id;
    r.clauses.add(new ClauseRow());
    rules.add(r);
  }

  private boolean hasRule(String id) {
    return rules.stream().anyMatch(r -> id.equals(r.id));
  }

  public void removeRule(RuleRow r) {
    rules.remove(r);
  }

  public void addClause(RuleRow r) {
    r.clauses.add(new ClauseRow());
  }

  public void removeClause(RuleRow r, ClauseRow c) {
    r.clauses.remove(c);
  }

  public String getKey() {
    return key;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name == null ? "" : name;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description == null ? "" : description;
  }

  public List<String> getIncluded() {
    return included;
  }

  public void setIncluded(List<String> included) {
    this.included = included == null ? new ArrayList<>() : new ArrayList<>(included);
  }

  public List<String> getExcluded() {
    return excluded;
  }

  public void setExcluded(List<String> excluded) {
    this.excluded = excluded == null ? new ArrayList<>() : new ArrayList<>(excluded);
  }

  public List<RuleRow> getRules() {
    return rules;
  }
}
