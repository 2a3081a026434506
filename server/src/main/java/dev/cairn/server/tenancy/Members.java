package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Inviting, listing, re-roling and removing a tenant's members. Changes need ADMIN, and only an
 * OWNER may grant, take away or remove the OWNER role. An invitation is addressed to an email and
 * takes effect when the console user with that email next calls the admin API; until then it can be
 * revoked. The last joined OWNER of a tenant can never be removed or demoted, so every tenant keeps
 * someone who can manage it. Every change is audited. Thread-safe.
 */
@ApplicationScoped
public class Members {
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private ControlPlaneTransactions tx;
  private Clock clock;

  protected Members() {}

  @Inject
  public Members(ControlPlaneTransactions tx, Clock clock) {
    this.tx = tx;
    this.clock = clock;
  }

  /**
   * Invites {@code email} with {@code role}.
   *
   * @throws TenancyException INVALID for a malformed email or missing role, FORBIDDEN when a
   *     non-owner invites an owner, CONFLICT when the email is already a member
   */
  public Member invite(Actor actor, TenantId tenant, String email, Role role) {
    if (email == null || !EMAIL.matcher(email).matches()) {
      throw TenancyException.invalid(
          "email `"
              + email
              + "` is not an email address; send e.g. {\"email\":\"ana@example.com\"}");
    }
    if (role == null) {
      throw TenancyException.invalid("role is required: one of OWNER, ADMIN, DEVELOPER, VIEWER");
    }
    return tx.inTransaction(
        cp -> {
          Member me = TenantAccess.require(cp, tenant, actor, Role.ADMIN);
          if (role == Role.OWNER && me.role() != Role.OWNER) {
            throw new TenancyException(
                TenancyException.Kind.FORBIDDEN,
                "Role too low",
                "only an OWNER can invite another OWNER; invite as ADMIN instead");
          }
          if (cp.members().findByEmail(tenant, email).isPresent()) {
            throw new TenancyException(
                TenancyException.Kind.CONFLICT,
                "Already a member",
                email + " is already a member of `" + tenant + "`");
          }
          Member member = Member.invited(tenant, email, role, clock.instant());
          cp.members().add(member);
          cp.audit()
              .record(
                  new AuditEvent(
                      tenant,
                      actor.subject(),
                      "member.invite",
                      member.id(),
                      null,
                      AuditJson.of(Map.of("email", email, "role", role)),
                      clock.instant()));
          return member;
        });
  }

  /**
   * Gives member {@code memberId} the role {@code role}.
   *
   * @throws TenancyException INVALID for a missing role, NOT_FOUND for an unknown member, FORBIDDEN
   *     when a non-owner touches the OWNER role, CONFLICT when this would demote the last OWNER
   */
  public Member changeRole(Actor actor, TenantId tenant, String memberId, Role role) {
    if (role == null) {
      throw TenancyException.invalid(
          "role is required: send {\"role\": \"ADMIN\"} with one of OWNER, ADMIN, DEVELOPER,"
              + " VIEWER");
    }
    return tx.inTransaction(
        cp -> {
          Member me = TenantAccess.require(cp, tenant, actor, Role.ADMIN);
          Member member = find(cp, tenant, memberId);
          Role before = member.role();
          if (before == role) {
            return member;
          }
          if ((before == Role.OWNER || role == Role.OWNER) && me.role() != Role.OWNER) {
            throw ownerOnly("change the OWNER role of a member");
          }
          if (before == Role.OWNER) {
            requireAnotherOwner(cp, tenant, member, "demoted");
          }
          member.changeRole(role);
          cp.audit()
              .record(
                  new AuditEvent(
                      tenant,
                      actor.subject(),
                      "member.role",
                      member.id(),
                      AuditJson.of(describe(member, before)),
                      AuditJson.of(describe(member, role)),
                      clock.instant()));
          return member;
        });
  }

  /**
   * Removes member {@code memberId}, or revokes the invitation when they have not joined yet. A
   * member may remove themselves (leave) when they are not the last OWNER.
   *
   * @return the removed membership
   * @throws TenancyException NOT_FOUND for an unknown member, FORBIDDEN when a non-owner removes an
   *     OWNER, CONFLICT when this would remove the last OWNER
   */
  public Member remove(Actor actor, TenantId tenant, String memberId) {
    return tx.inTransaction(
        cp -> {
          Member me = TenantAccess.require(cp, tenant, actor, Role.VIEWER);
          Member member = find(cp, tenant, memberId);
          boolean leaving = member.id().equals(me.id());
          if (!leaving && !me.role().includes(Role.ADMIN)) {
            throw new TenancyException(
                TenancyException.Kind.FORBIDDEN,
                "Role too low",
                "your role in `"
                    + tenant
                    + "` is "
                    + me.role()
                    + "; removing members needs ADMIN or above; ask an OWNER or ADMIN");
          }
          if (member.role() == Role.OWNER && !leaving && me.role() != Role.OWNER) {
            throw ownerOnly("remove an OWNER");
          }
          if (member.role() == Role.OWNER) {
            requireAnotherOwner(cp, tenant, member, "removed");
          }
          cp.members().remove(member);
          boolean joined = member.subject().isPresent();
          cp.audit()
              .record(
                  new AuditEvent(
                      tenant,
                      actor.subject(),
                      joined ? "member.remove" : "member.invitation.revoke",
                      member.id(),
                      AuditJson.of(describe(member, member.role())),
                      null,
                      clock.instant()));
          return member;
        });
  }

  private static Member find(ControlPlane cp, TenantId tenant, String memberId) {
    return (memberId == null ? Optional.<Member>empty() : cp.members().findById(tenant, memberId))
        .orElseThrow(
            () ->
                new TenancyException(
                    TenancyException.Kind.NOT_FOUND,
                    "Member not found",
                    "tenant `"
                        + tenant
                        + "` has no member or invitation `"
                        + memberId
                        + "`; list them with GET .../members"));
  }

  /** Locks the tenant's owners, so two owners demoting each other cannot both succeed. */
  private static void requireAnotherOwner(
      ControlPlane cp, TenantId tenant, Member owner, String what) {
    boolean another =
        cp.members().lockJoinedOwners(tenant).stream().anyMatch(m -> !m.id().equals(owner.id()));
    if (!another && owner.subject().isPresent()) {
      throw new TenancyException(
          TenancyException.Kind.CONFLICT,
          "Last owner",
          "this is the last OWNER of `"
              + tenant
              + "` and cannot be "
              + what
              + "; make another member OWNER first");
    }
  }

  private static TenancyException ownerOnly(String what) {
    return new TenancyException(
        TenancyException.Kind.FORBIDDEN,
        "Role too low",
        "only an OWNER can " + what + "; ask an OWNER of the tenant");
  }

  private static Map<String, Object> describe(Member m, Role role) {
    Map<String, Object> d = new LinkedHashMap<>();
    m.email().ifPresent(e -> d.put("email", e));
    m.subject().ifPresent(s -> d.put("subject", s));
    d.put("role", role);
    return d;
  }

  public List<Member> list(Actor actor, TenantId tenant) {
    return tx.inTransaction(
        cp -> {
          TenantAccess.require(cp, tenant, actor, Role.VIEWER);
          return cp.members().list(tenant);
        });
  }
}
