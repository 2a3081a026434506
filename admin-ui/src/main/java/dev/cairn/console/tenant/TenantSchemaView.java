package dev.cairn.console.tenant;

import dev.cairn.console.api.AdminApi;
import dev.cairn.console.api.AdminApiException;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.omnifaces.util.Messages;
import org.primefaces.event.FileUploadEvent;
import org.primefaces.extensions.model.monacoeditor.EAutoClosingBrackets;
import org.primefaces.extensions.model.monacoeditor.EAutoClosingQuotes;
import org.primefaces.extensions.model.monacoeditor.EAutoIndent;
import org.primefaces.extensions.model.monacoeditor.EditorMinimapOptions;
import org.primefaces.extensions.model.monacoeditor.EditorOptions;

/**
 * The schema page ({@code /tenant/schema.xhtml}): a GraphQL editor whose draft is checked by the
 * server as it is typed (the same validator as publishing; errors marked at line:column), the
 * changes against the active version with their compatibility, publishing (breaking changes only
 * after an explicit confirmation), the version history with view and rollback, and upload of a
 * {@code schema.graphql} file.
 */
@Named
@ViewScoped
public class TenantSchemaView implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int MAX_UPLOAD_BYTES = 1_000_000;

  static final String STARTER =
      """
      # Your tenant's data model. Each @model type gets a MongoDB collection and an
      # AppSync-compatible API; @auth says who may read and write it.
      type Todo @model @auth(rules: [{allow: owner}]) {
        id: ID!
        name: String!
        done: Boolean
      }
      """;

  @Inject transient AdminApi api;
  @Inject transient TenantContext tenant;

  private String slug;
  private String draft;
  private List<Problem> problems = List.of();
  private List<Change> changes = List.of();
  private Integer activeVersion;
  private List<Version> versions = List.of();
  private Version viewed;
  private boolean breakingConfirmed;

  /** A schema error at a 1-based line and column. */
  public record Problem(int line, int column, String message) implements Serializable {
    /** For EL, which reads bean getters, not record accessors. */
    public int getLine() {
      return line;
    }

    public int getColumn() {
      return column;
    }

    public String getMessage() {
      return message;
    }
  }

  /** One change against the active version. */
  public record Change(String compatibility, String subject, String description)
      implements Serializable {
    /** For EL, which reads bean getters, not record accessors. */
    public String getCompatibility() {
      return compatibility;
    }

    public String getSubject() {
      return subject;
    }

    public String getDescription() {
      return description;
    }

    public String getSeverity() {
      return switch (compatibility) {
        case "BREAKING" -> "danger";
        case "MIGRATABLE" -> "warning";
        default -> "success";
      };
    }
  }

  /** A stored schema version. */
  public record Version(
      int number, String hash, String author, String createdAt, boolean active, String sdl)
      implements Serializable {
    /** For EL, which reads bean getters, not record accessors. */
    public int getNumber() {
      return number;
    }

    public String getHash() {
      return hash;
    }

    public String getAuthor() {
      return author;
    }

    public String getCreatedAt() {
      return createdAt;
    }

    public boolean isActive() {
      return active;
    }

    public String getSdl() {
      return sdl;
    }

    public String getShortHash() {
      return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }
  }

  @PostConstruct
  void load() {
    slug = tenant.getSlug();
    try {
      draft = api.getObject(path("schemas/active")).getString("sdl");
    } catch (AdminApiException e) {
      if (e.status() != 404) {
        throw e;
      }
      draft = STARTER;
    }
    loadVersions();
    validate();
  }

  /** Checks the draft with the server; called (debounced) as the user types. */
  public void validate() {
    JsonObject check =
        api.postText(path("schemas/validate"), draft == null ? "" : draft).asJsonObject();
    problems =
        check.getJsonArray("errors").getValuesAs(JsonObject.class).stream()
            .map(e -> new Problem(e.getInt("line"), e.getInt("column"), e.getString("message")))
            .toList();
    changes = changesOf(check);
    activeVersion =
        check.isNull("activeVersion") ? null : check.getJsonNumber("activeVersion").intValue();
    breakingConfirmed = false;
  }

  /** Publishes the draft as the next version and activates it. */
  public void publish() {
    if (hasBreaking() && !breakingConfirmed) {
      Messages.addError("schema:confirmBreaking", "Tick the box to confirm the breaking changes");
      return;
    }
    try {
      JsonObject published =
          api.postText(path("schemas?confirmBreaking=" + breakingConfirmed), draft).asJsonObject();
      Messages.addGlobalInfo(
          "Published version {0}; apps now sync against it", published.getInt("version"));
      loadVersions();
      validate();
    } catch (AdminApiException e) {
      Messages.addGlobalError(e.getMessage());
      validate();
    }
  }

  /** Replaces the draft with an uploaded {@code schema.graphql}. */
  public void upload(FileUploadEvent event) throws IOException {
    if (event.getFile().getSize() > MAX_UPLOAD_BYTES) {
      Messages.addGlobalError("{0} is larger than 1 MB", event.getFile().getFileName());
      return;
    }
    try (InputStream in = event.getFile().getInputStream()) {
      draft = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Messages.addGlobalInfo("Loaded {0}; check it, then publish", event.getFile().getFileName());
    validate();
  }

  /** Shows a stored version's SDL. */
  public void view(Version version) {
    JsonObject v = api.getObject(path("schemas/" + version.number()));
    viewed = versionOf(v);
  }

  /** Makes an older version active again (a rollback; confirmed in the page). */
  public void rollback(Version version) {
    try {
      api.post(path("schemas/" + version.number() + "/activate?confirmBreaking=true"), null);
      Messages.addGlobalInfo("Version {0} is active again", version.number());
      draft = api.getObject(path("schemas/active")).getString("sdl");
      loadVersions();
      validate();
    } catch (AdminApiException e) {
      Messages.addGlobalError(e.getMessage());
    }
  }

  /** The problems as JSON for the editor's markers. */
  public String getMarkersJson() {
    JsonArrayBuilder a = Json.createArrayBuilder();
    problems.forEach(
        p ->
            a.add(
                Json.createObjectBuilder()
                    .add("line", p.line())
                    .add("column", p.column())
                    .add("message", p.message())));
    return a.build().toString();
  }

  public EditorOptions getEditorOptions() {
    return new EditorOptions()
        .setLanguage("graphql")
        .setTabSize(2)
        .setFontSize(14)
        .setAutomaticLayout(true)
        .setScrollBeyondLastLine(false)
        .setAutoClosingBrackets(EAutoClosingBrackets.NEVER)
        .setAutoClosingQuotes(EAutoClosingQuotes.NEVER)
        .setAutoIndent(EAutoIndent.NONE)
        .setMinimap(new EditorMinimapOptions().setEnabled(false))
        // Enter always starts a new line; a suggestion is taken with Tab.
        .setAcceptSuggestionOnEnter("off")
        .setAriaLabel("schema.graphql editor");
  }

  public boolean hasBreaking() {
    return changes.stream().anyMatch(c -> c.compatibility().equals("BREAKING"));
  }

  public boolean isValid() {
    return problems.isEmpty();
  }

  private void loadVersions() {
    versions =
        api.getArray(path("schemas")).getValuesAs(JsonObject.class).stream()
            .map(TenantSchemaView::versionOf)
            .toList();
  }

  private static Version versionOf(JsonObject v) {
    return new Version(
        v.getInt("version"),
        v.getString("hash"),
        v.getString("author"),
        v.getString("createdAt"),
        v.getBoolean("active"),
        v.getString("sdl", null));
  }

  private static List<Change> changesOf(JsonObject o) {
    List<Change> list = new ArrayList<>();
    for (JsonValue c : o.getJsonArray("changes")) {
      JsonObject change = c.asJsonObject();
      list.add(
          new Change(
              change.getString("compatibility"),
              change.getString("subject"),
              change.getString("description")));
    }
    return list;
  }

  private String path(String rest) {
    return "tenants/" + AdminApi.segment(slug) + "/" + rest;
  }

  public String getDraft() {
    return draft;
  }

  public void setDraft(String draft) {
    this.draft = draft;
  }

  public List<Problem> getProblems() {
    return problems;
  }

  public List<Change> getChanges() {
    return changes;
  }

  public Integer getActiveVersion() {
    return activeVersion;
  }

  public List<Version> getVersions() {
    return versions;
  }

  public Version getViewed() {
    return viewed;
  }

  public boolean isBreakingConfirmed() {
    return breakingConfirmed;
  }

  public void setBreakingConfirmed(boolean breakingConfirmed) {
    this.breakingConfirmed = breakingConfirmed;
  }
}
