package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import java.util.List;

/**
 * The app users and groups of a tenant's provisioned identity provider (by default its Keycloak
 * realm). Implementations talk to the provider with the server's own admin credentials; the console
 * never holds them. Every method throws {@link AppUserDirectoryException} when the provider refuses
 * or cannot be reached, with the provider's reason.
 */
public interface AppUserDirectory {
  /** An app user. */
  record AppUser(String id, String username, String email, boolean enabled, List<String> groups) {}

  /** A group (its name is what the {@code groups} claim carries). */
  record Group(String id, String name) {}

  /** Users whose username, email or name contain {@code search} (all when blank), by username. */
  List<AppUser> search(TenantId tenant, String search, int first, int max);

  /**
   * Creates an enabled user with a (verified) email, names and a password, so the user can sign in
   * at once; returns its id.
   */
  String create(
      TenantId tenant,
      String username,
      String email,
      String firstName,
      String lastName,
      String password);

  void setEnabled(TenantId tenant, String userId, boolean enabled);

  /** Sets a new password; when {@code temporary}, the user must change it at next sign-in. */
  void resetPassword(TenantId tenant, String userId, String password, boolean temporary);

  List<Group> groups(TenantId tenant);

  /** Creates a group; returns its id. */
  String createGroup(TenantId tenant, String name);

  void join(TenantId tenant, String userId, String groupId);

  void leave(TenantId tenant, String userId, String groupId);

  /** The identity provider refused a request or could not be reached. */
  final class AppUserDirectoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Why: it clashed with what exists (a taken username), named nothing that exists, or failed.
     */
    public enum Reason {
      CONFLICT,
      NOT_FOUND,
      FAILED
    }

    private final Reason reason;

    public AppUserDirectoryException(String message, Reason reason) {
      super(message);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }
  }
}
