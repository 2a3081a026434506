package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import jakarta.persistence.EntityManager;
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
