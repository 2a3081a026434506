package dev.cairn.server.data.conflict;

import dev.cairn.server.TenantId;
import java.util.Optional;

/**
 * Where each tenant's CUSTOM conflict webhook is, read by {@link CustomWebhook} on every
 * resolution. The control plane keeps the answer; the data plane only asks, so it does not depend
 * on the control plane's classes.
 */
public interface ConflictWebhooks {
  /** The tenant's webhook and its signing secret, or empty when it has none. */
  Optional<CustomWebhook.Webhook> webhook(TenantId tenant);
}
