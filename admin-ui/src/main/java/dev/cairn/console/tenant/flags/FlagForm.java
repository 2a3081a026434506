package dev.cairn.console.tenant.flags;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A flag as the flag editor edits it, read from and written to the full form of the admin API
 * ({@code GET/PUT .../flags/{key}}, tenants/README.md). It checks nothing itself: the server
 * validates the whole flag set and names each problem's rule and field ({@link Problems}). Renaming
 * a variation renames it wherever the flag serves it.
 */
public final class FlagForm implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final List<String> KINDS = List.of("boolean", "string", "number", "json");

  private String key;
  private String name = "";
  private String description = "";
  private String kind = "boolean";
  private boolean on;
  private String offVariation = "";
  private List<VariationRow> variations = new ArrayList<>();
  private List<PrerequisiteRow> prerequisites = new ArrayList<>();
  private List<TargetRow> targets = new ArrayList<>();
  private List<RuleRow> rules = new ArrayList<>();
  private ServeForm fallthrough = new ServeForm();
  private List<String> tags = new ArrayList<>();
  private boolean temporary;
  private boolean archived;
  private String salt = "";
  private int nextRule = 1;

  /** A named value the flag can serve. */
  public static final class VariationRow implements Serializable {
    private static final long serialVersionUID = 1L;
    private String name = "";
    private String value = "";
    private String description = "";
    private String servedAs = "";

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name == null ? "" : name.strip();
    }

    public String getValue() {
      return value;
    }

    public void setValue(String value) {
      this.value = value == null ? "" : value;
    }

    public String getDescription() {
      return description;
    }

    public void setDescription(String description) {
      this.description = description == null ? "" : description;
    }
  }

  /** Served only while flag {@code flag} is on and serves {@code variation}. */
  public static final class PrerequisiteRow implements Serializable {
    private static final long serialVersionUID = 1L;
    private String flag = "";
    private String variation = "";

    public String getFlag() {
      return flag;
    }

    public void setFlag(String flag) {
      this.flag = flag == null ? "" : flag.strip();
    }

    public String getVariation() {
      return variation;
    }

    public void setVariation(String variation) {
      this.variation = variation == null ? "" : variation.strip();
    }
  }

  /** Individual users (context {@code key}) served one variation. */
  public static final class TargetRow implements Serializable {
    private static final long serialVersionUID = 1L;
    private String variation;
    private List<String> users = new ArrayList<>();

    public String getVariation() {
      return variation;
    }

    public void setVariation(String variation) {
      this.variation = variation;
    }

    public List<String> getUsers() {
      return users;
    }

    public void setUsers(List<String> users) {
      this.users = users == null ? new ArrayList<>() : new ArrayList<>(users);
    }
  }

  /** A targeting rule: when every clause holds, serve a variation or a rollout. */
  public static final class RuleRow implements Serializable {
    private static final long serialVersionUID = 1L;
    private String id;
    private String description = "";
    private List<ClauseRow> clauses = new ArrayList<>();
    private ServeForm serve = new ServeForm();

    /** Where the server's problems about this rule point ({@code rules[<id>]}). */
    public String getPath() {
      return "rules[" + id + "]";
    }

    public String getId() {
      return id;
    }

    public void setId(String id) {
      this.id = id == null ? "" : id.strip();
    }

    public String getDescription() {
      return description;
    }

    public void setDescription(String description) {
      this.description = description == null ? "" : description;
    }

    public List<ClauseRow> getClauses() {
      return clauses;
    }

    public ServeForm getServe() {
      return serve;
    }
  }

  /** A new flag of {@code kind}: off, with the variations that kind usually starts with. */
  public static FlagForm create(String key, String kind) {
    FlagForm f = new FlagForm();
    f.key = key;
    f.kind = kind;
    switch (kind) {
      case "boolean" -> {
        f.variations.add(variation("on", "true"));
        f.variations.add(variation("off", "false"));
      }
      case "number" -> {
        f.variations.add(variation("zero", "0"));
        f.variations.add(variation("one", "1"));
      }
      case "json" -> f.variations.add(variation("empty", "{}"));
      default -> {
        f.variations.add(variation("control", "control"));
        f.variations.add(variation("treatment", "treatment"));
      }
    }
    String last = f.variations.get(f.variations.size() - 1).name;
    f.offVariation = last;
    f.fallthrough = ServeForm.of(last);
    return f;
  }

  private static VariationRow variation(String name, String value) {
    VariationRow v = new VariationRow();
    v.name = name;
    v.servedAs = name;
    v.value = value;
    return v;
  }

  /** Reads a flag's entry as the admin API answers it. */
  public static FlagForm fromJson(String key, JsonObject f) {
    FlagForm form = new FlagForm();
    form.key = key;
    form.name = f.getString("name", "");
    form.description = f.getString("description", "");
    form.kind = f.getString("kind", "boolean");
    form.on = f.getBoolean("on", false);
    form.offVariation = f.getString("offVariation", "");
    for (JsonObject v : f.getJsonArray("variations").getValuesAs(JsonObject.class)) {
      VariationRow row = variation(v.getString("name", ""), JsonValues.text(v.get("value")));
      row.description = v.getString("description", "");
      form.variations.add(row);
    }
    for (JsonObject p : f.getJsonArray("prerequisites").getValuesAs(JsonObject.class)) {
      PrerequisiteRow row = new PrerequisiteRow();
      row.flag = p.getString("flag", "");
      row.variation = p.getString("variation", "");
      form.prerequisites.add(row);
    }
    for (JsonObject t : f.getJsonArray("targets").getValuesAs(JsonObject.class)) {
      TargetRow row = new TargetRow();
      row.variation = t.getString("variation", "");
      t.getJsonArray("users")
          .getValuesAs(JsonString.class)
          .forEach(u -> row.users.add(u.getString()));
      form.targets.add(row);
    }
    for (JsonObject r : f.getJsonArray("rules").getValuesAs(JsonObject.class)) {
      RuleRow row = new RuleRow();
      row.id = r.getString("id", "");
      row.description = r.getString("description", "");
      row.clauses = ClauseRow.listFromJson(r);
      row.serve = ServeForm.fromJson(r);
      form.rules.add(row);
    }
    form.nextRule = form.rules.size() + 1;
    form.fallthrough = ServeForm.fromJson(f.getJsonObject("fallthrough"));
    f.getJsonArray("tags").getValuesAs(JsonString.class).forEach(t -> form.tags.add(t.getString()));
    form.temporary = f.getBoolean("temporary", false);
    form.archived = f.getBoolean("archived", false);
    form.salt = f.getString("salt", "");
    return form;
  }

  /** The flag's entry in the full form, for {@code PUT .../flags/{key}}. */
  public JsonObject toJson() {
    applyRenames();
    JsonArrayBuilder vs = Json.createArrayBuilder();
    for (VariationRow v : variations) {
      JsonObjectBuilder e =
          Json.createObjectBuilder()
              .add("name", v.name)
              .add("value", JsonValues.variationValue(kind, v.value));
      if (!v.description.isBlank()) {
        e.add("description", v.description);
      }
      vs.add(e);
    }
    JsonArrayBuilder ps = Json.createArrayBuilder();
    prerequisites.forEach(
        p -> ps.add(Json.createObjectBuilder().add("flag", p.flag).add("variation", p.variation)));
    JsonArrayBuilder ts = Json.createArrayBuilder();
    targets.forEach(
        t ->
            ts.add(
                Json.createObjectBuilder()
                    .add("variation", t.variation == null ? "" : t.variation)
                    .add(
                        "users",
                        Json.createArrayBuilder(t.users.stream().map(String::strip).toList()))));
    JsonArrayBuilder rs = Json.createArrayBuilder();
    for (RuleRow r : rules) {
      JsonObjectBuilder e = Json.createObjectBuilder().add("id", r.id);
      if (!r.description.isBlank()) {
        e.add("description", r.description);
      }
      e.add("clauses", ClauseRow.listToJson(r.clauses));
      r.serve.addTo(e);
      rs.add(e);
    }
    JsonObjectBuilder fall = Json.createObjectBuilder();
    fallthrough.addTo(fall);
    JsonObjectBuilder out =
        Json.createObjectBuilder()
            .add("name", name)
            .add("description", description)
            .add("kind", kind)
            .add("variations", vs)
            .add("on", on);
    if (!offVariation.isBlank()) {
      out.add("offVariation", offVariation);
    }
    out.add("prerequisites", ps)
        .add("targets", ts)
        .add("rules", rs)
        .add("fallthrough", fall)
        .add("tags", Json.createArrayBuilder(tags))
        .add("temporary", temporary)
        .add("archived", archived);
    if (!salt.isBlank()) {
      out.add("salt", salt);
    }
    return out.build();
  }

  /** Serves a variation's new name wherever the flag served its old one. */
  void applyRenames() {
    for (VariationRow v : variations) {
      if (!v.servedAs.isEmpty() && !v.servedAs.equals(v.name) && !v.name.isEmpty()) {
        String from = v.servedAs;
        if (from.equals(offVariation)) {
          offVariation = v.name;
        }
        targets.stream().filter(t -> from.equals(t.variation)).forEach(t -> t.variation = v.name);
        rules.forEach(r -> r.serve.rename(from, v.name));
        fallthrough.rename(from, v.name);
      }
      v.servedAs = v.name;
    }
  }

  /** The names of the variations, for the menus that pick one. */
  public List<String> getVariationNames() {
    applyRenames();
    return variations.stream().map(v -> v.name).filter(n -> !n.isEmpty()).toList();
  }

  public void addVariation() {
    variations.add(new VariationRow());
  }

  public void removeVariation(VariationRow v) {
    variations.remove(v);
    List<String> names = getVariationNames();
    rules.stream().map(r -> r.serve).filter(ServeForm::isRollout).forEach(s -> s.follow(names));
    if (fallthrough.isRollout()) {
      fallthrough.follow(names);
    }
  }

  public void addPrerequisite() {
    prerequisites.add(new PrerequisiteRow());
  }

  public void removePrerequisite(PrerequisiteRow p) {
    prerequisites.remove(p);
  }

  public void addTarget() {
    TargetRow t = new TargetRow();
    List<String> names = getVariationNames();
    t.variation = names.isEmpty() ? "" : names.get(0);
    targets.add(t);
  }

  public void removeTarget(TargetRow t) {
    targets.remove(t);
  }

  /** Adds a rule with one empty clause, serving the first variation, under a fresh id. */
  public void addRule() {
    RuleRow r = new RuleRow();
    String id;
    do {
      id = "rule-" + nextRule++;
    } while (hasRule(id));
    r.id = id;
    r.clauses.add(new ClauseRow());
    List<String> names = getVariationNames();
    r.serve = ServeForm.of(names.isEmpty() ? "" : names.get(0));
    rules.add(r);
  }

  private boolean hasRule(String id) {
    return rules.stream().anyMatch(r -> id.equals(r.id));
  }

  public void removeRule(RuleRow r) {
    rules.remove(r);
  }

  /** Moves a rule one place up ({@code -1}) or down ({@code 1}); rules are tried in order. */
  public void moveRule(RuleRow r, int by) {
    int at = rules.indexOf(r);
    int to = at + by;
    if (at >= 0 && to >= 0 && to < rules.size()) {
      rules.remove(at);
      rules.add(to, r);
    }
  }

  public void addClause(RuleRow r) {
    r.clauses.add(new ClauseRow());
  }

  public void removeClause(RuleRow r, ClauseRow c) {
    r.clauses.remove(c);
  }

  /** Switches what a rule or the fallthrough serves between a variation and a rollout. */
  public void serveModeChanged(ServeForm serve) {
    if (serve.isRollout()) {
      serve.follow(getVariationNames());
    }
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

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public boolean isOn() {
    return on;
  }

  public void setOn(boolean on) {
    this.on = on;
  }

  public String getOffVariation() {
    return offVariation;
  }

  public void setOffVariation(String offVariation) {
    this.offVariation = offVariation == null ? "" : offVariation;
  }

  public List<VariationRow> getVariations() {
    return variations;
  }

  public List<PrerequisiteRow> getPrerequisites() {
    return prerequisites;
  }

  public List<TargetRow> getTargets() {
    return targets;
  }

  public List<RuleRow> getRules() {
    return rules;
  }

  public ServeForm getFallthrough() {
    return fallthrough;
  }

  public List<String> getTags() {
    return tags;
  }

  public void setTags(List<String> tags) {
    this.tags = tags == null ? new ArrayList<>() : new ArrayList<>(tags);
  }

  public boolean isTemporary() {
    return temporary;
  }

  public void setTemporary(boolean temporary) {
    this.temporary = temporary;
  }

  public boolean isArchived() {
    return archived;
  }

  public void setArchived(boolean archived) {
    this.archived = archived;
  }
}
