package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import dev.cairn.server.data.conflict.ConflictWebhooks;
import dev.cairn.server.data.conflict.CustomWebhook;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Optional;

/** Each tenant's conflict webhook as its conflict settings hold it, one short read per call. */
@ApplicationScoped
public class ControlPlaneConflictWebhooks implements ConflictWebhooks {
  private ControlPlaneTransactions tx;

  protected ControlPlaneConflictWebhooks() {}

  @Inject
  public ControlPlaneConflictWebhooks(ControlPlaneTransactions tx) {
    this.tx = tx;
  }

  @Override
  public Optional<CustomWebhook.Webhook> webhook(TenantId tenant) {
    return tx.inTransaction(
        cp ->
            cp.conflicts()
                .find(tenant)
                .flatMap(ConflictConfig::webhook)
                .map(
                    url ->
                        new CustomWebhook.Webhook(
                            URI.create(url),
                            cp.conflicts().webhookSecret(tenant).map(WebhookSecret::secret))));
  }
}
