package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import dev.cairn.server.outbound.TestResolver;
import jakarta.persistence.EntityManagerFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Control-plane services on a fresh database, with a recording identity provisioner. */
final class TenancyFixture implements AutoCloseable {
  static final Actor ANA = new Actor("sub-ana", "ana", "ana@example.com");
  static final Actor BEN = new Actor("sub-ben", "ben", "ben@example.com");

  final EntityManagerFactory emf = ControlPlaneTestDatabase.fresh();
  final ControlPlaneTransactions tx = new ControlPlaneTransactions(emf);
  final Clock clock = Clock.fixed(Instant.parse("2025-06-01T10:00:00Z"), ZoneOffset.UTC);
  final RecordingProvisioner provisioner = new RecordingProvisioner();
  final List<SchemaActivated> activations = new ArrayList<>();
  final Tenants tenants = new Tenants(tx, provisioner, clock, SignupLimits.DEFAULTS);
  final Schemas schemas = new Schemas(tx, activations::add, clock);
  final ApiKeys apiKeys = new ApiKeys(tx, clock);
  final Members members = new Members(tx, clock);
  final AuthSettings auth = new AuthSettings(tx, TestResolver.strictPolicy(), clock);
  final ConflictSettings conflicts = new ConflictSettings(tx, TestResolver.strictPolicy(), clock);
  final AuditTrail audit = new AuditTrail(tx);

  @Override
  public void close() {
    emf.close();
  }

  static final class RecordingProvisioner implements IdentityProvisioner {
    final List<String> calls = new ArrayList<>();
    RuntimeException failProvisioning;

    @Override
    public ProvisionedIssuer provision(TenantId tenant) {
      calls.add("provision " + tenant);
      if (failProvisioning != null) {
        throw failProvisioning;
      }
      String issuer = "http://kc.test/realms/cairn-t-" + tenant;
      return new ProvisionedIssuer(
          issuer, "app", issuer + "/protocol/openid-connect/certs", "sub", "groups", "app");
    }

    @Override
    public void deprovision(TenantId tenant) {
      calls.add("deprovision " + tenant);
    }
  }
}
