package dev.cairn.server.auth;

import dev.cairn.server.TenantId;
import dev.cairn.server.tenancy.ApiKey;
import dev.cairn.server.tenancy.ControlPlaneTransactions;
import dev.cairn.server.tenancy.TrustedIssuer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * Reads trusted issuers and API keys from the control plane, one short read-only transaction per
 * call, so a revoked key or a changed issuer takes effect on the next request. Thread-safe.
 */
@ApplicationScoped
public class ControlPlaneCredentialStore implements AppCredentialStore {
  private ControlPlaneTransactions tx;

  protected ControlPlaneCredentialStore() {}

  @Inject
  public ControlPlaneCredentialStore(ControlPlaneTransactions tx) {
    this.tx = tx;
  }

  @Override
  public List<TrustedIssuer> trustedIssuers(TenantId tenant) {
    return tx.inTransaction(cp -> cp.issuers().list(tenant));
  }

  @Override
  public Optional<ApiKey> apiKeyByHash(String sha256Hex) {
    return tx.inTransaction(cp -> cp.apiKeys().findByHash(sha256Hex));
  }
}
