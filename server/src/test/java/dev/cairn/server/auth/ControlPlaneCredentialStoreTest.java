package dev.cairn.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.server.TenantId;
import dev.cairn.server.data.MutableClock;
import dev.cairn.server.outbound.TestResolver;
import dev.cairn.server.tenancy.Actor;
import dev.cairn.server.tenancy.ApiKeys;
import dev.cairn.server.tenancy.ControlPlaneTestDatabase;
import dev.cairn.server.tenancy.ControlPlaneTransactions;
import dev.cairn.server.tenancy.IdentityProvisioner;
import dev.cairn.server.tenancy.SignupLimits;
import dev.cairn.server.tenancy.Tenants;
import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AppAuthenticator} as the server wires it: issuers and API keys read through the real
 * control plane (EclipseLink on in-memory H2), tenants signed up through {@link Tenants} with a
 * provisioner that hands out local test issuers instead of Keycloak realms (no Keycloak runs in
 * unit tests; the ITs use a real one).
 */
class ControlPlaneCredentialStoreTest {
  private static final Actor ANA = new Actor("sub-ana", "ana", "ana@example.com");

  private final Map<TenantId, TestIssuer> realms = new HashMap<>();
  private EntityManagerFactory emf;
  private ControlPlaneTransactions tx;
  private ApiKeys apiKeys;
  private final MutableClock cacheClock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
  private AppAuthenticator authenticator;
  private TenantId acme;
  private TenantId globex;

  @BeforeEach
  void setUp() {
    emf = ControlPlaneTestDatabase.fresh();
    tx = new ControlPlaneTransactions(emf);
    apiKeys = new ApiKeys(tx, Clock.systemUTC());
    IdentityProvisioner provisioner =
        new IdentityProvisioner() {
          @Override
          public ProvisionedIssuer provision(TenantId tenant) {
            TestIssuer realm;
            try {
              realm = new TestIssuer("cairn-t-" + tenant);
            } catch (IOException e) {
              throw new ProvisioningException("test issuer did not start", e);
            }
            realms.put(tenant, realm);
            return new ProvisionedIssuer(
                realm.issuer(), TestIssuer.AUDIENCE, realm.jwksUri(), "sub", "groups", "cairn-app");
          }

          @Override
          public void deprovision(TenantId tenant) {}
        };
    Tenants tenants = new Tenants(tx, provisioner, Clock.systemUTC(), SignupLimits.DEFAULTS);
    acme = tenants.signup(ANA, "acme", null).id();
    globex = tenants.signup(ANA, "globex", null).id();
    authenticator =
        new AppAuthenticator(
            new ControlPlaneCredentialStore(tx, cacheClock),
            new HttpKeySetFetcher(TestResolver.loopbackPolicy()),
            Clock.systemUTC());
  }

  @AfterEach
  void tearDown() {
    realms.values().forEach(TestIssuer::close);
    emf.close();
  }

  @Test
  void tokenOfTheTenantsProvisionedRealmIsAcceptedOnlyForThatTenant() throws Exception {
    String token = realms.get(acme).token(Clock.systemUTC().instant());

    assertThat(authenticator.authenticate(acme, Map.of("Authorization", token)).tenant())
        .isEqualTo(acme);
    assertThatThrownBy(() -> authenticator.authenticate(globex, Map.of("Authorization", token)))
        .isInstanceOfSatisfying(
            UnauthorizedException.class,
            e -> {
              assertThat(e.getMessage()).isEqualTo(UnauthorizedException.INVALID_TOKEN);
              assertThat(e.detail()).contains("not trusted by tenant `globex`");
            });
  }

  @Test
  void apiKeyWorksForItsTenantOnlyAndStopsWorkingOnceRevokedAndTheCachedAnswerExpired()
      throws Exception {
    ApiKeys.CreatedKey key = apiKeys.create(ANA, acme, "web", Optional.empty());
    Map<String, String> headers = Map.of("x-api-key", key.plaintext());

    assertThat(authenticator.authenticate(acme, headers).kind())
        .isEqualTo(AppIdentity.Kind.API_KEY);
    assertThatThrownBy(() -> authenticator.authenticate(globex, headers))
        .isInstanceOf(UnauthorizedException.class);

    apiKeys.revoke(ANA, acme, key.key().id());
    cacheClock.advance(ControlPlaneCredentialStore.FRESH_FOR);

    assertThatThrownBy(() -> authenticator.authenticate(acme, headers))
        .isInstanceOfSatisfying(
            UnauthorizedException.class,
            e -> {
              assertThat(e.getMessage()).isEqualTo(UnauthorizedException.INVALID_API_KEY);
              assertThat(e.detail()).contains("was revoked");
            });
  }
}
