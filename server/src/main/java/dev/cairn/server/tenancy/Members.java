package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Inviting and listing a tenant's members. Inviting needs ADMIN, and only an OWNER may invite
 * another OWNER. An invitation is addressed to an email and takes effect when the console user with
 * that email next calls the admin API. Thread-safe.
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

  public List<Member> list(Actor actor, TenantId tenant) {
    return tx.inTransaction(
        cp -> {
          TenantAccess.require(cp, tenant, actor, Role.VIEWER);
          return cp.members().list(tenant);
        });
  }
}
