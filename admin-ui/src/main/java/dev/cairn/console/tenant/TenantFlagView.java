package dev.cairn.console.tenant;

import dev.cairn.console.api.AdminApi;
import dev.cairn.console.api.AdminApiException;
import dev.cairn.console.tenant.flags.ClauseRow;
import dev.cairn.console.tenant.flags.FlagForm;
import dev.cairn.console.tenant.flags.Problems;
import dev.cairn.console.tenant.flags.StaleMarks;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.omnifaces.util.Faces;
import org.omnifaces.util.Messages;

/**
 * The flag editor ({@code /tenant/flag.xhtml?key=...}): kind and variations, on/off and the off
 * variation, prerequisites, individual targets, ordered rules of clauses serving a variation or a
 * percentage rollout, the fallthrough, tags, temporary or permanent, archived. Saving sends the
 * whole flag ({@code PUT .../flags/{key}}); when the server refuses it, nothing is saved and each
 * problem shows next to the field it names.
 */
@Named
@ViewScoped
public class TenantFlagView implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject transient AdminApi api;
  @Inject transient TenantContext tenant;

  private String slug;
  private String key;
  private FlagForm form;
  private String lastChangedAt;
  private String stale = "";
  private Map<String, List<String>> otherFlags = Map.of();
  private List<String> segments = List.of();
  private Problems problems = Problems.none();

  @PostConstruct
  void load() {
    slug = tenant.getSlug();
    key = Faces.getRequestParameter("key");
    try {
      read();
    } catch (AdminApiException e) {
      Messages.addGlobalError(e.getMessage());
    }
  }

  private void read() {
    JsonObject flag = api.getObject(path(""));
    form = FlagForm.fromJson(key, flag);
    lastChangedAt = flag.getString("lastChangedAt", "");
    stale = StaleMarks.sentence(flag);
    JsonObject document = api.getObject(tenant.apiPath("flags"));
    Map<String, List<String>> others = new LinkedHashMap<>();
    document
        .getJsonObject("flags")
        .forEach(
            (k, f) -> {
              if (!k.equals(key)) {
                others.put(
                    k,
                    f
                        .asJsonObject()
                        .getJsonArray("variations")
                        .getValuesAs(JsonObject.class)
                        .stream()
                        .map(v -> v.getString("name"))
                        .toList());
              }
            });
    otherFlags = others;
    segments = List.copyOf(document.getJsonObject("segments").keySet());
  }

  private String path(String rest) {
    return tenant.apiPath("flags/" + AdminApi.segment(key) + rest);
  }

  /** Sends the whole flag; on refusal keeps what was typed and shows each problem at its field. */
  public void save() {
    try {
      api.put(path(""), form.toJson());
    } catch (AdminApiException e) {
      problems = Problems.of("flags." + key, e.errors());
      Messages.addGlobalError(e.getMessage());
      return;
    }
    problems = Problems.none();
    read();
    Messages.addGlobalInfo("Saved {0}; connected clients get their new values now", key);
  }

  /** Deletes the flag (after a confirmation) and goes back to the list. */
  public void delete() throws IOException {
    try {
      api.delete(path(""));
    } catch (AdminApiException e) {
      Messages.addGlobalError(e.getMessage());
      return;
    }
    Messages.addFlashGlobalInfo("Deleted flag {0}", key);
    Faces.redirect("tenant/flags.xhtml?t=%s", slug);
  }

  /** The variations of flag {@code other}, for a prerequisite's menu. */
  public List<String> variationsOf(String other) {
    return other == null ? List.of() : otherFlags.getOrDefault(other, List.of());
  }

  public List<String> getOtherFlags() {
    return List.copyOf(otherFlags.keySet());
  }

  public List<String> getSegments() {
    return segments;
  }

  public List<String> getKinds() {
    return FlagForm.KINDS;
  }

  public List<String> getOperators() {
    return ClauseRow.OPERATORS;
  }

  public FlagForm getForm() {
    return form;
  }

  public String getKey() {
    return key;
  }

  public String getLastChangedAt() {
    return lastChangedAt;
  }

  /** Why the server marks the flag stale, as a sentence; empty when it does not. */
  public String getStale() {
    return stale;
  }

  public Problems getProblems() {
    return problems;
  }
}
