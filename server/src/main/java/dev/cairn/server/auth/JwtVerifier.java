package dev.cairn.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.cairn.server.TenantId;
import dev.cairn.server.tenancy.TrustedIssuer;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Verifies JWTs, an app's against the issuers one tenant trusts and the console's against its realm
 * ({@link ConsoleTokenVerifier}), the same way: a signed JWS (never {@code alg: none}) with an
 * allowed asymmetric algorithm, an {@code iss} that is exactly one of the tenant's issuers, a
 * signature by one of that issuer's published keys, an {@code aud} that includes the issuer's
 * configured audience, {@code exp} required and {@code nbf} honoured, both with {@link
 * #MAX_CLOCK_SKEW} of tolerance, an access token (never an ID token, see {@link AccessTokens}) and
 * a {@code sub}. Refusals tell the caller only {@link UnauthorizedException#INVALID_TOKEN} or
 * {@link UnauthorizedException#EXPIRED_TOKEN}; the reason is in {@link
 * UnauthorizedException#detail()}. Thread-safe.
 */
final class JwtVerifier {
  /** RS, PS and ES only: HMAC would let anyone holding a public key sign tokens. */
  static final Set<JWSAlgorithm> ALLOWED_ALGORITHMS =
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

  static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(30);

  /**
   * App tokens remembered as accepted, across tenants ({@link #verify(TenantId, String, List)}).
   */
  static final int ACCEPTED_TOKENS = 10_000;

  private final JwksCache keys;
  private final Clock clock;
  private final DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();

  /**
   * App tokens accepted before, so that a client's every request does not parse the token and
   * verify its signature again: at most {@link #ACCEPTED_TOKENS}, each for at most {@link
   * JwksCache#MAX_AGE}.
   */
  private final Cache<TokenOf, Accepted> accepted;

  JwtVerifier(JwksCache keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
    this.accepted =
        Caffeine.newBuilder()
            .maximumSize(ACCEPTED_TOKENS)
            .expireAfterWrite(JwksCache.MAX_AGE)
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .executor(Runnable::run)
            .build();
  }

  private record TokenOf(TenantId tenant, String token) {}

  /** What an issuer's trust consists of; a changed one is another issuer to a remembered token. */
  private record IssuerTerms(
      String iss,
      String audience,
      Optional<String> jwksUri,
      String identityClaim,
      String groupsClaim) {
    static IssuerTerms of(TrustedIssuer issuer) {
      return new IssuerTerms(
          issuer.issuer(),
          issuer.audience(),
          issuer.jwksUri(),
          issuer.identityClaim(),
          issuer.groupsClaim());
    }
  }

  /** An accepted app token: the caller, and what must still hold for it to be accepted again. */
  private record Accepted(
      AppIdentity identity, IssuerTerms issuer, JWTClaimsSet claims, JWSHeader header, JWK key) {}

  /**
   * An issuer whose tokens are accepted: its exact {@code iss}, the audience its tokens must
   * include, and where its keys are (empty: discovered from the issuer).
   */
  record Issuer(String iss, String audience, Optional<URI> jwksUri) {}

  /**
   * A token's verified claims, which of the trusted issuers signed it, its header and the key that
   * verified its signature.
   */
  record Verified<T>(JWTClaimsSet claims, T issuer, JWSHeader header, JWK key) {}

  /**
   * Verifies an app token of {@code tenant} against the issuers it trusts. A token accepted before
   * for the same tenant is accepted again without parsing it or verifying its signature as long as
   * everything else still holds: one of {@code trusted} has the same terms (issuer, audience, key
   * location, claims), the issuer still publishes the key that verified it (as {@link JwksCache}
   * knows the issuer's keys now), and its {@code exp}/{@code nbf} allow the present time; otherwise
   * it is verified afresh, with every check.
   */
  AppIdentity verify(TenantId tenant, String token, List<TrustedIssuer> trusted)
      throws UnauthorizedException {
    TokenOf key = new TokenOf(tenant, token);
    Accepted known = accepted.getIfPresent(key);
    if (known != null && stillTrusted(known, trusted)) {
      verifyTimes(known.claims());
      return known.identity();
    }
    Verified<TrustedIssuer> verified =
        verify(
            token,
            trusted,
            i -> new Issuer(i.issuer(), i.audience(), i.jwksUri().map(URI::create)),
            () -> "tenant `" + tenant + "`");
    JWTClaimsSet claims = verified.claims();
    TrustedIssuer issuer = verified.issuer();
    Map<String, Object> values = new LinkedHashMap<>();
    claims
        .toJSONObject()
        .forEach(
            (k, v) -> {
              if (v != null) {
                values.put(k, v);
              }
            });
    AppIdentity identity =
        new AppIdentity(
            tenant,
            AppIdentity.Kind.USER_TOKEN,
            claims.getSubject(),
            issuer.identityClaim(),
            values,
            strings(values.get(issuer.groupsClaim())));
    accepted.put(
        key,
        new Accepted(identity, IssuerTerms.of(issuer), claims, verified.header(), verified.key()));
    return identity;
  }

  /** Whether a remembered token's issuer is still trusted on the same terms and has its key. */
  private boolean stillTrusted(Accepted known, List<TrustedIssuer> trusted) {
    boolean issuerTrusted = false;
    for (TrustedIssuer issuer : trusted) {
      if (IssuerTerms.of(issuer).equals(known.issuer())) {
        issuerTrusted = true;
        break;
      }
    }
    if (!issuerTrusted) {
      return false;
    }
    try {
      return keys.select(
              new JwksCache.Source(known.issuer().iss(), known.issuer().jwksUri().map(URI::create)),
              new JWKSelector(JWKMatcher.forJWSHeader(known.header())))
          .contains(known.key());
    } catch (IOException e) {
      return false; // verified afresh, which reports the failure
    }
  }

  /**
   * The one way Cairn checks a JWT, for the apps' tokens and the console's alike: verifies {@code
   * token} as an access token of one of {@code trusted} (seen through {@code view}).
   *
   * @param whose who trusts these issuers, for messages (a tenant, the console)
   * @throws UnauthorizedException naming why the token was refused
   */
  <T> Verified<T> verify(
      String token, List<T> trusted, Function<T, Issuer> view, Supplier<String> whose)
      throws UnauthorizedException {
    SignedJWT jwt = parse(token);
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    if (!ALLOWED_ALGORITHMS.contains(alg)) {
      throw UnauthorizedException.invalidToken(
          "the token is signed with `"
              + alg
              + "`, which Cairn does not accept; issuers must sign with RS*, PS* or ES*");
    }
    JWTClaimsSet claims = claims(jwt);
    String iss = claims.getIssuer();
    if (iss == null) {
      throw UnauthorizedException.invalidToken("the token has no `iss` claim");
    }
    T match = null;
    Issuer issuer = null;
    for (T candidate : trusted) {
      Issuer seen = view.apply(candidate);
      if (seen.iss().equals(iss)) {
        match = candidate;
        issuer = seen;
        break;
      }
    }
    if (issuer == null) {
      throw UnauthorizedException.invalidToken(
          "the token's issuer `"
              + iss
              + "` is not trusted by "
              + whose.get()
              + "; use a token of "
              + trusted.stream().map(t -> view.apply(t).iss()).toList());
    }
    JWK key = verifySignature(jwt, issuer);
    Optional<String> notAccess = AccessTokens.whyNotAnAccessToken(jwt.getHeader(), claims);
    if (notAccess.isPresent()) {
      throw UnauthorizedException.invalidToken(notAccess.get());
    }
    verifyTimes(claims);
    List<String> audience = claims.getAudience();
    if (audience == null || !audience.contains(issuer.audience())) {
      throw UnauthorizedException.invalidToken(
          "the token's audience "
              + (audience == null ? "[]" : audience)
              + " does not include `"
              + issuer.audience()
              + "`, which "
              + whose.get()
              + " requires of issuer `"
              + iss
              + "`");
    }
    if (claims.getSubject() == null || claims.getSubject().isBlank()) {
      throw UnauthorizedException.invalidToken("the token has no `sub` claim");
    }
    return new Verified<>(claims, match, jwt.getHeader(), key);
  }

  /** A list claim's string elements, or a single string as a one-element list. */
  private static List<String> strings(Object claim) {
    if (claim instanceof List<?> list) {
      return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }
    return claim instanceof String s && !s.isEmpty() ? List.of(s) : List.of();
  }

  private static SignedJWT parse(String token) throws UnauthorizedException {
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException e) {
      throw UnauthorizedException.invalidToken(
          "the Authorization header does not hold a JWT (" + e.getMessage() + ")", e);
    }
    if (jwt instanceof PlainJWT) {
      throw UnauthorizedException.invalidToken(
          "the token is unsigned (`alg: none`); Cairn refuses it");
    }
    if (jwt instanceof EncryptedJWT) {
      throw UnauthorizedException.invalidToken(
          "the token is encrypted (JWE); send a signed access token");
    }
    return (SignedJWT) jwt;
  }

  private static JWTClaimsSet claims(SignedJWT jwt) throws UnauthorizedException {
    try {
      return jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw UnauthorizedException.invalidToken("the token's payload is not a JSON claims set", e);
    }
  }

  /** The key of {@code issuer} that verifies the token's signature. */
  private JWK verifySignature(SignedJWT jwt, Issuer issuer) throws UnauthorizedException {
    JWSHeader header = jwt.getHeader();
    List<JWK> candidates;
    try {
      candidates =
          keys.select(
              new JwksCache.Source(issuer.iss(), issuer.jwksUri()),
              new JWKSelector(JWKMatcher.forJWSHeader(header)));
    } catch (IOException e) {
      throw UnauthorizedException.invalidToken(e.getMessage(), e);
    }
    if (candidates.isEmpty()) {
      throw UnauthorizedException.invalidToken(
          "no signing key of issuer `"
              + issuer.iss()
              + "` matches the token's key id `"
              + header.getKeyID()
              + "` and algorithm `"
              + header.getAlgorithm()
              + "`");
    }
    for (JWK key : candidates) {
      try {
        JWSVerifier verifier =
            verifiers.createJWSVerifier(header, ((AsymmetricJWK) key).toPublicKey());
        if (jwt.verify(verifier)) {
          return key;
        }
      } catch (JOSEException | ClassCastException e) {
        // this key cannot verify this token; try the next candidate
      }
    }
    throw UnauthorizedException.invalidToken(
        "the token's signature does not verify with the keys of issuer `"
            + issuer.iss()
            + "`; it was altered or not signed by that issuer");
  }

  private void verifyTimes(JWTClaimsSet claims) throws UnauthorizedException {
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw UnauthorizedException.invalidToken(
          "the token has no `exp` claim; Cairn needs expiring tokens");
    }
    if (now.isAfter(exp.toInstant().plus(MAX_CLOCK_SKEW))) {
      throw UnauthorizedException.expiredToken(
          "the token expired at " + exp.toInstant() + "; get a fresh token and retry");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.plus(MAX_CLOCK_SKEW).isBefore(nbf.toInstant())) {
      throw UnauthorizedException.invalidToken(
          "the token is not valid before " + nbf.toInstant() + " (`nbf`); check the clocks");
    }
  }
}
