package dev.cairn.server.tenancy;

/**
 * A member's role in a tenant, from most to least powerful. OWNER and ADMIN manage members, keys
 * and auth; DEVELOPER publishes schemas and sets conflict handling; VIEWER reads.
 */
public enum Role {
  OWNER,
  ADMIN,
  DEVELOPER,
  VIEWER;

  /** Whether this role may do what {@code required} may do. */
  public boolean includes(Role required) {
    return ordinal() <= required.ordinal();
  }
}
