package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;

/** API keys, looked up by the hash of the presented key. */
public final class ApiKeyRepository {
  private final EntityManager em;

  ApiKeyRepository(EntityManager em) {
    this.em = em;
  }

  public void add(ApiKey key) {
    em.persist(key);
  }

  /** The key with this SHA-256 hex hash, of whichever tenant; callers compare the tenant. */
  public Optional<ApiKey> findByHash(String hash) {
    return em.createQuery("SELECT k FROM ApiKey k WHERE k.hash = :hash", ApiKey.class)
        .setParameter("hash", hash)
        .getResultStream()
        .findFirst();
  }

  public Optional<ApiKey> find(TenantId tenant, String id) {
    return Optional.ofNullable(em.find(ApiKey.class, id)).filter(k -> k.tenant().equals(tenant));
  }

  /** Every key of {@code tenant}, newest first. */
  public List<ApiKey> list(TenantId tenant) {
    return em.createQuery(
            "SELECT k FROM ApiKey k WHERE k.tenant = :tenant ORDER BY k.createdAtMillis DESC, k.id",
            ApiKey.class)
        .setParameter("tenant", tenant.slug())
        .getResultList();
  }
}
