package dev.cairn.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.server.outbound.OutboundPolicy;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's tokens are checked by the same verifier as the apps' ({@link JwtVerifier}). */
class ConsoleTokenVerifierTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private TestIssuer realm;
  private TestIssuer other;
  private ConsoleTokenVerifier verifier;

  @BeforeEach
  void start() throws Exception {
    realm = new TestIssuer("cairn-console");
    other = new TestIssuer("elsewhere");
    URI issuer = URI.create(realm.issuer());
    verifier = new ConsoleTokenVerifier();
    verifier.keycloakUrl = issuer.getScheme() + "://" + issuer.getAuthority() + "/";
    verifier.realm = "cairn-console";
    verifier.audience = "cairn-api";
    verifier.outbound = OutboundPolicy.of(true, List.of(verifier.keycloakUrl));
    verifier.clock = Clock.fixed(T0, ZoneOffset.UTC);
    verifier.init();
  }

  @AfterEach
  void stop() {
    realm.close();
    other.close();
  }

  @Test
  void anAccessTokenOfTheConsoleRealmForTheCairnAudienceIsAnIdentity() throws Exception {
    ConsoleIdentity identity =
        verifier.verify(realm.token(T0, b -> b.audience("cairn-api").claim("email", "a@x.test")));

    assertThat(identity.username()).isEqualTo("alice");
    assertThat(identity.groups()).containsExactly("editors");
    assertThat(verifier.issuer()).isEqualTo(realm.issuer());
  }

  @Test
  void anIdTokenAnotherAudienceAnotherIssuerAndAnExpiredTokenAreRefusedWithTheReason() {
    assertThatThrownBy(
            () -> verifier.verify(realm.token(T0, b -> b.audience("cairn-api").claim("typ", "ID"))))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("ID token");
    assertThatThrownBy(() -> verifier.verify(realm.token(T0)))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("does not include `cairn-api`, which the console requires");
    assertThatThrownBy(() -> verifier.verify(other.token(T0, b -> b.audience("cairn-api"))))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("is not trusted by the console");
    assertThatThrownBy(
            () -> verifier.verify(realm.token(T0.minusSeconds(3600), b -> b.audience("cairn-api"))))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void aTokenSignedByAKeyTheRealmDoesNotPublishIsRefused() {
    String forged =
        TestIssuer.sign(realm.claims(T0).audience("cairn-api").build(), TestIssuer.newKey());

    assertThatThrownBy(() -> verifier.verify(forged))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("no signing key");
  }
}
