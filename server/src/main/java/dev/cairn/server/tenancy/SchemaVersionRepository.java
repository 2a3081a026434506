package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;

/** Published schema versions of each tenant. */
public final class SchemaVersionRepository {
  private final EntityManager em;

  SchemaVersionRepository(EntityManager em) {
    this.em = em;
  }

  public void add(SchemaVersion version) {
    em.persist(version);
  }

  public Optional<SchemaVersion> active(TenantId tenant) {
    return em.createQuery(
            "SELECT v FROM SchemaVersion v WHERE v.tenant = :tenant AND v.active = TRUE",
            SchemaVersion.class)
        .setParameter("tenant", tenant.slug())
        .getResultStream()
        .findFirst();
  }

  /** The active version of every tenant that has one. */
  public List<SchemaVersion> allActive() {
    return em.createQuery(
            "SELECT v FROM SchemaVersion v WHERE v.active = TRUE", SchemaVersion.class)
        .getResultList();
  }

  public Optional<SchemaVersion> find(TenantId tenant, int number) {
    return em.createQuery(
            "SELECT v FROM SchemaVersion v WHERE v.tenant = :tenant AND v.number = :number",
            SchemaVersion.class)
        .setParameter("tenant", tenant.slug())
        .setParameter("number", number)
        .getResultStream()
        .findFirst();
  }

  /** Every version of {@code tenant}, newest first. */
  public List<SchemaVersion> list(TenantId tenant) {
    return em.createQuery(
            "SELECT v FROM SchemaVersion v WHERE v.tenant = :tenant ORDER BY v.number DESC",
            SchemaVersion.class)
        .setParameter("tenant", tenant.slug())
        .getResultList();
  }

  /** The number the next published version of {@code tenant} gets. */
  public int nextNumber(TenantId tenant) {
    Integer max =
        em.createQuery(
                "SELECT MAX(v.number) FROM SchemaVersion v WHERE v.tenant = :tenant", Integer.class)
            .setParameter("tenant", tenant.slug())
            .getSingleResult();
    return max == null ? 1 : max + 1;
  }

  /** Makes {@code version} the only active version of its tenant. */
  public void activate(SchemaVersion version) {
    active(version.tenant()).ifPresent(v -> v.setActive(false));
    em.flush();
    version.setActive(true);
  }
}
