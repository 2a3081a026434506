package dev.cairn.server.auth;

import dev.cairn.server.TenantId;
import dev.cairn.server.Unproxied;
import dev.cairn.server.outbound.OutboundPolicy;
import dev.cairn.server.tenancy.ApiKey;
import dev.cairn.server.tenancy.ApiKeySecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Establishes who sent an app request to a tenant's GraphQL API or realtime endpoint.
 *
 * <ul>
 *   <li>{@code Authorization: <JWT>} (raw, as Amplify sends it) or {@code Authorization: Bearer
 *       <JWT>}: a token of one of <em>this tenant's</em> trusted issuers, verified locally against
 *       the issuer's JWKS (see {@link JwtVerifier} for every check). The result is a {@link
 *       AppIdentity.Kind#USER_TOKEN} identity with the token's claims and groups.
 *   <li>{@code x-api-key: cairn_...}: one of this tenant's API keys that is neither expired nor
 *       revoked. The result is an {@link AppIdentity.Kind#API_KEY} identity, which satisfies {@code
 *       allow: public} rules only.
 * </ul>
 *
 * Refusals tell the caller as little as {@link UnauthorizedException} describes; the exact reason
 * is logged at {@code FINE} with the tenant. Header names are matched case-insensitively. When both
 * headers are present the {@code Authorization} header is used and the API key ignored (a bad token
 * is refused, never retried as an API key). A credential of another tenant is refused like an
 * unknown one.
 *
 * <p>Signing keys are cached per issuer; a token whose key id is not cached triggers at most one
 * JWKS fetch per 10 s per issuer, so rotated keys are picked up without restart and forged key ids
 * cannot flood the issuer. Thread-safe; one instance serves the whole server.
 */
@ApplicationScoped
public class AppAuthenticator {
  /** This bean itself, not its client proxy (see {@link Unproxied}); it has no interceptors. */
  public Unproxied<AppAuthenticator> instance() {
    return new Unproxied<>(this);
  }

  private static final Logger LOG = Logger.getLogger(AppAuthenticator.class.getName());

  /** The only headers {@link #authenticate} reads (matched case-insensitively). */
  public static final List<String> CREDENTIAL_HEADERS = List.of("authorization", "x-api-key");

  private AppCredentialStore store;
  private JwtVerifier tokens;
  private Clock clock;

  protected AppAuthenticator() {}

  /**
   * @param outbound the rules for fetching custom issuers' keys (SSRF protection)
   */
  @Inject
  public AppAuthenticator(AppCredentialStore store, OutboundPolicy outbound, Clock clock) {
    this(store, new HttpKeySetFetcher(outbound), clock);
  }

  /**
   * @param store the tenants' issuers and API keys
   * @param fetcher how JWKS and discovery documents are fetched
   * @param clock the time for {@code exp}/{@code nbf}, API key expiry and the JWKS rate limit
   */
  public AppAuthenticator(AppCredentialStore store, KeySetFetcher fetcher, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tokens = new JwtVerifier(new JwksCache(fetcher, clock), clock);
  }

  /**
   * Authenticates one request to {@code tenant}.
   *
   * @param headers the request's headers (HTTP headers, or the realtime {@code header-} subprotocol
   *     / {@code start} authorization object); names in any case
   * @return the caller, bound to {@code tenant}
   * @throws UnauthorizedException naming why the credentials prove nothing for {@code tenant}
   */
  public AppIdentity authenticate(TenantId tenant, Map<String, String> headers)
      throws UnauthorizedException {
    try {
      return check(tenant, headers);
    } catch (UnauthorizedException e) {
      if (LOG.isLoggable(Level.FINE)) {
        LOG.fine("refused app credentials for tenant " + tenant + ": " + e.detail());
      }
      throw e;
    }
  }

  private AppIdentity check(TenantId tenant, Map<String, String> headers)
      throws UnauthorizedException {
    Objects.requireNonNull(tenant, "tenant");
    Optional<String> authorization = header(headers, CREDENTIAL_HEADERS.get(0));
    if (authorization.isPresent()) {
      return tokens.verify(tenant, stripBearer(authorization.get()), store.trustedIssuers(tenant));
    }
    Optional<String> apiKey = header(headers, CREDENTIAL_HEADERS.get(1));
    if (apiKey.isPresent()) {
      return apiKey(tenant, apiKey.get());
    }
    throw new UnauthorizedException(UnauthorizedException.NO_CREDENTIALS);
  }

  /**
   * Whether {@code tenant} exists, i.e. trusts at least its provisioned issuer; answered from the
   * same short-lived cache as authentication, so asking costs no control-plane read per request.
   */
  public boolean knows(TenantId tenant) {
    return !store.trustedIssuers(Objects.requireNonNull(tenant, "tenant")).isEmpty();
  }

  /**
   * Until when {@link #authenticate} accepts the credential that proved {@code identity} by itself:
   * a token's {@code exp} plus the clock skew allowed; {@link Instant#MAX} for an API key, which
   * ends by revocation or expiry instead (found by authenticating again). Realtime ends a
   * subscription when its credential ends, as the next HTTP request would be refused.
   */
  public Instant acceptedUntil(AppIdentity identity) {
    if (identity.isApiKey()) {
      return Instant.MAX;
    }
    Object exp = identity.claims().get("exp");
    if (exp instanceof Number seconds) {
      return Instant.ofEpochSecond(seconds.longValue()).plus(JwtVerifier.MAX_CLOCK_SKEW);
    }
    if (exp instanceof Date date) {
      return date.toInstant().plus(JwtVerifier.MAX_CLOCK_SKEW);
    }
    // every accepted token has an exp; a caller made up elsewhere is trusted no longer than now
    return clock.instant();
  }

  private AppIdentity apiKey(TenantId tenant, String presented) throws UnauthorizedException {
    Optional<ApiKey> key =
        store.apiKeyByHash(ApiKeySecrets.hash(presented)).filter(k -> k.tenant().equals(tenant));
    if (key.isEmpty()) {
      throw UnauthorizedException.invalidApiKey(
          "the API key is not a key of tenant `" + tenant + "`; create one in the console");
    }
    ApiKey k = key.get();
    Instant now = clock.instant();
    if (k.revokedAt().isPresent()) {
      throw UnauthorizedException.invalidApiKey(
          "the API key " + k.prefix() + "… was revoked at " + k.revokedAt().get());
    }
    if (!k.usableAt(now)) {
      throw UnauthorizedException.invalidApiKey(
          "the API key " + k.prefix() + "… expired at " + k.expiresAt() + "; create a new one");
    }
    return AppIdentity.apiKey(tenant, k.id());
  }

  private static Optional<String> header(Map<String, String> headers, String name) {
    if (headers == null) {
      return Optional.empty();
    }
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey() != null
          && e.getKey().equalsIgnoreCase(name)
          && e.getValue() != null
          && !e.getValue().isBlank()) {
        return Optional.of(e.getValue().trim());
      }
    }
    return Optional.empty();
  }

  private static String stripBearer(String value) {
    if (value.length() > 7 && value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return value.substring(7).trim();
    }
    return value;
  }
}
