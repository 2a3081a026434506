package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import jakarta.persistence.EntityManager;
import java.util.List;

/** The issuers each tenant trusts (its auth configuration). */
public final class TrustedIssuerRepository {
  private final EntityManager em;

  TrustedIssuerRepository(EntityManager em) {
    this.em = em;
  }

  public void add(TrustedIssuer issuer) {
    em.persist(issuer);
  }

  public List<TrustedIssuer> list(TenantId tenant) {
    return em.createQuery(
            "SELECT i FROM TrustedIssuer i WHERE i.tenant = :tenant ORDER BY i.issuer",
            TrustedIssuer.class)
        .setParameter("tenant", tenant.slug())
        .getResultList();
  }

  /** Replaces every issuer of {@code tenant} that Cairn did not provision with {@code issuers}. */
  public void replaceCustom(TenantId tenant, List<TrustedIssuer> issuers) {
    list(tenant).stream().filter(i -> !i.provisioned()).forEach(em::remove);
    em.flush();
    issuers.forEach(em::persist);
  }
}
