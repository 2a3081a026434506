package dev.cairn.console.tenant;

import dev.cairn.console.api.AdminApi;
import dev.cairn.console.api.AdminApiException;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.Serializable;
import java.util.List;
import org.omnifaces.util.Messages;

/**
 * Members ({@code /tenant/members.xhtml}): list members and pending invitations, invite by email
 * with a role, change a role, remove a member or revoke an invitation. The server enforces who may
 * do what (and keeps the last OWNER); its refusals show next to the row's action.
 */
@Named
@ViewScoped
public class TenantMembersView implements Serializable {
  private static final long serialVersionUID = 1L;
  static final List<String> ROLES = List.of("OWNER", "ADMIN", "DEVELOPER", "VIEWER");

  @Inject transient AdminApi api;
  @Inject transient TenantContext tenant;

  private String slug;
  private List<Row> members = List.of();
  private String email;
  private String role = "DEVELOPER";

  /** A member or a pending invitation. */
  public static final class Row implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String id;
    private final String email;
    private final String subject;
    private final boolean joined;
    private String role;

    Row(String id, String email, String subject, boolean joined, String role) {
      this.id = id;
      this.email = email;
      this.subject = subject;
      this.joined = joined;
      this.role = role;
    }

    public String getId() {
      return id;
    }

    public String getEmail() {
      return email;
    }

    public String getSubject() {
      return subject;
    }

    public boolean isJoined() {
      return joined;
    }

    public String getRole() {
      return role;
    }

    public void setRole(String role) {
      this.role = role;
    }

    /** Who this is, for people: the email, or the console subject when there is none. */
    public String getWho() {
      return email != null ? email : subject;
    }
  }

  @PostConstruct
  void load() {
    slug = tenant.getSlug();
    reload();
  }

  public void invite() {
    try {
      api.post(
          path(""),
          Json.createObjectBuilder()
              .add("email", email == null ? "" : email.strip())
              .add("role", role)
              .build());
      Messages.addGlobalInfo(
          "Invited {0} as {1}; it takes effect when they next sign in to the console", email, role);
      email = null;
      reload();
    } catch (AdminApiException e) {
      Messages.addError("members:email", e.getMessage());
    }
  }

  /** Saves the role chosen in a row. */
  public void changeRole(Row row) {
    try {
      api.put(
          path("/" + row.getId()), Json.createObjectBuilder().add("role", row.getRole()).build());
      Messages.addGlobalInfo("{0} is now {1}", row.getWho(), row.getRole());
    } catch (AdminApiException e) {
      Messages.addGlobalError(e.getMessage());
    }
    reload();
  }

  /** Removes a member, or revokes an invitation not yet accepted. */
  public void remove(Row row) {
    try {
      api.delete(path("/" + row.getId()));
      Messages.addGlobalInfo(
          row.isJoined() ? "Removed {0}" : "Revoked the invitation of {0}", row.getWho());
    } catch (AdminApiException e) {
      Messages.addGlobalError(e.getMessage());
    }
    reload();
  }

  private void reload() {
    members =
        api.getArray(path("")).getValuesAs(JsonObject.class).stream()
            .map(
                m ->
                    new Row(
                        m.getString("id"),
                        m.getString("email", null),
                        m.getString("subject", null),
                        m.getBoolean("joined"),
                        m.getString("role")))
            .toList();
  }

  private String path(String rest) {
    return "tenants/" + AdminApi.segment(slug) + "/members" + rest;
  }

  public List<String> getRoles() {
    return ROLES;
  }

  public List<Row> getMembers() {
    return members;
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }

  public String getRole() {
    return role;
  }

  public void setRole(String role) {
    this.role = role;
  }
}
