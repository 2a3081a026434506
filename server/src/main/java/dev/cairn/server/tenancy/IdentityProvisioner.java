package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;

/**
 * Creates and removes the identity provider a tenant's app users sign in with (by default a
 * Keycloak realm per tenant). Implementations must be idempotent: provisioning a tenant whose
 * provider it made already and that holds no users (a retried signup) yields a working provider,
 * and deprovisioning one that does not exist succeeds. They must never delete or take over a
 * provider that holds users or that they did not make: both calls fail with {@link
 * ProvisioningException} instead.
 */
public interface IdentityProvisioner {
  /**
   * Creates the tenant's identity provider.
   *
   * @return the issuer the tenant will trust for it
   * @throws ProvisioningException when the provider could not be created
   */
  ProvisionedIssuer provision(TenantId tenant);

  /** Removes the tenant's identity provider, if there is one. */
  void deprovision(TenantId tenant);

  /** What a provisioned identity provider looks like to token validation. */
  record ProvisionedIssuer(
      String issuer,
      String audience,
      String jwksUri,
      String identityClaim,
      String groupsClaim,
      String clientId) {}

  /** An identity provider could not be created or removed. */
  final class ProvisioningException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProvisioningException(String message, Throwable cause) {
      super(message, cause);
    }

    public ProvisioningException(String message) {
      super(message);
    }
  }
}
