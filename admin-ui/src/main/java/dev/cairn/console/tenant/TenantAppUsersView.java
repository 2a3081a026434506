package dev.cairn.console.tenant;

import dev.cairn.console.api.AdminApi;
import dev.cairn.console.api.AdminApiException;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.omnifaces.util.Messages;

/**
 * App users and groups ({@code /tenant/app-users.xhtml}) of the tenant's own realm: search, create,
 * disable or enable, reset a password, group membership and groups. The server does this through
 * Keycloak's Admin REST API; the console never holds Keycloak admin credentials.
 */
@Named
@ViewScoped
public class TenantAppUsersView implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int PAGE = 50;

  @Inject transient AdminApi api;
  @Inject transient TenantContext tenant;

  private String slug;
  private String search;
  private List<User> users = List.of();
  private List<Group> groups = List.of();
  private String newUsername;
  private String newEmail;
  private String newPassword;
  private String newName;
  private String newGroup;
  private User selected;
  private String password;
  private boolean temporary = true;
  private String groupToJoin;

  /** An app user as listed. */
  public record User(String id, String username, String email, boolean enabled, List<String> groups)
      implements Serializable {
    /** For EL, which reads bean getters, not record accessors. */
    public String getUsername() {
      return username;
    }

    public String getEmail() {
      return email;
    }

    public boolean isEnabled() {
      return enabled;
    }

    public String getId() {
      return id;
    }

    public List<String> getGroups() {
      return groups;
    }

    public String getGroupList() {
      return groups.isEmpty() ? "—" : String.join(", ", groups);
    }
  }

  /** A group of the realm. */
  public record Group(String id, String name) implements Serializable {
    /** For EL, which reads bean getters, not record accessors. */
    public String getId() {
      return id;
    }

    public String getName() {
      return name;
    }
  }

  @PostConstruct
  void load() {
    slug = tenant.getSlug();
    find();
    loadGroups();
  }

  public void find() {
    String query =
        "?max="
            + PAGE
            + (search == null || search.isBlank()
                ? ""
                : "&search=" + URLEncoder.encode(search.strip(), StandardCharsets.UTF_8));
    users =
        api.getArray(base() + "/app-users" + query).getValuesAs(JsonObject.class).stream()
            .map(
                u ->
                    new User(
                        u.getString("id"),
                        u.getString("username"),
                        u.getString("email", ""),
                        u.getBoolean("enabled"),
                        u.getJsonArray("groups").getValuesAs(JsonString.class).stream()
                            .map(JsonString::getString)
                            .toList()))
            .toList();
  }

  private void loadGroups() {
    groups =
        api.getArray(base() + "/app-groups").getValuesAs(JsonObject.class).stream()
            .map(g -> new Group(g.getString("id"), g.getString("name")))
            .toList();
  }

  public void create() {
    try {
      api.post(
          base() + "/app-users",
          Json.createObjectBuilder()
              .add("username", value(newUsername))
              .add("email", value(newEmail))
              .add("firstName", firstWord(newName))
              .add("lastName", rest(newName))
              .add("password", newPassword == null ? "" : newPassword)
              .build());
      Messages.addGlobalInfo("Created {0}; they can sign in to your apps now", newUsername);
      search = newUsername;
      newUsername = null;
      newEmail = null;
      newPassword = null;
      newName = null;
      find();
    } catch (AdminApiException e) {
      Messages.addError("users:newUsername", e.getMessage());
    }
  }

  public void toggleEnabled(User user) {
    try {
      api.put(
          base() + "/app-users/" + AdminApi.segment(user.id()) + "/enabled",
          Json.createObjectBuilder().add("enabled", !user.enabled()).build());
      Messages.addGlobalInfo(
          user.enabled() ? "Disabled {0}: their sign-ins are refused" : "Enabled {0}",
          user.username());
      find();
    } catch (AdminApiException e) {
      Messages.addGlobalError(e.getMessage());
    }
  }

  public void select(User user) {
    selected = user;
    password = null;
    groupToJoin = null;
  }

  public void resetPassword() {
    try {
      api.put(
          base() + "/app-users/" + AdminApi.segment(selected.id()) + "/password",
          Json.createObjectBuilder()
              .add("password", password == null ? "" : password)
              .add("temporary", temporary)
              .build());
      Messages.addGlobalInfo("Set a new password for {0}", selected.username());
      password = null;
    } catch (AdminApiException e) {
      Messages.addError("users:password", e.getMessage());
    }
  }

  public void join() {
    membership(groupToJoin, true);
  }

  public void leave(String groupName) {
    groups.stream()
        .filter(g -> g.name().equals(groupName))
        .findFirst()
        .ifPresent(g -> membership(g.id(), false));
  }

  private void membership(String groupId, boolean member) {
    if (groupId == null || selected == null) {
      return;
    }
    String path =
        base()
            + "/app-users/"
            + AdminApi.segment(selected.id())
            + "/groups/"
            + AdminApi.segment(groupId);
    try {
      if (member) {
        api.put(path, Json.createObjectBuilder().build());
      } else {
        api.delete(path);
      }
      find();
      selected =
          users.stream().filter(u -> u.id().equals(selected.id())).findFirst().orElse(selected);
      Messages.addGlobalInfo(
          member ? "Added {0} to the group" : "Removed {0} from the group", selected.username());
    } catch (AdminApiException e) {
      Messages.addGlobalError(e.getMessage());
    }
  }

  public void createGroup() {
    try {
      api.post(
          base() + "/app-groups", Json.createObjectBuilder().add("name", value(newGroup)).build());
      Messages.addGlobalInfo("Created the group {0}", newGroup);
      newGroup = null;
      loadGroups();
    } catch (AdminApiException e) {
      Messages.addError("users:newGroup", e.getMessage());
    }
  }

  private static String firstWord(String name) {
    String n = value(name);
    int space = n.indexOf(' ');
    return space < 0 ? n : n.substring(0, space);
  }

  private static String rest(String name) {
    String n = value(name);
    int space = n.indexOf(' ');
    return space < 0 ? "" : n.substring(space + 1).strip();
  }

  public String getNewName() {
    return newName;
  }

  public void setNewName(String newName) {
    this.newName = newName;
  }

  private static String value(String s) {
    return s == null ? "" : s.strip();
  }

  private String base() {
    return "tenants/" + AdminApi.segment(slug);
  }

  public String getSearch() {
    return search;
  }

  public void setSearch(String search) {
    this.search = search;
  }

  public List<User> getUsers() {
    return users;
  }

  public List<Group> getGroups() {
    return groups;
  }

  public String getNewUsername() {
    return newUsername;
  }

  public void setNewUsername(String newUsername) {
    this.newUsername = newUsername;
  }

  public String getNewEmail() {
    return newEmail;
  }

  public void setNewEmail(String newEmail) {
    this.newEmail = newEmail;
  }

  public String getNewPassword() {
    return newPassword;
  }

  public void setNewPassword(String newPassword) {
    this.newPassword = newPassword;
  }

  public String getNewGroup() {
    return newGroup;
  }

  public void setNewGroup(String newGroup) {
    this.newGroup = newGroup;
  }

  public User getSelected() {
    return selected;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public boolean isTemporary() {
    return temporary;
  }

  public void setTemporary(boolean temporary) {
    this.temporary = temporary;
  }

  public String getGroupToJoin() {
    return groupToJoin;
  }

  public void setGroupToJoin(String groupToJoin) {
    this.groupToJoin = groupToJoin;
  }
}
