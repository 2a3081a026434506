package dev.cairn.console.tenant;

import dev.cairn.console.api.AdminApi;
import dev.cairn.console.api.AdminApiException;
import dev.cairn.console.tenant.flags.FlagForm;
import dev.cairn.console.tenant.flags.JsonValues;
import dev.cairn.console.tenant.flags.StaleMarks;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.omnifaces.util.Faces;
import org.omnifaces.util.Messages;

/**
 * Feature flags ({@code /tenant/flags.xhtml}): the tenant's flags searched by text and tag, each
 * switched on or off after a confirmation; a new flag; and "who gets what": every flag evaluated by
 * the server for a context typed in ({@code POST .../flag-evaluations}).
 */
@Named
@ViewScoped
public class TenantFlagsView implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject transient AdminApi api;
  @Inject transient TenantContext tenant;

  private String slug;
  private List<Listed> flags = List.of();
  private List<String> segments = List.of();
  private String search;
  private String tag;
  private boolean showArchived;
  private String newKey;
  private String newKind = "boolean";
  private String userKey;
  private String email;
  private List<String> groups = new ArrayList<>();
  private String attributes;
  private List<Served> served;

  /** A flag as listed. */
  public record Listed(
      String key,
      String name,
      String description,
      String kind,
      boolean on,
      List<String> tags,
      boolean temporary,
      boolean archived,
      int rules,
      int targets,
      String stale)
      implements Serializable {
    /** For EL, which reads bean getters, not record accessors. */
    public String getKey() {
      return key;
    }

    public String getName() {
      return name;
    }

    public String getDescription() {
      return description;
    }

    public String getKind() {
      return kind;
    }

    public boolean isOn() {
      return on;
    }

    public List<String> getTags() {
      return tags;
    }

    public boolean isTemporary() {
      return temporary;
    }

    public boolean isArchived() {
      return archived;
    }

    public int getRules() {
      return rules;
    }

    public int getTargets() {
      return targets;
    }

    /** Why the server marks the flag stale, as a sentence; empty when it does not. */
    public String getStale() {
      return stale;
    }

    /** E.g. "2 rules, 1 target". */
    public String getTargeting() {
      String text = rules + (rules == 1 ? " rule" : " rules");
      return targets == 0 ? text : text + ", " + targets + (targets == 1 ? " target" : " targets");
    }

    boolean matches(String text) {
      String t = text.toLowerCase(Locale.ROOT);
      return key.toLowerCase(Locale.ROOT).contains(t)
          || name.toLowerCase(Locale.ROOT).contains(t)
          || description.toLowerCase(Locale.ROOT).contains(t);
    }
  }

  /** What the server served a context for one flag, and why. */
  public record Served(String key, String value, String variation, String reason, String why)
      implements Serializable {
    /** For EL, which reads bean getters, not record accessors. */
    public String getKey() {
      return key;
    }

    public String getValue() {
      return value;
    }

    public String getVariation() {
      return variation;
    }

    public String getReason() {
      return reason;
    }

    public String getWhy() {
      return why;
    }
  }

  @PostConstruct
  void load() {
    slug = tenant.getSlug();
    reload();
  }

  private void reload() {
    JsonObject document = api.getObject(tenant.apiPath("flags"));
    JsonObject status =
        document.containsKey("flagStatus")
            ? document.getJsonObject("flagStatus")
            : JsonValue.EMPTY_JSON_OBJECT;
    List<Listed> listed = new ArrayList<>();
    document
        .getJsonObject("flags")
        .forEach(
            (key, value) ->
                listed.add(
                    listed(
                        key,
                        value.asJsonObject(),
                        status.containsKey(key)
                            ? status.getJsonObject(key)
                            : JsonValue.EMPTY_JSON_OBJECT)));
    flags = listed;
    segments = List.copyOf(document.getJsonObject("segments").keySet());
  }

  private static Listed listed(String key, JsonObject f, JsonObject status) {
    return new Listed(
        key,
        f.getString("name", ""),
        f.getString("description", ""),
        f.getString("kind"),
        f.getBoolean("on"),
        f.getJsonArray("tags").getValuesAs(JsonString.class).stream()
            .map(JsonString::getString)
            .toList(),
        f.getBoolean("temporary", false),
        f.getBoolean("archived", false),
        f.getJsonArray("rules").size(),
        f.getJsonArray("targets").size(),
        StaleMarks.sentence(status));
  }

  /** The flags matching the search text and tag; archived ones only when asked for. */
  public List<Listed> getShown() {
    return flags.stream()
        .filter(f -> showArchived || !f.archived())
        .filter(f -> search == null || search.isBlank() || f.matches(search.strip()))
        .filter(f -> tag == null || tag.isEmpty() || f.tags().contains(tag))
        .toList();
  }

  /** Every tag of any flag, sorted. */
  public List<String> getTags() {
    TreeSet<String> all = new TreeSet<>();
    flags.forEach(f -> all.addAll(f.tags()));
    return List.copyOf(all);
  }

  /** Switches a flag on or off (the page asked for confirmation first). */
  public void toggle(Listed flag) {
    boolean on = !flag.on();
    try {
      api.post(
          tenant.apiPath("flags/" + AdminApi.segment(flag.key()) + "/toggle"),
          Json.createObjectBuilder().add("on", on).build());
      Messages.addGlobalInfo(
          "Turned {0} {1}; connected clients get the change now", flag.key(), on ? "on" : "off");
    } catch (AdminApiException e) {
      Messages.addGlobalError(e.getMessage());
    }
    reload();
  }

  /** Creates a flag of the chosen kind, switched off, and opens it in the editor. */
  public void create() throws IOException {
    String key = newKey == null ? "" : newKey.strip();
    try {
      api.put(
          tenant.apiPath("flags/" + AdminApi.segment(key)), FlagForm.create(key, newKind).toJson());
    } catch (AdminApiException e) {
      Messages.addError("newFlag:key", e.errors().isEmpty() ? e.getMessage() : problems(e));
      return;
    }
    Messages.addFlashGlobalInfo("Created flag {0}, switched off; set it up and save", key);
    Faces.redirect("tenant/flag.xhtml?t=%s&key=%s", slug, key);
  }

  private static String problems(AdminApiException e) {
    return String.join("; ", e.errors());
  }

  /** Asks the server what every flag serves the context typed in, and why. */
  public void preview() {
    JsonObjectBuilder context = Json.createObjectBuilder();
    if (attributes != null && !attributes.isBlank()) {
      JsonValue extra = JsonValues.json(attributes.strip());
      if (extra.getValueType() != JsonValue.ValueType.OBJECT) {
        Messages.addError(
            "preview:attributes",
            "Write the attributes as a JSON object, e.g. {\"appVersion\": \"2.1.0\"}");
        served = null;
        return;
      }
      extra.asJsonObject().forEach(context::add);
    }
    if (userKey != null && !userKey.isBlank()) {
      context.add("key", userKey.strip());
    }
    if (email != null && !email.isBlank()) {
      context.add("email", email.strip());
    }
    if (!groups.isEmpty()) {
      context.add("groups", Json.createArrayBuilder(groups));
    }
    try {
      JsonObject answer =
          api.post(
                  tenant.apiPath("flag-evaluations"),
                  Json.createObjectBuilder().add("context", context).build())
              .asJsonObject();
      served =
          answer.getJsonArray("flags").getValuesAs(JsonObject.class).stream()
              .map(TenantFlagsView::served)
              .toList();
    } catch (AdminApiException e) {
      Messages.addError("preview:evaluate", e.getMessage());
    }
  }

  private static Served served(JsonObject e) {
    String why = "";
    if (!e.isNull("ruleId")) {
      why = "rule " + e.getString("ruleId");
    } else if (!e.isNull("prerequisiteKey")) {
      why = "prerequisite " + e.getString("prerequisiteKey");
    } else if (!e.isNull("errorKind")) {
      why = e.getString("errorKind");
    }
    return new Served(
        e.getString("key"),
        e.isNull("value") ? "—" : e.getString("value"),
        e.isNull("variation") ? "—" : e.getString("variation"),
        e.getString("reason"),
        why);
  }

  public List<String> getKinds() {
    return FlagForm.KINDS;
  }

  public List<String> getSegments() {
    return segments;
  }

  /** Whether the tenant has no flags at all (rather than none matching). */
  public boolean isNoFlags() {
    return flags.isEmpty();
  }

  public String getSearch() {
    return search;
  }

  public void setSearch(String search) {
    this.search = search;
  }

  public String getTag() {
    return tag;
  }

  public void setTag(String tag) {
    this.tag = tag;
  }

  public boolean isShowArchived() {
    return showArchived;
  }

  public void setShowArchived(boolean showArchived) {
    this.showArchived = showArchived;
  }

  public String getNewKey() {
    return newKey;
  }

  public void setNewKey(String newKey) {
    this.newKey = newKey;
  }

  public String getNewKind() {
    return newKind;
  }

  public void setNewKind(String newKind) {
    this.newKind = newKind;
  }

  public String getUserKey() {
    return userKey;
  }

  public void setUserKey(String userKey) {
    this.userKey = userKey;
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }

  public List<String> getGroups() {
    return groups;
  }

  public void setGroups(List<String> groups) {
    this.groups = groups == null ? new ArrayList<>() : new ArrayList<>(groups);
  }

  public String getAttributes() {
    return attributes;
  }

  public void setAttributes(String attributes) {
    this.attributes = attributes;
  }

  /** The last preview's answer; null before the first. */
  public List<Served> getServed() {
    return served;
  }
}
