package dev.cairn.console.tenant;

import dev.cairn.console.FieldChange;
import dev.cairn.console.api.AdminApi;
import dev.cairn.console.api.AdminApiException;
import dev.cairn.console.tenant.flags.HistoryDiff;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.omnifaces.util.Messages;
import org.primefaces.event.FileUploadEvent;

/**
 * Applying a whole {@code flags.yaml} ({@code /tenant/flags-apply.xhtml}): a document pasted or
 * uploaded is previewed by the server's dry run (every flag and segment it adds, removes or
 * changes, with the changed fields before and after); applying sends exactly the previewed text
 * with the previewed revision, so the server applies it in one transaction or, when the flags
 * changed since the preview, refuses it. Problems name the document's line and column; nothing is
 * applied then.
 */
@Named
@ViewScoped
public class TenantFlagsApplyView implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long MAX_UPLOAD_BYTES = 1024 * 1024;

  @Inject transient AdminApi api;
  @Inject transient TenantContext tenant;

  private String text;
  private String previewedText;
  private Long previewedRevision;
  private List<Change> changes;
  private List<String> problems = List.of();

  /** One change the document makes: a flag or segment added, removed or changed. */
  public record Change(String what, String key, String change, List<FieldChange> lines)
      implements Serializable {
    /** For EL, which reads bean getters, not record accessors. */
    public String getWhat() {
      return what;
    }

    public String getKey() {
      return key;
    }

    public String getChange() {
      return change;
    }

    public List<FieldChange> getLines() {
      return lines;
    }
  }

  /** Loads an uploaded {@code flags.yaml} and previews it. */
  public void upload(FileUploadEvent event) throws IOException {
    if (event.getFile().getSize() > MAX_UPLOAD_BYTES) {
      Messages.addGlobalError("{0} is larger than 1 MB", event.getFile().getFileName());
      return;
    }
    try (InputStream in = event.getFile().getInputStream()) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Messages.addGlobalInfo("Loaded {0}", event.getFile().getFileName());
    preview();
  }

  /** Asks the server what applying the text would change (a dry run; nothing is saved). */
  public void preview() {
    clearPreview();
    if (text == null || text.isBlank()) {
      problems = List.of("Paste or upload a flags.yaml first.");
      return;
    }
    try {
      JsonObject answer = api.putText(tenant.apiPath("flags?dryRun=true"), text).asJsonObject();
      previewedText = text;
      previewedRevision = answer.getJsonNumber("revision").longValue();
      changes =
          answer.getJsonArray("changes").getValuesAs(JsonObject.class).stream()
              .map(
                  c ->
                      new Change(
                          c.getString("what"),
                          c.getString("key"),
                          c.getString("change"),
                          HistoryDiff.between(c.get("before"), c.get("after"))))
              .toList();
    } catch (AdminApiException e) {
      problems = e.errors().isEmpty() ? List.of(e.getMessage()) : e.errors();
    }
  }

  /**
   * Applies the previewed text, if it is still what the page shows and the flags did not change.
   */
  public void apply() {
    if (previewedText == null || !Objects.equals(previewedText, text)) {
      clearPreview();
      problems = List.of("The document changed since its preview: preview it again, then apply.");
      return;
    }
    try {
      JsonObject answer =
          api.putText(tenant.apiPath("flags?ifRevision=" + previewedRevision), previewedText)
              .asJsonObject();
      int count = answer.getJsonArray("changes").size();
      Messages.addGlobalInfo(
          "Applied flags.yaml: {0} {1}, now revision {2}; connected clients get the changes now",
          count, count == 1 ? "change" : "changes", answer.getJsonNumber("revision").longValue());
      clearPreview();
    } catch (AdminApiException e) {
      clearPreview();
      problems = e.errors().isEmpty() ? List.of(e.getMessage()) : e.errors();
    }
  }

  private void clearPreview() {
    changes = null;
    previewedText = null;
    previewedRevision = null;
    problems = List.of();
  }

  public String getText() {
    return text;
  }

  public void setText(String text) {
    this.text = text;
  }

  /** The preview's changes; null when there is no preview. */
  public List<Change> getChanges() {
    return changes;
  }

  public Long getPreviewedRevision() {
    return previewedRevision;
  }

  /** Whether a preview is shown that can be applied (it changes something). */
  public boolean isApplicable() {
    return changes != null && !changes.isEmpty();
  }

  public List<String> getProblems() {
    return problems;
  }
}
