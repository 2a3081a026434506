package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import jakarta.persistence.EntityManager;
import java.util.Optional;

/** Each tenant's conflict configuration. */
public final class ConflictConfigRepository {
  private final EntityManager em;

  ConflictConfigRepository(EntityManager em) {
    this.em = em;
  }

  public void add(ConflictConfig config) {
    em.persist(config);
  }

  public Optional<ConflictConfig> find(TenantId tenant) {
    return Optional.ofNullable(em.find(ConflictConfig.class, tenant.slug()));
  }

  /** The secret the tenant's webhook calls are signed with, if one was made. */
  public Optional<WebhookSecret> webhookSecret(TenantId tenant) {
    return Optional.ofNullable(em.find(WebhookSecret.class, tenant.slug()));
  }

  void addWebhookSecret(WebhookSecret secret) {
    em.persist(secret);
  }
}
