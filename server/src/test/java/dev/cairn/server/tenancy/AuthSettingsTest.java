package dev.cairn.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.server.TenantId;
import dev.cairn.server.outbound.OutboundPolicy;
import dev.cairn.server.outbound.TestResolver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthSettingsTest {
  final TenancyFixture f = new TenancyFixture();
  TenantId acme;

  @BeforeEach
  void signUp() {
    acme = f.tenants.signup(TenancyFixture.ANA, "acme", null).id();
  }

  @AfterEach
  void close() {
    f.close();
  }

  private static AuthSettings.IssuerRequest issuer(String url, String jwksUri) {
    return new AuthSettings.IssuerRequest(url, "app", jwksUri, null, null);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://idp.example.com/",
        "file:///etc/passwd",
        "https://127.0.0.1/",
        "https://169.254.169.254/latest/meta-data/",
        "https://10.0.0.7/",
        "https://[::1]/",
        "https://[fd00:ec2::254]/",
        "https://user:pw@idp.example.com/",
        "gopher://idp.example.com/"
      })
  void anIssuerOrJwksUrlThatIsNotPublicHttpsIsRefusedAndSaysWhy(String url) {
    assertThatThrownBy(
            () ->
                f.auth.replaceCustomIssuers(
                    TenancyFixture.ANA, acme, List.of(issuer("https://idp.example.com/", url))))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e -> assertThat(e.getMessage()).startsWith("issuers[0].jwksUri: "));
    assertThatThrownBy(
            () -> f.auth.replaceCustomIssuers(TenancyFixture.ANA, acme, List.of(issuer(url, null))))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e -> assertThat(e.getMessage()).startsWith("issuers[0].issuer: "));
  }

  @Test
  void aHostThatResolvesToAPrivateAddressIsRefusedUnlessTheOperatorAllowsIt() {
    TestResolver dns = new TestResolver().answer("idp.corp.test", "10.1.2.3");
    AuthSettings strict =
        new AuthSettings(f.tx, new OutboundPolicy(false, List.of(), dns), f.clock);
    AuthSettings allowing =
        new AuthSettings(f.tx, new OutboundPolicy(false, List.of("10.1.0.0/16"), dns), f.clock);
    List<AuthSettings.IssuerRequest> corp = List.of(issuer("https://idp.corp.test/", null));

    assertThatThrownBy(() -> strict.replaceCustomIssuers(TenancyFixture.ANA, acme, corp))
        .hasMessageContaining("resolves to 10.1.2.3, a private address");
    assertThat(allowing.replaceCustomIssuers(TenancyFixture.ANA, acme, corp)).hasSize(2);
  }

  @Test
  void aTenantTrustsAtMostFiveCustomIssuers() {
    List<AuthSettings.IssuerRequest> six = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      six.add(issuer("https://idp" + i + ".example.com/", null));
    }

    assertThatThrownBy(() -> f.auth.replaceCustomIssuers(TenancyFixture.ANA, acme, six))
        .hasMessageContaining("at most 5");
    assertThat(f.auth.replaceCustomIssuers(TenancyFixture.ANA, acme, six.subList(0, 5))).hasSize(6);
  }

  @Test
  void swappingOnlyTheJwksUriShowsInTheAuditEntry() {
    f.auth.replaceCustomIssuers(
        TenancyFixture.ANA,
        acme,
        List.of(issuer("https://idp.example.com/", "https://idp.example.com/keys")));
    f.auth.replaceCustomIssuers(
        TenancyFixture.ANA,
        acme,
        List.of(issuer("https://idp.example.com/", "https://evil.example.net/keys")));

    AuditEvent swap = f.audit.recent(TenancyFixture.ANA, acme, 1).get(0);
    assertThat(swap.action()).isEqualTo("auth.issuers.set");
    assertThat(swap.before().orElseThrow())
        .contains("\"jwksUri\":\"https://idp.example.com/keys\"")
        .contains("\"audience\":\"app\"")
        .contains("\"identityClaim\":\"sub\"")
        .contains("\"groupsClaim\":\"groups\"");
    assertThat(swap.after().orElseThrow())
        .contains("\"jwksUri\":\"https://evil.example.net/keys\"");
  }
}
