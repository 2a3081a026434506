package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import dev.cairn.server.data.conflict.ConflictStrategy;
import dev.cairn.server.outbound.OutboundPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A tenant's conflict configuration (DEVELOPER and above to change, VIEWER to read). CUSTOM, as
 * default or for any model, needs a webhook URL that the {@link OutboundPolicy} allows (https to a
 * public address, unless the operator allowed more). The first time a webhook is set, and whenever
 * a rotation is asked for, a new signing secret is made and returned once ({@link Saved}).
 * Thread-safe.
 */
@ApplicationScoped
public class ConflictSettings {
  private ControlPlaneTransactions tx;
  private OutboundPolicy outbound;
  private Clock clock;

  protected ConflictSettings() {}

  @Inject
  public ConflictSettings(ControlPlaneTransactions tx, OutboundPolicy outbound, Clock clock) {
    this.tx = tx;
    this.outbound = outbound;
    this.clock = clock;
  }

  /**
   * A saved configuration, with the webhook signing secret when this save made a new one (the only
   * time it is ever shown).
   */
  public record Saved(ConflictConfig config, Optional<String> newWebhookSecret) {}

  public ConflictConfig get(Actor actor, TenantId tenant) {
    return tx.inTransaction(
        cp -> {
          TenantAccess.require(cp, tenant, actor, Role.VIEWER);
          return cp.conflicts().find(tenant).orElseGet(() -> new ConflictConfig(tenant));
        });
  }

  /**
   * Replaces the configuration.
   *
   * @param rotateWebhookSecret whether to replace the webhook's signing secret (one is made anyway
   *     when a webhook is set and none exists)
   * @throws TenancyException INVALID when the default is missing or CUSTOM has no valid webhook
   */
  public Saved set(
      Actor actor,
      TenantId tenant,
      ConflictStrategy defaultStrategy,
      Map<String, ConflictStrategy> models,
      String webhook,
      boolean rotateWebhookSecret) {
    if (defaultStrategy == null) {
      throw TenancyException.invalid(
          "default is required: one of AUTOMERGE, OPTIMISTIC_CONCURRENCY, CUSTOM");
    }
    Map<String, ConflictStrategy> perModel = models == null ? Map.of() : models;
    perModel.forEach(
        (model, strategy) -> {
          if (strategy == null) {
            throw TenancyException.invalid("models." + model + " has no strategy");
          }
        });
    boolean custom =
        defaultStrategy == ConflictStrategy.CUSTOM
            || perModel.containsValue(ConflictStrategy.CUSTOM);
    if (custom && (webhook == null || webhook.isBlank())) {
      throw TenancyException.invalid(
          "CUSTOM conflict handling needs `webhook`, an absolute https URL Cairn calls with"
              + " each conflict");
    }
    if (webhook != null) {
      outbound
          .problemWith(webhook)
          .ifPresent(
              problem -> {
                throw TenancyException.invalid("webhook: " + problem);
              });
    }
    return tx.inTransaction(
        cp -> {
          TenantAccess.require(cp, tenant, actor, Role.DEVELOPER);
          ConflictConfig config =
              cp.conflicts()
                  .find(tenant)
                  .orElseGet(
                      () -> {
                        ConflictConfig fresh = new ConflictConfig(tenant);
                        cp.conflicts().add(fresh);
                        return fresh;
                      });
          String before = describe(config, false);
          config.replace(defaultStrategy, perModel, webhook);
          Optional<String> newSecret = Optional.empty();
          if (webhook != null) {
            Optional<WebhookSecret> existing = cp.conflicts().webhookSecret(tenant);
            if (existing.isEmpty()) {
              WebhookSecret made = new WebhookSecret(tenant, clock.instant());
              cp.conflicts().addWebhookSecret(made);
              newSecret = Optional.of(made.secret());
            } else if (rotateWebhookSecret) {
              existing.get().rotate(clock.instant());
              newSecret = Optional.of(existing.get().secret());
            }
          }
          String after = describe(config, newSecret.isPresent());
          cp.audit()
              .record(
                  new AuditEvent(
                      tenant,
                      actor.subject(),
                      "conflicts.set",
                      "conflicts",
                      before,
                      after,
                      clock.instant()));
          return new Saved(config, newSecret);
        });
  }

  /** The audit snapshot; a new secret is noted as made, never written down. */
  private static String describe(ConflictConfig c, boolean newSecret) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("default", c.defaultStrategy());
    fields.put("models", new TreeMap<>(c.models()).toString());
    fields.put("webhook", c.webhook().orElse(""));
    if (newSecret) {
      fields.put("webhookSecret", "new secret made");
    }
    return AuditJson.of(fields);
  }
}
