package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Memberships of console users in tenants. */
public final class MemberRepository {
  private final EntityManager em;
  private final AuditLog audit;
  private final Clock clock;

  MemberRepository(EntityManager em, AuditLog audit, Clock clock) {
    this.em = em;
    this.audit = audit;
    this.clock = clock;
  }

  public void add(Member member) {
    em.persist(member);
  }

  public void remove(Member member) {
    em.remove(member);
  }

  /** The membership of the console user {@code subject} in {@code tenant}. */
  public Optional<Member> find(TenantId tenant, String subject) {
    return em.createQuery(
            "SELECT m FROM Member m WHERE m.tenant = :tenant AND m.subject = :subject",
            Member.class)
        .setParameter("tenant", tenant.slug())
        .setParameter("subject", subject)
        .getResultStream()
        .findFirst();
  }

  public Optional<Member> findById(TenantId tenant, String id) {
    return Optional.ofNullable(em.find(Member.class, id)).filter(m -> m.tenant().equals(tenant));
  }

  /** A membership of {@code tenant} for {@code email}, bound or not. */
  public Optional<Member> findByEmail(TenantId tenant, String email) {
    return em.createQuery(
            "SELECT m FROM Member m WHERE m.tenant = :tenant AND m.email = :email", Member.class)
        .setParameter("tenant", tenant.slug())
        .setParameter("email", email.toLowerCase(Locale.ROOT))
        .getResultStream()
        .findFirst();
  }

  /** Every member of {@code tenant}, oldest first. */
  public List<Member> list(TenantId tenant) {
    return em.createQuery(
            "SELECT m FROM Member m WHERE m.tenant = :tenant ORDER BY m.createdAtMillis, m.id",
            Member.class)
        .setParameter("tenant", tenant.slug())
        .getResultList();
  }

  /**
   * The joined OWNERs of {@code tenant}, locked for update until the transaction ends, so that
   * checks for "another owner remains" cannot race.
   */
  public List<Member> lockJoinedOwners(TenantId tenant) {
    return em.createQuery(
            "SELECT m FROM Member m WHERE m.tenant = :tenant AND m.role = :owner"
                + " AND m.subject IS NOT NULL",
            Member.class)
        .setParameter("tenant", tenant.slug())
        .setParameter("owner", Role.OWNER)
        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
        .getResultList();
  }

  /** The slugs of every tenant {@code subject} is a member of. */
  public List<String> tenantsOf(String subject) {
    return em.createQuery("SELECT m.tenant FROM Member m WHERE m.subject = :subject", String.class)
        .setParameter("subject", subject)
        .getResultList();
  }

  /**
   * Binds every invitation for {@code email} that is not yet bound to {@code subject}, records a
   * {@code member.bind} audit entry in each invitation's tenant (who claimed it, with which email
   * and role), and returns how many were bound. {@code email} must be one the identity provider
   * verified.
   */
  public int bindInvitations(String subject, String email) {
    if (email == null || email.isBlank()) {
      return 0;
    }
    List<Member> invited =
        em.createQuery(
                "SELECT m FROM Member m WHERE m.subject IS NULL AND m.email = :email", Member.class)
            .setParameter("email", email.toLowerCase(Locale.ROOT))
            .getResultList();
    for (Member m : invited) {
      m.bindTo(subject);
      audit.record(
          new AuditEvent(
              m.tenant(),
              subject,
              "member.bind",
              m.id(),
              AuditJson.of(Map.of("email", m.email().orElse(""), "role", m.role(), "subject", "")),
              AuditJson.of(
                  Map.of("email", m.email().orElse(""), "role", m.role(), "subject", subject)),
              clock.instant()));
    }
    return invited.size();
  }
}
