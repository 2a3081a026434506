package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.List;

/** The append-only record of control-plane changes of each tenant. */
public final class AuditLog {
  private final EntityManager em;

  AuditLog(EntityManager em) {
    this.em = em;
  }

  public void record(AuditEvent event) {
    em.persist(event);
  }

  /**
   * The newest {@code limit} events of {@code tenant} matching {@code filter}, newest first. The
   * filter is applied by the database, with bound parameters only.
   */
  public List<AuditEvent> recent(TenantId tenant, AuditFilter filter, int limit) {
    StringBuilder jpql = new StringBuilder("SELECT e FROM AuditEvent e WHERE e.tenant = :tenant");
    filter.actor().ifPresent(a -> jpql.append(" AND e.actor = :actor"));
    filter
        .actionPrefix()
        .ifPresent(a -> jpql.append(" AND (e.action = :action OR e.action LIKE :actionPrefix)"));
    filter.from().ifPresent(f -> jpql.append(" AND e.atMillis >= :from"));
    filter.to().ifPresent(t -> jpql.append(" AND e.atMillis < :to"));
    jpql.append(" ORDER BY e.id DESC");
    TypedQuery<AuditEvent> q =
        em.createQuery(jpql.toString(), AuditEvent.class).setParameter("tenant", tenant.slug());
    filter.actor().ifPresent(a -> q.setParameter("actor", a));
    filter
        .actionPrefix()
        .ifPresent(
            a ->
                q.setParameter("action", a)
                    .setParameter("actionPrefix", withoutWildcards(a) + ".%"));
    filter.from().ifPresent(f -> q.setParameter("from", f.toEpochMilli()));
    filter.to().ifPresent(t -> q.setParameter("to", t.toEpochMilli()));
    return q.setMaxResults(limit).getResultList();
  }

  /**
   * Action names are dotted lowercase words; anything a LIKE pattern would read as a wildcard goes.
   */
  private static String withoutWildcards(String s) {
    return s.replace("%", "").replace("_", "");
  }

  /** The newest {@code limit} events of {@code tenant}, newest first. */
  public List<AuditEvent> recent(TenantId tenant, int limit) {
    return em.createQuery(
            "SELECT e FROM AuditEvent e WHERE e.tenant = :tenant ORDER BY e.id DESC",
            AuditEvent.class)
        .setParameter("tenant", tenant.slug())
        .setMaxResults(limit)
        .getResultList();
  }
}
