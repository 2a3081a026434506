package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import dev.cairn.server.tenancy.AppUserDirectory.AppUser;
import dev.cairn.server.tenancy.AppUserDirectory.AppUserDirectoryException;
import dev.cairn.server.tenancy.AppUserDirectory.Group;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Managing a tenant's app users and groups in its provisioned identity provider: reading needs
 * VIEWER, changes need ADMIN and are audited (never with a password). Thread-safe.
 */
@ApplicationScoped
public class AppUsers {
  private static final Pattern USERNAME = Pattern.compile("[a-zA-Z0-9._@-]{1,100}");
  private static final Pattern GROUP = Pattern.compile("[a-zA-Z0-9._-]{1,100}");
  static final int MAX_PAGE = 200;

  private ControlPlaneTransactions tx;
  private AppUserDirectory directory;
  private Clock clock;

  protected AppUsers() {}

  @Inject
  public AppUsers(ControlPlaneTransactions tx, AppUserDirectory directory, Clock clock) {
    this.tx = tx;
    this.directory = directory;
    this.clock = clock;
  }

  public List<AppUser> search(Actor actor, TenantId tenant, String search, int first, int max) {
    if (first < 0 || max < 1 || max > MAX_PAGE) {
      throw TenancyException.invalid("first must be 0 or more and max between 1 and " + MAX_PAGE);
    }
    require(actor, tenant, Role.VIEWER);
    return call(() -> directory.search(tenant, search == null ? "" : search.strip(), first, max));
  }

  public List<Group> groups(Actor actor, TenantId tenant) {
    require(actor, tenant, Role.VIEWER);
    return call(() -> directory.groups(tenant));
  }

  /**
   * Creates an app user.
   *
   * @throws TenancyException INVALID for a bad username, a missing email or a password under 8
   *     characters, CONFLICT when the username or email is taken
   */
  public String create(
      Actor actor,
      TenantId tenant,
      String username,
      String email,
      String firstName,
      String lastName,
      String password) {
    require(actor, tenant, Role.ADMIN); // before checking input: outsiders learn nothing
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw TenancyException.invalid(
          "username `" + username + "` must be 1-100 characters of letters, digits and . _ @ -");
    }
    if (email == null || !email.strip().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      throw TenancyException.invalid(
          "email `" + email + "` is not an email address; the tenant's realm needs one per user");
    }
    if (password == null || password.length() < 8) {
      throw TenancyException.invalid("the password must have at least 8 characters");
    }
    // The realm's user profile requires names; the username stands in for missing ones.
    String first = blankToNull(firstName) == null ? username : firstName.strip();
    String last = blankToNull(lastName) == null ? username : lastName.strip();
    String id =
        call(() -> directory.create(tenant, username, email.strip(), first, last, password));
    audit(actor, tenant, "app-user.create", id, Map.of("username", username));
    return id;
  }

  public void setEnabled(Actor actor, TenantId tenant, String userId, boolean enabled) {
    require(actor, tenant, Role.ADMIN);
    call(
        () -> {
          directory.setEnabled(tenant, userId, enabled);
          return null;
        });
    audit(actor, tenant, enabled ? "app-user.enable" : "app-user.disable", userId, Map.of());
  }

  public void resetPassword(
      Actor actor, TenantId tenant, String userId, String password, boolean temporary) {
    require(actor, tenant, Role.ADMIN); // before checking input: outsiders learn nothing
    if (password == null || password.length() < 8) {
      throw TenancyException.invalid("the password must have at least 8 characters");
    }
    call(
        () -> {
          directory.resetPassword(tenant, userId, password, temporary);
          return null;
        });
    audit(actor, tenant, "app-user.password", userId, Map.of("temporary", temporary));
  }

  public String createGroup(Actor actor, TenantId tenant, String name) {
    if (name == null || !GROUP.matcher(name).matches()) {
      throw TenancyException.invalid(
          "group name `" + name + "` must be 1-100 characters of letters, digits and . _ -");
    }
    require(actor, tenant, Role.ADMIN);
    String id = call(() -> directory.createGroup(tenant, name));
    audit(actor, tenant, "app-group.create", id, Map.of("name", name));
    return id;
  }

  /** Adds ({@code member}) or removes a user from a group. */
  public void setMembership(
      Actor actor, TenantId tenant, String userId, String groupId, boolean member) {
    require(actor, tenant, Role.ADMIN);
    call(
        () -> {
          if (member) {
            directory.join(tenant, userId, groupId);
          } else {
            directory.leave(tenant, userId, groupId);
          }
          return null;
        });
    audit(
        actor,
        tenant,
        member ? "app-user.group.join" : "app-user.group.leave",
        userId,
        Map.of("group", groupId));
  }

  private void require(Actor actor, TenantId tenant, Role role) {
    tx.inTransaction(cp -> TenantAccess.require(cp, tenant, actor, role));
  }

  private void audit(
      Actor actor, TenantId tenant, String action, String target, Map<String, ?> after) {
    tx.inTransaction(
        cp -> {
          cp.audit()
              .record(
                  new AuditEvent(
                      tenant,
                      actor.subject(),
                      action,
                      "app-user/" + target,
                      null,
                      after.isEmpty() ? null : AuditJson.of(after),
                      clock.instant()));
          return null;
        });
  }

  private static <T> T call(Supplier<T> work) {
    try {
      return work.get();
    } catch (AppUserDirectoryException e) {
      throw switch (e.reason()) {
        case CONFLICT ->
            new TenancyException(TenancyException.Kind.CONFLICT, "Already exists", e.getMessage());
        case NOT_FOUND ->
            new TenancyException(TenancyException.Kind.NOT_FOUND, "Not found", e.getMessage());
        case FAILED ->
            new TenancyException(
                TenancyException.Kind.UNAVAILABLE, "Identity provider failed", e.getMessage());
      };
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
