package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tenant's auth configuration: the OIDC issuers it trusts. The issuer Cairn provisioned at signup
 * is kept; {@link #replaceCustomIssuers} replaces all the others (ADMIN and above). Thread-safe.
 */
@ApplicationScoped
public class AuthSettings {
  private ControlPlaneTransactions tx;
  private Clock clock;

  protected AuthSettings() {}

  @Inject
  public AuthSettings(ControlPlaneTransactions tx, Clock clock) {
    this.tx = tx;
    this.clock = clock;
  }

  /** A custom issuer as requested: {@code jwksUri} may be null (discovered from the issuer). */
  public record IssuerRequest(
      String issuer, String audience, String jwksUri, String identityClaim, String groupsClaim) {}

  public List<TrustedIssuer> issuers(Actor actor, TenantId tenant) {
    return tx.inTransaction(
        cp -> {
          TenantAccess.require(cp, tenant, actor, Role.VIEWER);
          return cp.issuers().list(tenant);
        });
  }

  /**
   * Replaces the tenant's custom issuers with {@code requested}.
   *
   * @throws TenancyException INVALID naming the first bad entry
   */
  public List<TrustedIssuer> replaceCustomIssuers(
      Actor actor, TenantId tenant, List<IssuerRequest> requested) {
    List<TrustedIssuer> custom = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < requested.size(); i++) {
      IssuerRequest r = requested.get(i);
      String at = "issuers[" + i + "]";
      if (r == null) {
        throw TenancyException.invalid(at + " is null");
      }
      requireUrl(at + ".issuer", r.issuer());
      if (r.jwksUri() != null) {
        requireUrl(at + ".jwksUri", r.jwksUri());
      }
      if (r.audience() == null || r.audience().isBlank()) {
        throw TenancyException.invalid(
            at + ".audience is required: the `aud` value tokens for this tenant carry");
      }
      if (!seen.add(r.issuer())) {
        throw TenancyException.invalid(at + ".issuer `" + r.issuer() + "` is listed twice");
      }
      custom.add(
          new TrustedIssuer(
              tenant,
              r.issuer(),
              r.audience(),
              r.jwksUri(),
              orDefault(r.identityClaim(), "sub"),
              orDefault(r.groupsClaim(), "groups"),
              false));
    }
    return tx.inTransaction(
        cp -> {
          TenantAccess.require(cp, tenant, actor, Role.ADMIN);
          List<TrustedIssuer> before = cp.issuers().list(tenant);
          List<TrustedIssuer> kept = before.stream().filter(TrustedIssuer::provisioned).toList();
          for (TrustedIssuer k : kept) {
            if (seen.contains(k.issuer())) {
              throw TenancyException.invalid(
                  "issuer `" + k.issuer() + "` is the tenant's provisioned realm; do not list it");
            }
          }
          cp.issuers().replaceCustom(tenant, custom);
          cp.flush();
          List<TrustedIssuer> after = cp.issuers().list(tenant);
          cp.audit()
              .record(
                  new AuditEvent(
                      tenant,
                      actor.subject(),
                      "auth.issuers.set",
                      "auth",
                      AuditJson.of(Map.of("issuers", names(before))),
                      AuditJson.of(Map.of("issuers", names(after))),
                      clock.instant()));
          return after;
        });
  }

  private static String names(List<TrustedIssuer> issuers) {
    return String.join(" ", issuers.stream().map(TrustedIssuer::issuer).toList());
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  private static void requireUrl(String field, String value) {
    try {
      URI uri = new URI(value == null ? "" : value);
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
          || uri.getHost() == null) {
        throw new URISyntaxException(String.valueOf(value), "not an absolute http(s) URL");
      }
    } catch (URISyntaxException e) {
      throw TenancyException.invalid(
          field + " `" + value + "` is not an absolute http(s) URL, e.g. https://idp.example.com/");
    }
  }
}
