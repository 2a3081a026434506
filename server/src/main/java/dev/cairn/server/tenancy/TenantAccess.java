package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;

/**
 * The one place that decides whether a console user may act on a tenant: they must be a member of
 * the ACTIVE tenant with at least the required role. A tenant the caller is not a member of is
 * reported exactly like a tenant that does not exist, so slugs of other tenants do not leak.
 */
public final class TenantAccess {
  private TenantAccess() {}

  /**
   * The caller's membership, after binding any invitation addressed to their email.
   *
   * @throws TenancyException NOT_FOUND when the tenant does not exist, is not ACTIVE or the caller
   *     is not a member; FORBIDDEN when their role is below {@code required}
   */
  public static Member require(ControlPlane cp, TenantId tenant, Actor actor, Role required) {
    if (cp.members().bindInvitations(actor.subject(), actor.email()) > 0) {
      cp.flush(); // EclipseLink's queries below would not see the binding otherwise
    }
    if (cp.tenants().findActive(tenant).isEmpty()) {
      throw TenancyException.notFound(tenant);
    }
    Member member =
        cp.members()
            .find(tenant, actor.subject())
            .orElseThrow(() -> TenancyException.notFound(tenant));
    if (!member.role().includes(required)) {
      throw new TenancyException(
          TenancyException.Kind.FORBIDDEN,
          "Role too low",
          "your role in `"
              + tenant
              + "` is "
              + member.role()
              + "; this needs "
              + required
              + " or above; ask an OWNER or ADMIN of the tenant");
    }
    return member;
  }
}
