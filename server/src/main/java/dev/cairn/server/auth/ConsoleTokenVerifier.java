package dev.cairn.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Verifies access tokens of the console realm ({@code cairn-console}): signature against the
 * realm's JWKS (cached, refreshed on an unknown key id, rate limited by Nimbus), an allowlist of
 * asymmetric algorithms, the exact issuer, the Cairn audience, {@code exp}/{@code nbf} with a small
 * skew, and an access token, never an ID token ({@link AccessTokens}). Thread-safe.
 */
@ApplicationScoped
public class ConsoleTokenVerifier {
  private static final Set<JWSAlgorithm> ALLOWED_ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512);
  private static final int MAX_CLOCK_SKEW_SECONDS = 30;

  @Inject
  @ConfigProperty(name = "cairn.keycloak.url")
  String keycloakUrl;

  @Inject
  @ConfigProperty(name = "cairn.console.realm", defaultValue = "cairn-console")
  String realm;

  @Inject
  @ConfigProperty(name = "cairn.console.audience", defaultValue = "cairn-api")
  String audience;

  private static final int JWKS_CONNECT_TIMEOUT_MS = 2_000;
  private static final int JWKS_READ_TIMEOUT_MS = 5_000;
  private static final int JWKS_MAX_BYTES = 512 * 1024;

  private ConfigurableJWTProcessor<SecurityContext> processor;

  @PostConstruct
  void init() {
    String issuer = issuer();
    JWKSource<SecurityContext> keys;
    try {
      keys =
          JWKSourceBuilder.create(
                  URI.create(issuer + "/protocol/openid-connect/certs").toURL(),
                  // Nimbus' default waits 500 ms, less than a busy Keycloak takes to answer: an
                  // admin's valid token was then refused (401) until the keys were cached
                  new DefaultResourceRetriever(
                      JWKS_CONNECT_TIMEOUT_MS, JWKS_READ_TIMEOUT_MS, JWKS_MAX_BYTES))
              .retrying(true)
              .build();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(
          "cairn.keycloak.url `" + keycloakUrl + "` is not a valid URL; set CAIRN_KEYCLOAK_URL", e);
    }
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
    p.setJWSKeySelector(new JWSVerificationKeySelector<>(ALLOWED_ALGORITHMS, keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        // Nimbus probes these sets with contains(null), which Set.of() refuses: use HashSets.
        new DefaultJWTClaimsVerifier<>(
            new HashSet<>(List.of(audience)),
            new JWTClaimsSet.Builder().issuer(issuer).build(),
            new HashSet<>(List.of("sub", "exp", "iat")),
            null);
    claims.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
    p.setJWTClaimsSetVerifier(claims);
    processor = p;
  }

  /** The exact {@code iss} every accepted token carries. */
  public String issuer() {
    return stripTrailingSlash(keycloakUrl) + "/realms/" + realm;
  }

  /**
   * Verifies a compact JWS access token.
   *
   * @throws InvalidTokenException naming why the token was refused
   */
  public ConsoleIdentity verify(String token) throws InvalidTokenException {
    Objects.requireNonNull(token, "token");
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException e) {
      throw new InvalidTokenException("the bearer token is not a JWT", e);
    } catch (BadJOSEException e) {
      throw new InvalidTokenException("the bearer token was refused: " + e.getMessage(), e);
    } catch (JOSEException e) {
      throw new InvalidTokenException(
          "the bearer token could not be verified: " + e.getMessage(), e);
    }
    Optional<String> notAccess = AccessTokens.whyNotAnAccessToken(claims);
    if (notAccess.isPresent()) {
      throw new InvalidTokenException("the bearer token was refused: " + notAccess.get(), null);
    }
    try {
      String username = claims.getStringClaim("preferred_username");
      String email = claims.getStringClaim("email");
      List<String> groups = claims.getStringListClaim("groups");
      return new ConsoleIdentity(
          claims.getSubject(),
          username == null ? claims.getSubject() : username,
          email == null ? "" : email,
          Boolean.TRUE.equals(claims.getBooleanClaim("email_verified")),
          groups == null ? List.of() : groups);
    } catch (ParseException e) {
      throw new InvalidTokenException(
          "the bearer token has malformed claims: " + e.getMessage(), e);
    }
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
