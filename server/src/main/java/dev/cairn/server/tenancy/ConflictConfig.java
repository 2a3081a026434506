package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import dev.cairn.server.data.conflict.ConflictStrategy;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A tenant's conflict handling: the default strategy, per-model overrides and the webhook that
 * CUSTOM calls. Every tenant has one (AUTOMERGE, no overrides) from signup on.
 */
@Entity
@Table(name = "cairn_conflict_config")
public class ConflictConfig {
  @Id
  @Column(length = 40)
  private String tenant;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 30)
  private ConflictStrategy defaultStrategy;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "cairn_conflict_model", joinColumns = @JoinColumn(name = "tenant"))
  @MapKeyColumn(name = "model", length = 100)
  @Enumerated(EnumType.STRING)
  @Column(name = "strategy", length = 30)
  private Map<String, ConflictStrategy> models = new TreeMap<>();

  @Column(length = 500)
  private String webhook;

  protected ConflictConfig() {}

  public ConflictConfig(TenantId tenant) {
    this.tenant = tenant.slug();
    this.defaultStrategy = ConflictStrategy.AUTOMERGE;
  }

  public TenantId tenant() {
    return TenantId.of(tenant);
  }

  public ConflictStrategy defaultStrategy() {
    return defaultStrategy;
  }

  public Map<String, ConflictStrategy> models() {
    return Map.copyOf(models);
  }

  public Optional<String> webhook() {
    return Optional.ofNullable(webhook);
  }

  /** The strategy for {@code model}: its override, else the tenant's default. */
  public ConflictStrategy strategyFor(String model) {
    return models.getOrDefault(model, defaultStrategy);
  }

  /** Replaces the whole configuration. */
  public void replace(
      ConflictStrategy newDefault, Map<String, ConflictStrategy> newModels, String newWebhook) {
    this.defaultStrategy = newDefault;
    this.models.clear();
    this.models.putAll(newModels);
    this.webhook = newWebhook;
  }
}
