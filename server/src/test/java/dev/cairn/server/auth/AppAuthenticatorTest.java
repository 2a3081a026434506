package dev.cairn.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.cairn.server.TenantId;
import dev.cairn.server.data.MutableClock;
import dev.cairn.server.outbound.TestResolver;
import dev.cairn.server.tenancy.ApiKey;
import dev.cairn.server.tenancy.ApiKeySecrets;
import dev.cairn.server.tenancy.TrustedIssuer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The token-attack matrix and API key checks, against real RSA keys published by a local JWKS
 * endpoint. Time is a {@link MutableClock}, so expiry and the JWKS rate limit are tested without
 * sleeping.
 */
class AppAuthenticatorTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId GLOBEX = TenantId.of("globex");
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private final MutableClock clock = new MutableClock(T0);
  private final Map<TenantId, List<TrustedIssuer>> issuers = new HashMap<>();
  private final Map<String, ApiKey> keys = new HashMap<>();
  private TestIssuer acmeIssuer;
  private TestIssuer globexIssuer;
  private AppAuthenticator authenticator;

  @BeforeEach
  void setUp() throws IOException {
    acmeIssuer = new TestIssuer("cairn-t-acme");
    globexIssuer = new TestIssuer("cairn-t-globex");
    issuers.put(ACME, List.of(acmeIssuer.trustedBy(ACME)));
    issuers.put(GLOBEX, List.of(globexIssuer.trustedBy(GLOBEX)));
    AppCredentialStore store =
        new AppCredentialStore() {
          @Override
          public List<TrustedIssuer> trustedIssuers(TenantId tenant) {
            return issuers.getOrDefault(tenant, List.of());
          }

          @Override
          public Optional<ApiKey> apiKeyByHash(String sha256Hex) {
            return Optional.ofNullable(keys.get(sha256Hex));
          }
        };
    authenticator =
        new AppAuthenticator(store, new HttpKeySetFetcher(TestResolver.loopbackPolicy()), clock);
  }

  @AfterEach
  void tearDown() {
    acmeIssuer.close();
    globexIssuer.close();
  }

  private AppIdentity authenticate(TenantId tenant, String name, String value)
      throws UnauthorizedException {
    return authenticator.authenticate(tenant, Map.of(name, value));
  }

  /**
   * Refused for {@code reason} (in the detail, for the log), while the caller is told one of the
   * fixed sentences that name neither the tenant, its issuers nor what a key fetch answered.
   */
  private void assertRefused(TenantId tenant, String name, String value, String reason) {
    assertThatThrownBy(() -> authenticate(tenant, name, value))
        .isInstanceOfSatisfying(
            UnauthorizedException.class,
            e -> {
              assertThat(e.detail()).contains(reason);
              assertThat(e.errorType()).isEqualTo("UnauthorizedException");
              assertThat(e.getMessage())
                  .isIn(
                      UnauthorizedException.INVALID_TOKEN,
                      UnauthorizedException.EXPIRED_TOKEN,
                      UnauthorizedException.INVALID_API_KEY,
                      UnauthorizedException.NO_CREDENTIALS)
                  .doesNotContain(tenant.slug())
                  .doesNotContain("127.0.0.1");
            });
  }

  @Test
  void rawTokenAsAmplifySendsItIsAccepted() throws Exception {
    AppIdentity identity = authenticate(ACME, "authorization", acmeIssuer.token(T0));

    assertThat(identity.tenant()).isEqualTo(ACME);
    assertThat(identity.kind()).isEqualTo(AppIdentity.Kind.USER_TOKEN);
    assertThat(identity.subject()).isEqualTo("u-alice");
    assertThat(identity.identityClaim()).isEqualTo("sub");
    assertThat(identity.groups()).containsExactly("editors");
    assertThat(identity.stringClaim("preferred_username")).contains("alice");
  }

  @Test
  void bearerTokenIsAcceptedWhateverTheHeaderCase() throws Exception {
    AppIdentity identity = authenticate(ACME, "Authorization", "Bearer " + acmeIssuer.token(T0));

    assertThat(identity.subject()).isEqualTo("u-alice");
  }

  @Test
  void issuerKeysAreFoundThroughDiscoveryWhenNoJwksUriIsConfigured() throws Exception {
    issuers.put(ACME, List.of(acmeIssuer.trustedByDiscovery(ACME)));

    assertThat(authenticate(ACME, "Authorization", acmeIssuer.token(T0)).subject())
        .isEqualTo("u-alice");
  }

  @Test
  void groupsClaimMayBeASingleString() throws Exception {
    String token = acmeIssuer.token(T0, c -> c.claim("groups", "admins"));

    assertThat(authenticate(ACME, "Authorization", token).groups()).containsExactly("admins");
  }

  @Test
  void anotherTenantsValidTokenIsRefused() throws Exception {
    String globexToken = globexIssuer.token(T0);
    assertThat(authenticate(GLOBEX, "Authorization", globexToken).tenant()).isEqualTo(GLOBEX);

    assertRefused(ACME, "Authorization", globexToken, "is not trusted by tenant `acme`");
  }

  @Test
  void tokenOfAnUntrustedIssuerIsRefused() throws Exception {
    try (TestIssuer stranger = new TestIssuer("elsewhere")) {
      assertRefused(ACME, "Authorization", stranger.token(T0), "is not trusted by tenant `acme`");
      assertThat(stranger.jwksFetches()).isZero();
    }
  }

  @Test
  void tokenClaimingTheTrustedIssuerButSignedByAnotherKeyIsRefused() {
    RSAKey forger = TestIssuer.newKey();
    String forged = TestIssuer.sign(acmeIssuer.claims(T0).build(), forger);

    assertRefused(ACME, "Authorization", forged, "no signing key of issuer");
  }

  @Test
  void tokenForAnotherAudienceIsRefused() {
    String token = acmeIssuer.token(T0, c -> c.audience("some-other-app"));

    assertRefused(ACME, "Authorization", token, "does not include `cairn-app`");
  }

  @Test
  void unsignedAlgNoneTokenIsRefused() {
    String token = new PlainJWT(acmeIssuer.claims(T0).build()).serialize();

    assertRefused(ACME, "Authorization", token, "unsigned (`alg: none`)");
  }

  @Test
  void hs256TokenSignedWithTheIssuersRsaPublicKeyIsRefused() throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(acmeIssuer.key().getKeyID()).build(),
            acmeIssuer.claims(T0).build());
    jwt.sign(new MACSigner(acmeIssuer.key().toRSAPublicKey().getEncoded()));

    assertRefused(ACME, "Authorization", jwt.serialize(), "signed with `HS256`");
  }

  @Test
  void expiredTokenIsRefusedBeyondTheClockSkew() throws Exception {
    String token = acmeIssuer.token(T0);
    clock.advance(Duration.ofSeconds(300 + 20));
    assertThat(authenticate(ACME, "Authorization", token).subject()).isEqualTo("u-alice");

    clock.advance(Duration.ofSeconds(11));
    assertRefused(ACME, "Authorization", token, "the token expired at");
  }

  @Test
  void tokenWithoutExpiryIsRefused() {
    String token = acmeIssuer.token(T0, c -> c.expirationTime(null));

    assertRefused(ACME, "Authorization", token, "has no `exp` claim");
  }

  @Test
  void tokenNotYetValidIsRefused() {
    String token = acmeIssuer.token(T0, c -> c.notBeforeTime(Date.from(T0.plusSeconds(60))));

    assertRefused(ACME, "Authorization", token, "is not valid before");
  }

  @Test
  void tokenWithATamperedPayloadIsRefused() {
    String[] parts = acmeIssuer.token(T0).split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]));
    String tampered =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(payload.replace("u-alice", "u-admin").getBytes());

    assertRefused(
        ACME, "Authorization", parts[0] + "." + tampered + "." + parts[2], "does not verify");
  }

  @Test
  void garbageInTheAuthorizationHeaderIsRefused() {
    assertRefused(ACME, "Authorization", "not-a-jwt", "does not hold a JWT");
  }

  @Test
  void requestWithoutCredentialsIsRefused() {
    assertThatThrownBy(() -> authenticator.authenticate(ACME, Map.of("host", "x")))
        .isInstanceOf(UnauthorizedException.class)
        .hasMessageContaining("has no credentials");
  }

  @Test
  void unknownKeyIdFloodFetchesTheJwksAtMostOncePerTenSeconds() throws Exception {
    authenticate(ACME, "Authorization", acmeIssuer.token(T0));
    assertThat(acmeIssuer.jwksFetches()).isEqualTo(1);

    for (int i = 0; i < 50; i++) {
      String forged = TestIssuer.sign(acmeIssuer.claims(T0).build(), TestIssuer.newKey());
      assertRefused(ACME, "Authorization", forged, "no signing key");
    }
    assertThat(acmeIssuer.jwksFetches()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(10));
    for (int i = 0; i < 20; i++) {
      String forged = TestIssuer.sign(acmeIssuer.claims(T0).build(), TestIssuer.newKey());
      assertRefused(ACME, "Authorization", forged, "no signing key");
    }
    assertThat(acmeIssuer.jwksFetches()).isEqualTo(2);
  }

  @Test
  void concurrentUnknownKeyIdsShareOneFetch() throws Exception {
    List<String> forged = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      forged.add(TestIssuer.sign(acmeIssuer.claims(T0).build(), TestIssuer.newKey()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Boolean>> refused = new ArrayList<>();
      for (String token : forged) {
        refused.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    authenticate(ACME, "Authorization", token);
                    return false;
                  } catch (UnauthorizedException e) {
                    return true;
                  }
                }));
      }
      start.countDown();
      for (Future<Boolean> f : refused) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(acmeIssuer.jwksFetches()).isEqualTo(1);
  }

  @Test
  void aTokenAcceptedBeforeIsRefusedOnceTheTenantNoLongerTrustsItsIssuer() throws Exception {
    String token = acmeIssuer.token(T0);
    assertThat(authenticate(ACME, "Authorization", token).subject()).isEqualTo("u-alice");

    issuers.put(ACME, List.of(globexIssuer.trustedBy(ACME)));

    assertRefused(ACME, "Authorization", token, "is not trusted by tenant `acme`");
  }

  @Test
  void aTokenAcceptedBeforeIsRefusedOnceItsIssuersAudienceChanged() throws Exception {
    String token = acmeIssuer.token(T0);
    assertThat(authenticate(ACME, "Authorization", token).subject()).isEqualTo("u-alice");
    TrustedIssuer was = acmeIssuer.trustedBy(ACME);

    issuers.put(
        ACME,
        List.of(
            new TrustedIssuer(
                ACME,
                was.issuer(),
                "another-app",
                was.jwksUri().orElseThrow(),
                was.identityClaim(),
                was.groupsClaim(),
                true)));

    assertRefused(ACME, "Authorization", token, "does not include `another-app`");
  }

  @Test
  void aTokenAcceptedBeforeIsRefusedOnceItsIssuerNoLongerPublishesTheKeyThatSignedIt()
      throws Exception {
    String signedByOldKey = acmeIssuer.token(T0);
    assertThat(authenticate(ACME, "Authorization", signedByOldKey).subject()).isEqualTo("u-alice");
    acmeIssuer.rotate();
    clock.advance(Duration.ofSeconds(11));
    // a token of the new key makes the cache fetch the issuer's keys again: the old one is gone
    authenticate(ACME, "Authorization", acmeIssuer.token(clock.instant()));

    assertRefused(ACME, "Authorization", signedByOldKey, "matches the token's key id");
  }

  @Test
  void aTokenAcceptedForOneTenantIsNotAcceptedForAnotherThatTrustsTheSameIssuer() throws Exception {
    String token = acmeIssuer.token(T0);
    assertThat(authenticate(ACME, "Authorization", token).tenant()).isEqualTo(ACME);
    issuers.put(GLOBEX, List.of(acmeIssuer.trustedBy(GLOBEX)));

    AppIdentity asGlobex = authenticate(GLOBEX, "Authorization", token);

    assertThat(asGlobex.tenant()).isEqualTo(GLOBEX);
    assertThat(authenticate(ACME, "Authorization", token).tenant()).isEqualTo(ACME);
  }

  @Test
  void rotatedKeyIsPickedUpWithoutRestart() throws Exception {
    authenticate(ACME, "Authorization", acmeIssuer.token(T0));
    acmeIssuer.rotate();
    clock.advance(Duration.ofSeconds(11));

    AppIdentity identity = authenticate(ACME, "Authorization", acmeIssuer.token(clock.instant()));

    assertThat(identity.subject()).isEqualTo("u-alice");
    assertThat(acmeIssuer.jwksFetches()).isEqualTo(2);
  }

  @Test
  void idTokensAreRefusedAsApiCredentials() {
    assertRefused(
        ACME, "Authorization", acmeIssuer.token(T0, b -> b.claim("typ", "ID")), "of type `ID`");
    assertRefused(
        ACME,
        "Authorization",
        acmeIssuer.token(T0, b -> b.claim("at_hash", "x1")),
        "carries `at_hash`");
    assertRefused(
        ACME,
        "Authorization",
        acmeIssuer.token(T0, b -> b.claim("token_use", "id")),
        "token_use is `id`");
  }

  @Test
  void keycloakAccessTokensWithTypBearerAreAccepted() throws Exception {
    AppIdentity identity =
        authenticate(ACME, "Authorization", acmeIssuer.token(T0, b -> b.claim("typ", "Bearer")));

    assertThat(identity.subject()).isEqualTo("u-alice");
  }

  @Test
  void untrustedIssuerRefusalNamesNeitherTheTenantNorItsIssuers() throws Exception {
    try (TestIssuer stranger = new TestIssuer("stranger")) {
      assertThatThrownBy(() -> authenticate(ACME, "Authorization", stranger.token(T0)))
          .isInstanceOfSatisfying(
              UnauthorizedException.class,
              e -> {
                assertThat(e.getMessage()).isEqualTo(UnauthorizedException.INVALID_TOKEN);
                assertThat(e.getMessage())
                    .doesNotContain(acmeIssuer.issuer())
                    .doesNotContain("acme");
              });
      // an unknown tenant answers exactly the same
      assertThatThrownBy(
              () -> authenticate(TenantId.of("nosuch"), "Authorization", stranger.token(T0)))
          .hasMessage(UnauthorizedException.INVALID_TOKEN);
    }
  }

  @Test
  void aJwksUriOnALoopbackAddressIsNeverFetchedUnderTheProductionPolicy() {
    AppAuthenticator strict =
        new AppAuthenticator(
            storeOf(List.of(acmeIssuer.trustedBy(ACME))),
            new HttpKeySetFetcher(TestResolver.strictPolicy()),
            clock);

    assertThatThrownBy(
            () -> strict.authenticate(ACME, Map.of("Authorization", acmeIssuer.token(T0))))
        .isInstanceOfSatisfying(
            UnauthorizedException.class,
            e -> {
              assertThat(e.getMessage()).isEqualTo(UnauthorizedException.INVALID_TOKEN);
              assertThat(e.detail()).contains("uses http");
            });
    assertThat(acmeIssuer.jwksFetches()).isZero();
  }

  @Test
  void aDiscoveredJwksUriIsCheckedLikeAConfiguredOne() {
    int port = Integer.parseInt(acmeIssuer.issuer().replaceAll(".*:(\\d+)/.*", "$1"));
    String allowedIssuer = "http://idp.test:" + port + "/realms/cairn-t-acme";
    // idp.test is on the operator's allowlist (and resolves to the local issuer); the jwks_uri its
    // discovery document names (http://127.0.0.1:...) is not.
    AppAuthenticator strict =
        new AppAuthenticator(
            storeOf(
                List.of(
                    new TrustedIssuer(
                        ACME, allowedIssuer, TestIssuer.AUDIENCE, null, "sub", "groups", false))),
            new HttpKeySetFetcher(
                new dev.cairn.server.outbound.OutboundPolicy(
                    true, List.of("idp.test"), new TestResolver().answer("idp.test", "127.0.0.1"))),
            clock);
    String token = acmeIssuer.token(T0, b -> b.issuer(allowedIssuer));

    assertThatThrownBy(() -> strict.authenticate(ACME, Map.of("Authorization", token)))
        .isInstanceOfSatisfying(
            UnauthorizedException.class,
            e -> assertThat(e.detail()).contains("resolves to 127.0.0.1, a loopback address"));
    assertThat(acmeIssuer.jwksFetches()).isZero();
  }

  private static AppCredentialStore storeOf(List<TrustedIssuer> trusted) {
    return new AppCredentialStore() {
      @Override
      public List<TrustedIssuer> trustedIssuers(TenantId tenant) {
        return tenant.equals(ACME) ? trusted : List.of();
      }

      @Override
      public Optional<ApiKey> apiKeyByHash(String sha256Hex) {
        return Optional.empty();
      }
    };
  }

  @Test
  void unreachableJwksIsReportedAsTheReason() {
    issuers.put(
        ACME,
        List.of(
            new TrustedIssuer(
                ACME,
                acmeIssuer.issuer(),
                TestIssuer.AUDIENCE,
                "http://127.0.0.1:1/certs",
                "sub",
                "groups",
                false)));

    assertRefused(ACME, "Authorization", acmeIssuer.token(T0), "could not be fetched");
  }

  private String addKey(TenantId tenant, Instant expiresAt) {
    String plaintext = "cairn_" + java.util.UUID.randomUUID();
    ApiKey key =
        new ApiKey(
            tenant,
            ApiKeySecrets.hash(plaintext),
            plaintext.substring(0, 12),
            "test",
            T0.minusSeconds(60),
            expiresAt);
    keys.put(key.hash(), key);
    return plaintext;
  }

  @Test
  void validApiKeyGivesAnApiKeyIdentity() throws Exception {
    String key = addKey(ACME, T0.plusSeconds(3600));

    AppIdentity identity = authenticate(ACME, "x-api-key", key);

    assertThat(identity.kind()).isEqualTo(AppIdentity.Kind.API_KEY);
    assertThat(identity.tenant()).isEqualTo(ACME);
    assertThat(identity.subject()).startsWith("apikey:");
    assertThat(identity.groups()).isEmpty();
  }

  @Test
  void expiredApiKeyIsRefused() {
    String key = addKey(ACME, T0.plusSeconds(3600));
    clock.advance(Duration.ofSeconds(3600));

    assertRefused(ACME, "X-Api-Key", key, "expired at");
  }

  @Test
  void revokedApiKeyIsRefused() {
    String key = addKey(ACME, T0.plusSeconds(3600));
    keys.get(ApiKeySecrets.hash(key)).revoke(T0);

    assertRefused(ACME, "x-api-key", key, "was revoked");
  }

  @Test
  void anotherTenantsApiKeyIsRefusedLikeAnUnknownOne() throws Exception {
    String globexKey = addKey(GLOBEX, T0.plusSeconds(3600));
    assertThat(authenticate(GLOBEX, "x-api-key", globexKey).tenant()).isEqualTo(GLOBEX);

    assertRefused(ACME, "x-api-key", globexKey, "is not a key of tenant `acme`");
    assertRefused(ACME, "x-api-key", "cairn_unknown", "is not a key of tenant `acme`");
  }

  @Test
  void authorizationHeaderWinsOverAnApiKeyAndABadTokenIsNotRetriedAsKey() {
    String key = addKey(ACME, T0.plusSeconds(3600));

    assertThatThrownBy(
            () ->
                authenticator.authenticate(
                    ACME, Map.of("Authorization", "not-a-jwt", "x-api-key", key)))
        .isInstanceOf(UnauthorizedException.class)
        .satisfies(
            e -> assertThat(((UnauthorizedException) e).detail()).contains("does not hold a JWT"));
  }
}
