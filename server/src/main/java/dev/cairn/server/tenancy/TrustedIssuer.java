package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.util.Optional;
import java.util.UUID;

/**
 * An OIDC issuer whose tokens a tenant trusts for app traffic (the tenant's auth configuration is
 * the set of these): the exact {@code iss}, the audience tokens must name, where its keys are (the
 * JWKS URI; empty = discover from {@code iss/.well-known/openid-configuration}), the claim owner
 * fields hold and the claim groups are read from. {@code provisioned} marks the Keycloak realm
 * Cairn created for the tenant at signup.
 */
@Entity
@Table(
    name = "cairn_trusted_issuer",
    uniqueConstraints = @UniqueConstraint(columnNames = {"tenant", "issuer"}))
public class TrustedIssuer {
  @Id
  @Column(length = 36)
  private String id;

  @Column(nullable = false, length = 40)
  private String tenant;

  @Column(nullable = false, length = 500)
  private String issuer;

  @Column(nullable = false, length = 200)
  private String audience;

  @Column(length = 500)
  private String jwksUri;

  @Column(nullable = false, length = 100)
  private String identityClaim;

  @Column(nullable = false, length = 100)
  private String groupsClaim;

  private boolean provisioned;

  protected TrustedIssuer() {}

  public TrustedIssuer(
      TenantId tenant,
      String issuer,
      String audience,
      String jwksUri,
      String identityClaim,
      String groupsClaim,
      boolean provisioned) {
    this.id = UUID.randomUUID().toString();
    this.tenant = tenant.slug();
    this.issuer = issuer;
    this.audience = audience;
    this.jwksUri = jwksUri;
    this.identityClaim = identityClaim;
    this.groupsClaim = groupsClaim;
    this.provisioned = provisioned;
  }

  public TenantId tenant() {
    return TenantId.of(tenant);
  }

  public String issuer() {
    return issuer;
  }

  public String audience() {
    return audience;
  }

  public Optional<String> jwksUri() {
    return Optional.ofNullable(jwksUri);
  }

  public String identityClaim() {
    return identityClaim;
  }

  public String groupsClaim() {
    return groupsClaim;
  }

  public boolean provisioned() {
    return provisioned;
  }
}
