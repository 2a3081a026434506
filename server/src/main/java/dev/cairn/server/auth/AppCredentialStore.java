package dev.cairn.server.auth;

import dev.cairn.server.TenantId;
import dev.cairn.server.tenancy.ApiKey;
import dev.cairn.server.tenancy.TrustedIssuer;
import java.util.List;
import java.util.Optional;

/**
 * Where {@link AppAuthenticator} reads what a tenant trusts: its issuers and its API keys.
 * Implementations are thread-safe; the production one reads the control plane ({@link
 * ControlPlaneCredentialStore}).
 */
public interface AppCredentialStore {
  /** The issuers {@code tenant} trusts for app tokens; empty for an unknown tenant. */
  List<TrustedIssuer> trustedIssuers(TenantId tenant);

  /**
   * The API key whose SHA-256 hex hash is {@code sha256Hex}, of whichever tenant; the caller
   * compares the tenant, so implementations need not.
   */
  Optional<ApiKey> apiKeyByHash(String sha256Hex);
}
