package dev.cairn.server.tenancy;

import static dev.cairn.server.tenancy.TenancyFixture.ANA;
import static dev.cairn.server.tenancy.TenancyFixture.BEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.server.TenantId;
import dev.cairn.server.data.conflict.ConflictStrategy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
  private final TenancyFixture f = new TenancyFixture();
  private TenantId acme;

  @BeforeEach
  void signup() {
    acme = f.tenants.signup(ANA, "acme", null).id();
  }

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void aCreatedKeyIsStoredOnlyAsItsHashAndExpiresInAYearByDefault() {
    ApiKeys.CreatedKey created = f.apiKeys.create(ANA, acme, "web app", Optional.empty());

    assertThat(created.plaintext()).startsWith("cairn_").hasSize(6 + 43);
    assertThat(created.key().hash())
        .isEqualTo(ApiKeySecrets.hash(created.plaintext()))
        .doesNotContain(created.plaintext());
    assertThat(created.plaintext()).startsWith(created.key().prefix());
    assertThat(created.key().expiresAt()).isEqualTo(f.clock.instant().plus(Duration.ofDays(365)));
    Optional<ApiKey> stored =
        f.tx.inTransaction(cp -> cp.apiKeys().findByHash(created.key().hash()));
    assertThat(stored).hasValueSatisfying(k -> assertThat(k.usableAt(f.clock.instant())).isTrue());
    assertThat(f.audit.recent(ANA, acme, 1).get(0).after().orElseThrow())
        .doesNotContain(created.plaintext());
  }

  @Test
  void aRevokedKeyIsUnusableAndRevokingTwiceChangesNothing() {
    ApiKeys.CreatedKey created = f.apiKeys.create(ANA, acme, "", Optional.empty());

    f.apiKeys.revoke(ANA, acme, created.key().id());
    f.apiKeys.revoke(ANA, acme, created.key().id());

    assertThat(f.apiKeys.list(ANA, acme))
        .singleElement()
        .satisfies(k -> assertThat(k.usableAt(f.clock.instant())).isFalse());
    assertThat(f.audit.recent(ANA, acme, 10))
        .extracting(AuditEvent::action)
        .containsExactly("api-key.revoke", "api-key.create", "tenant.signup");
  }

  @Test
  void anExpiryInThePastOrBeyondAYearIsRefused() {
    for (Duration offset : new Duration[] {Duration.ofSeconds(-1), Duration.ofDays(400)}) {
      assertThatThrownBy(
              () -> f.apiKeys.create(ANA, acme, "", Optional.of(f.clock.instant().plus(offset))))
          .isInstanceOfSatisfying(
              TenancyException.class, e -> assertThat(e.getMessage()).contains("365 days"));
    }
  }

  @Test
  void anotherTenantsMemberCanNeitherListNorRevokeAKey() {
    ApiKeys.CreatedKey created = f.apiKeys.create(ANA, acme, "", Optional.empty());
    TenantId bens = f.tenants.signup(BEN, "bens", null).id();

    assertThatThrownBy(() -> f.apiKeys.list(BEN, acme)).isInstanceOf(TenancyException.class);
    assertThatThrownBy(() -> f.apiKeys.revoke(BEN, bens, created.key().id()))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e -> assertThat(e.kind()).isEqualTo(TenancyException.Kind.NOT_FOUND));
    assertThat(f.apiKeys.list(ANA, acme).get(0).revokedAt()).isEmpty();
  }

  @Test
  void customConflictHandlingNeedsAWebhookAndSettingsAreAudited() {
    assertThatThrownBy(
            () ->
                f.conflicts.set(
                    ANA,
                    acme,
                    ConflictStrategy.AUTOMERGE,
                    Map.of("Post", ConflictStrategy.CUSTOM),
                    null,
                    false))
        .isInstanceOfSatisfying(
            TenancyException.class, e -> assertThat(e.getMessage()).contains("webhook"));

    f.conflicts.set(
        ANA,
        acme,
        ConflictStrategy.OPTIMISTIC_CONCURRENCY,
        Map.of("Post", ConflictStrategy.CUSTOM),
        "https://hooks.example.com/c",
        false);

    ConflictConfig config = f.conflicts.get(ANA, acme);
    assertThat(config.strategyFor("Post")).isEqualTo(ConflictStrategy.CUSTOM);
    assertThat(config.strategyFor("Other")).isEqualTo(ConflictStrategy.OPTIMISTIC_CONCURRENCY);
    assertThat(f.audit.recent(ANA, acme, 1).get(0).action()).isEqualTo("conflicts.set");
  }

  @Test
  void customIssuersAreReplacedWhileTheProvisionedRealmStays() {
    f.auth.replaceCustomIssuers(
        ANA,
        acme,
        java.util.List.of(
            new AuthSettings.IssuerRequest(
                "https://idp.example.com/", "my-app", null, null, null)));
    f.auth.replaceCustomIssuers(
        ANA,
        acme,
        java.util.List.of(
            new AuthSettings.IssuerRequest(
                "https://other.example.com", "app2", null, "email", "roles")));

    assertThat(f.auth.issuers(ANA, acme))
        .extracting(TrustedIssuer::issuer)
        .containsExactly("http://kc.test/realms/cairn-t-acme", "https://other.example.com");
    assertThatThrownBy(
            () ->
                f.auth.replaceCustomIssuers(
                    ANA,
                    acme,
                    java.util.List.of(
                        new AuthSettings.IssuerRequest("not a url", "a", null, null, null))))
        .isInstanceOfSatisfying(
            TenancyException.class, e -> assertThat(e.getMessage()).contains("issuers[0].issuer"));
  }
}
