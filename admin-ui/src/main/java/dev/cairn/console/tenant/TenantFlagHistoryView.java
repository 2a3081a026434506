package dev.cairn.console.tenant;

import dev.cairn.console.FieldChange;
import dev.cairn.console.api.AdminApi;
import dev.cairn.console.api.AdminApiException;
import dev.cairn.console.tenant.flags.HistoryDiff;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.omnifaces.util.Faces;
import org.omnifaces.util.Messages;

/**
 * A flag's or segment's history ({@code /tenant/flag-history.xhtml?key=...}, {@code &of=segment}
 * for a segment): every change, newest first, with who made it and the fields it changed, before
 * and after.
 */
@Named
@ViewScoped
public class TenantFlagHistoryView implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int LIMIT = 100;

  @Inject transient AdminApi api;
  @Inject transient TenantContext tenant;

  private String key;
  private boolean segment;
  private List<Change> changes = List.of();

  /** One change: when, by whom, what kind, and the fields it changed. */
  public record Change(String id, String at, String actor, String action, List<FieldChange> lines)
      implements Serializable {
    /** For EL, which reads bean getters, not record accessors. */
    public String getId() {
      return id;
    }

    public String getAt() {
      return at;
    }

    public String getActor() {
      return actor;
    }

    public String getAction() {
      return action;
    }

    public List<FieldChange> getLines() {
      return lines;
    }
  }

  @PostConstruct
  void load() {
    key = Faces.getRequestParameter("key");
    segment = "segment".equals(Faces.getRequestParameter("of"));
    try {
      Map<String, String> names = ActorNames.of(api, tenant.apiPath(""));
      changes =
          api
              .getArray(
                  tenant.apiPath(
                      (segment ? "segments/" : "flags/")
                          + AdminApi.segment(key)
                          + "/history?limit="
                          + LIMIT))
              .getValuesAs(JsonObject.class)
              .stream()
              .map(
                  e ->
                      new Change(
                          e.getString("id"),
                          e.getString("at"),
                          names.getOrDefault(e.getString("actor"), e.getString("actor")),
                          e.getString("action"),
                          HistoryDiff.between(e.get("before"), e.get("after"))))
              .toList();
    } catch (AdminApiException e) {
      Messages.addGlobalError(e.getMessage());
    }
  }

  public String getKey() {
    return key;
  }

  public boolean isSegment() {
    return segment;
  }

  public List<Change> getChanges() {
    return changes;
  }
}
