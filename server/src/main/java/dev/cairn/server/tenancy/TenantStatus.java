package dev.cairn.server.tenancy;

/**
 * Signup claims the slug as PROVISIONING before creating anything outside the control plane, and
 * turns it ACTIVE in the same transaction that creates the rest of the tenant's rows. Only ACTIVE
 * tenants serve traffic or appear in listings.
 */
public enum TenantStatus {
  PROVISIONING,
  ACTIVE
}
