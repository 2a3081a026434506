package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import dev.cairn.server.outbound.TestResolver;
import jakarta.persistence.EntityManagerFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Control-plane services on a fresh database, with a recording identity provisioner. Public so that
 * tests of the packages that read the control plane (the GraphQL layer) can use the real thing.
 */
public final class TenancyFixture implements AutoCloseable {
  public static final Actor ANA = new Actor("sub-ana", "ana", "ana@example.com");
  public static final Actor BEN = new Actor("sub-ben", "ben", "ben@example.com");

  public final EntityManagerFactory emf = ControlPlaneTestDatabase.fresh();
  public final ControlPlaneTransactions tx = new ControlPlaneTransactions(emf);
  public final Clock clock = Clock.fixed(Instant.parse("2025-06-01T10:00:00Z"), ZoneOffset.UTC);
  public final RecordingProvisioner provisioner = new RecordingProvisioner();
  public final List<SchemaActivated> activations = new ArrayList<>();
  public final Tenants tenants = new Tenants(tx, provisioner, clock, SignupLimits.DEFAULTS);
  public final Schemas schemas = new Schemas(tx, activations::add, clock);
  public final ApiKeys apiKeys = new ApiKeys(tx, clock);
  public final Members members = new Members(tx, clock);
  public final AuthSettings auth = new AuthSettings(tx, TestResolver.strictPolicy(), clock);
  public final ConflictSettings conflicts =
      new ConflictSettings(tx, TestResolver.strictPolicy(), clock);
  public final AuditTrail audit = new AuditTrail(tx);

  @Override
  public void close() {
    emf.close();
  }

  public static final class RecordingProvisioner implements IdentityProvisioner {
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
