package dev.cairn.server.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.cairn.server.outbound.OutboundPolicy;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Verifies access tokens of the console realm ({@code cairn-console}) the way every JWT is checked
 * ({@link JwtVerifier}): signature against the realm's JWKS (cached, refetched at most every 10 s
 * on an unknown key id), an allowlist of asymmetric algorithms, the exact issuer, the Cairn
 * audience, {@code exp}/{@code nbf} with a small skew, and an access token, never an ID token.
 * Thread-safe.
 */
@ApplicationScoped
public class ConsoleTokenVerifier {
  @Inject
  @ConfigProperty(name = "cairn.keycloak.url")
  String keycloakUrl;

  @Inject
  @ConfigProperty(name = "cairn.console.realm", defaultValue = "cairn-console")
  String realm;

  @Inject
  @ConfigProperty(name = "cairn.console.audience", defaultValue = "cairn-api")
  String audience;

  @Inject OutboundPolicy outbound;
  @Inject Clock clock;

  private JwtVerifier verifier;
  private List<JwtVerifier.Issuer> trusted;

  @PostConstruct
  void init() {
    String issuer = issuer();
    URI keys;
    try {
      keys = new URI(issuer + "/protocol/openid-connect/certs");
    } catch (URISyntaxException e) {
      throw new IllegalStateException(
          "cairn.keycloak.url `" + keycloakUrl + "` is not a valid URL; set CAIRN_KEYCLOAK_URL", e);
    }
    trusted = List.of(new JwtVerifier.Issuer(issuer, audience, Optional.of(keys)));
    verifier = new JwtVerifier(new JwksCache(new HttpKeySetFetcher(outbound), clock), clock);
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
      claims = verifier.verify(token, trusted, i -> i, () -> "the console").claims();
    } catch (UnauthorizedException e) {
      throw new InvalidTokenException("the bearer token was refused: " + e.detail(), e);
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
