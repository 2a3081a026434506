package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;

/** Tenants by slug. */
public final class TenantRepository {
  private final EntityManager em;

  TenantRepository(EntityManager em) {
    this.em = em;
  }

  /** The tenant in any state. */
  public Optional<Tenant> find(TenantId id) {
    return Optional.ofNullable(em.find(Tenant.class, id.slug()));
  }

  /** The tenant when it is ACTIVE. */
  public Optional<Tenant> findActive(TenantId id) {
    return find(id).filter(t -> t.status() == TenantStatus.ACTIVE);
  }

  public void add(Tenant tenant) {
    em.persist(tenant);
  }

  /** Removes the tenant row only (used to release a slug whose provisioning failed). */
  public void remove(Tenant tenant) {
    em.remove(em.contains(tenant) ? tenant : em.merge(tenant));
  }

  /** How many tenants, in any state, {@code subject} signed up. */
  public long countCreatedBy(String subject) {
    return em.createQuery("SELECT COUNT(t) FROM Tenant t WHERE t.createdBy = :subject", Long.class)
        .setParameter("subject", subject)
        .getSingleResult();
  }

  /** ACTIVE tenants with the given slugs, ordered by slug. */
  public List<Tenant> activeAmong(List<String> slugs) {
    if (slugs.isEmpty()) {
      return List.of();
    }
    return em.createQuery(
            "SELECT t FROM Tenant t WHERE t.slug IN :slugs AND t.status = :active ORDER BY t.slug",
            Tenant.class)
        .setParameter("slugs", slugs)
        .setParameter("active", TenantStatus.ACTIVE)
        .getResultList();
  }
}
