package dev.cairn.console.tenant;

import dev.cairn.console.FieldChange;
import dev.cairn.console.api.AdminApi;
import dev.cairn.console.api.AdminApiException;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.Serializable;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.omnifaces.util.Messages;

/**
 * The audit log ({@code /tenant/audit.xhtml}): every control-plane change of the tenant, filtered
 * by actor, action and day range on the server, with each change's before and after side by side,
 * field by field.
 */
@Named
@ViewScoped
public class TenantAuditView implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int LIMIT = 200;
  static final List<String> ACTIONS =
      List.of(
          "tenant",
          "schema",
          "api-key",
          "member",
          "auth",
          "conflicts",
          "introspection",
          "app-user",
          "app-group",
          "data",
          "flag",
          "segment");

  @Inject transient AdminApi api;
  @Inject transient TenantContext tenant;

  private String slug;
  private Map<String, String> actors = Map.of();
  private List<Event> events = List.of();
  private String actor;
  private String action;
  private LocalDate from;
  private LocalDate to;

  /** An audit event for display. */
  public record Event(
      String id, String at, String actor, String action, String target, List<FieldChange> fields)
      implements Serializable {
    /** For EL, which reads bean getters, not record accessors. */
    public String getId() {
      return id;
    }

    public String getAt() {
      return at;
    }

    public String getTarget() {
      return target;
    }

    public List<FieldChange> getFields() {
      return fields;
    }

    public String getActor() {
      return actor;
    }

    public String getAction() {
      return action;
    }
  }

  @PostConstruct
  void load() {
    slug = tenant.getSlug();
    actors = ActorNames.of(api, base());
    search();
  }

  /** Reads the events matching the filters from the server. */
  public void search() {
    StringBuilder query = new StringBuilder("?limit=" + LIMIT);
    append(query, "actor", actor);
    append(query, "action", action);
    if (from != null) {
      append(query, "from", from.atStartOfDay(ZoneOffset.UTC).toInstant().toString());
    }
    if (to != null) {
      append(query, "to", to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString());
    }
    try {
      events =
          api.getArray(base() + "/audit" + query).getValuesAs(JsonObject.class).stream()
              .map(this::event)
              .toList();
    } catch (AdminApiException e) {
      Messages.addGlobalError(e.getMessage());
    }
  }

  private Event event(JsonObject e) {
    String who = e.getString("actor");
    return new Event(
        e.getString("id"),
        e.getString("at"),
        actors.getOrDefault(who, who),
        e.getString("action"),
        e.getString("target"),
        fields(json(e, "before"), json(e, "after")));
  }

  private static JsonObject json(JsonObject e, String name) {
    if (e.isNull(name)) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    try (JsonReader r = Json.createReader(new StringReader(e.getString(name)))) {
      JsonValue v = r.readValue();
      return v.getValueType() == JsonValue.ValueType.OBJECT
          ? v.asJsonObject()
          : Json.createObjectBuilder().add("value", v).build();
    }
  }

  static List<FieldChange> fields(JsonObject before, JsonObject after) {
    Set<String> names = new LinkedHashSet<>(before.keySet());
    names.addAll(after.keySet());
    List<FieldChange> changes = new ArrayList<>();
    for (String n : names) {
      changes.add(new FieldChange(n, text(before.get(n)), text(after.get(n))));
    }
    return changes;
  }

  private static String text(JsonValue v) {
    if (v == null) {
      return null;
    }
    return v instanceof JsonString s ? s.getString() : v.toString();
  }

  private static void append(StringBuilder query, String name, String value) {
    if (value != null && !value.isBlank()) {
      query
          .append('&')
          .append(name)
          .append('=')
          .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }

  private String base() {
    return "tenants/" + AdminApi.segment(slug);
  }

  public Map<String, String> getActors() {
    return actors;
  }

  public List<String> getActions() {
    return ACTIONS;
  }

  public List<Event> getEvents() {
    return events;
  }

  public String getActor() {
    return actor;
  }

  public void setActor(String actor) {
    this.actor = actor;
  }

  public String getAction() {
    return action;
  }

  public void setAction(String action) {
    this.action = action;
  }

  public LocalDate getFrom() {
    return from;
  }

  public void setFrom(LocalDate from) {
    this.from = from;
  }

  public LocalDate getTo() {
    return to;
  }

  public void setTo(LocalDate to) {
    this.to = to;
  }
}
