package dev.cairn.console.tenant;

import dev.cairn.console.api.AdminApi;
import dev.cairn.console.api.AdminApiException;
import dev.cairn.console.tenant.flags.SegmentForm;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.omnifaces.util.Faces;
import org.omnifaces.util.Messages;

/**
 * Segments ({@code /tenant/segments.xhtml}): named sets of users that flag rules match with {@code
 * segmentMatch}, with how many users each includes and excludes and how many rules it has; and a
 * new segment.
 */
@Named
@ViewScoped
public class TenantSegmentsView implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject transient AdminApi api;
  @Inject transient TenantContext tenant;

  private String slug;
  private List<Listed> segments = List.of();
  private String newKey;

  /** A segment as listed, with the flags whose rules use it. */
  public record Listed(
      String key, String description, int included, int excluded, int rules, List<String> usedBy)
      implements Serializable {
    /** For EL, which reads bean getters, not record accessors. */
    public String getKey() {
      return key;
    }

    public String getDescription() {
      return description;
    }

    public int getIncluded() {
      return included;
    }

    public int getExcluded() {
      return excluded;
    }

    public int getRules() {
      return rules;
    }

    public List<String> getUsedBy() {
      return usedBy;
    }
  }

  @PostConstruct
  void load() {
    slug = tenant.getSlug();
    JsonObject document = api.getObject(tenant.apiPath("flags"));
    List<Listed> listed = new ArrayList<>();
    document
        .getJsonObject("segments")
        .forEach(
            (key, value) -> {
              JsonObject s = value.asJsonObject();
              listed.add(
                  new Listed(
                      key,
                      s.getString("description", ""),
                      s.getJsonArray("included").size(),
                      s.getJsonArray("excluded").size(),
                      s.getJsonArray("rules").size(),
                      usedBy(document.getJsonObject("flags"), key)));
            });
    segments = listed;
  }

  private static List<String> usedBy(JsonObject flags, String segment) {
    List<String> users = new ArrayList<>();
    flags.forEach(
        (key, f) -> {
          if (f.asJsonObject().getJsonArray("rules").getValuesAs(JsonObject.class).stream()
              .flatMap(r -> r.getJsonArray("clauses").getValuesAs(JsonObject.class).stream())
              .anyMatch(
                  c ->
                      "segmentMatch".equals(c.getString("op", ""))
                          && c.getJsonArray("values").toString().contains('"' + segment + '"'))) {
            users.add(key);
          }
        });
    return users;
  }

  /** Creates an empty segment and opens it in the editor. */
  public void create() throws IOException {
    String key = newKey == null ? "" : newKey.strip();
    try {
      api.put(
          tenant.apiPath("segments/" + AdminApi.segment(key)), SegmentForm.create(key).toJson());
    } catch (AdminApiException e) {
      Messages.addError(
          "newSegment:key", e.errors().isEmpty() ? e.getMessage() : String.join("; ", e.errors()));
      return;
    }
    Messages.addFlashGlobalInfo("Created segment {0}; add users or rules and save", key);
    Faces.redirect("tenant/segment.xhtml?t=%s&key=%s", slug, key);
  }

  public List<Listed> getSegments() {
    return segments;
  }

  public String getNewKey() {
    return newKey;
  }

  public void setNewKey(String newKey) {
    this.newKey = newKey;
  }
}
