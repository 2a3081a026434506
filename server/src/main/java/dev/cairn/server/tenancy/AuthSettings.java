package dev.cairn.server.tenancy;

import dev.cairn.server.Jsonp;
import dev.cairn.server.TenantId;
import dev.cairn.server.outbound.OutboundPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A tenant's auth configuration: the OIDC issuers it trusts. The issuer Cairn provisioned at signup
 * is kept; {@link #replaceCustomIssuers} replaces all the others (ADMIN and above), at most {@link
 * #MAX_CUSTOM_ISSUERS}. Issuer and JWKS URLs must be allowed by the {@link OutboundPolicy} (https
 * to public addresses unless the operator allowed more), since Cairn fetches keys from them. The
 * audit entry records every field of every issuer before and after, so a swapped {@code jwksUri}
 * shows. Thread-safe.
 */
@ApplicationScoped
public class AuthSettings {
  /** Custom issuers a tenant may trust besides its provisioned realm. */
  public static final int MAX_CUSTOM_ISSUERS = 5;

  private ControlPlaneTransactions tx;
  private OutboundPolicy outbound;
  private Clock clock;

  protected AuthSettings() {}

  @Inject
  public AuthSettings(ControlPlaneTransactions tx, OutboundPolicy outbound, Clock clock) {
    this.tx = tx;
    this.outbound = outbound;
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
    if (requested.size() > MAX_CUSTOM_ISSUERS) {
      throw TenancyException.invalid(
          requested.size()
              + " custom issuers were sent; a tenant may trust at most "
              + MAX_CUSTOM_ISSUERS
              + " besides its own realm");
    }
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
                      describe(before),
                      describe(after),
                      clock.instant()));
          return after;
        });
  }

  /** Every field of every issuer, as the audit log's JSON. */
  static String describe(List<TrustedIssuer> issuers) {
    JsonArrayBuilder list = Jsonp.PROVIDER.createArrayBuilder();
    for (TrustedIssuer i : issuers) {
      JsonObjectBuilder o =
          Jsonp.PROVIDER
              .createObjectBuilder()
              .add("issuer", i.issuer())
              .add("audience", i.audience())
              .add("identityClaim", i.identityClaim())
              .add("groupsClaim", i.groupsClaim())
              .add("provisioned", i.provisioned());
      i.jwksUri().ifPresentOrElse(u -> o.add("jwksUri", u), () -> o.addNull("jwksUri"));
      list.add(o);
    }
    return Jsonp.PROVIDER.createObjectBuilder().add("issuers", list).build().toString();
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  private void requireUrl(String field, String value) {
    outbound
        .problemWith(value)
        .ifPresent(
            problem -> {
              throw TenancyException.invalid(field + ": " + problem);
            });
  }
}
