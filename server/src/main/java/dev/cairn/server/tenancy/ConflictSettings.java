package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import dev.cairn.server.data.conflict.ConflictStrategy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tenant's conflict configuration (DEVELOPER and above to change, VIEWER to read). CUSTOM, as
 * default or for any model, needs an http(s) webhook. Thread-safe.
 */
@ApplicationScoped
public class ConflictSettings {
  private ControlPlaneTransactions tx;
  private Clock clock;

  protected ConflictSettings() {}

  @Inject
  public ConflictSettings(ControlPlaneTransactions tx, Clock clock) {
    this.tx = tx;
    this.clock = clock;
  }

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
   * @throws TenancyException INVALID when the default is missing or CUSTOM has no valid webhook
   */
  public ConflictConfig set(
      Actor actor,
      TenantId tenant,
      ConflictStrategy defaultStrategy,
      Map<String, ConflictStrategy> models,
      String webhook) {
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
    if (custom && !isHttpUrl(webhook)) {
      throw TenancyException.invalid(
          "CUSTOM conflict handling needs `webhook`, an absolute http(s) URL Cairn calls with"
              + " each conflict");
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
          String before = describe(config);
          config.replace(defaultStrategy, perModel, webhook);
          cp.audit()
              .record(
                  new AuditEvent(
                      tenant,
                      actor.subject(),
                      "conflicts.set",
                      "conflicts",
                      before,
                      describe(config),
                      clock.instant()));
          return config;
        });
  }

  private static String describe(ConflictConfig c) {
    return AuditJson.of(
        Map.of(
            "default", c.defaultStrategy(),
            "models", new TreeMap<>(c.models()).toString(),
            "webhook", c.webhook().orElse("")));
  }

  private static boolean isHttpUrl(String value) {
    if (value == null) {
      return false;
    }
    try {
      URI uri = URI.create(value);
      return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
