package dev.cairn.console.tenant;

import dev.cairn.console.api.AdminApi;
import dev.cairn.console.api.AdminApiException;
import dev.cairn.console.tenant.flags.ClauseRow;
import dev.cairn.console.tenant.flags.Problems;
import dev.cairn.console.tenant.flags.SegmentForm;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import org.omnifaces.util.Faces;
import org.omnifaces.util.Messages;

/**
 * The segment editor ({@code /tenant/segment.xhtml?key=...}): users always in, users never in, and
 * rules of clauses. Saving sends the whole segment; a refusal saves nothing and shows each problem
 * next to its field.
 */
@Named
@ViewScoped
public class TenantSegmentView implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject transient AdminApi api;
  @Inject transient TenantContext tenant;

  private String slug;
  private String key;
  private SegmentForm form;
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
    form = SegmentForm.fromJson(key, api.getObject(path()));
    segments =
        List.copyOf(api.getObject(tenant.apiPath("flags")).getJsonObject("segments").keySet());
  }

  private String path() {
    return tenant.apiPath("segments/" + AdminApi.segment(key));
  }

  public void save() {
    try {
      api.put(path(), form.toJson());
    } catch (AdminApiException e) {
      problems = Problems.of("segments." + key, e.errors());
      Messages.addGlobalError(e.getMessage());
      return;
    }
    problems = Problems.none();
    read();
    Messages.addGlobalInfo("Saved segment {0}; flags using it serve connected clients anew", key);
  }

  /** Deletes the segment (the server refuses while a flag uses it). */
  public void delete() throws IOException {
    try {
      api.delete(path());
    } catch (AdminApiException e) {
      Messages.addGlobalError(e.getMessage());
      return;
    }
    Messages.addFlashGlobalInfo("Deleted segment {0}", key);
    Faces.redirect("tenant/segments.xhtml?t=%s", slug);
  }

  public List<String> getOperators() {
    return ClauseRow.OPERATORS;
  }

  public List<String> getSegments() {
    return segments;
  }

  public SegmentForm getForm() {
    return form;
  }

  public String getKey() {
    return key;
  }

  public Problems getProblems() {
    return problems;
  }
}
