package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signing tenants up and finding the caller's tenants.
 *
 * <p>Signup never leaves a tenant half-made: it first claims the slug as a PROVISIONING row (the
 * primary key makes concurrent signups of one slug race safely), then provisions the identity
 * provider, then creates the owner membership, trusted issuer, conflict configuration and audit
 * entry and turns the tenant ACTIVE in one transaction. If anything after the claim fails, the
 * identity provider is removed and the claim released. A claim left behind by a crashed node is
 * resumed when the same user signs the same slug up again.
 *
 * <p>Signup needs an email the console realm verified, and is limited by {@link SignupLimits}
 * (self-service on or off, tenants per user); operators are exempt from the limits. A failure of
 * the identity provider is logged in full and answered without its details. Thread-safe.
 */
@ApplicationScoped
public class Tenants {
  private static final Logger LOG = Logger.getLogger(Tenants.class.getName());

  private ControlPlaneTransactions tx;
  private IdentityProvisioner provisioner;
  private Clock clock;
  private SignupLimits limits;

  protected Tenants() {}

  @Inject
  public Tenants(
      ControlPlaneTransactions tx,
      IdentityProvisioner provisioner,
      Clock clock,
      @ConfigProperty(name = "cairn.signup.enabled", defaultValue = "true") boolean selfService,
      @ConfigProperty(name = "cairn.signup.max-tenants-per-user", defaultValue = "3")
          int maxTenantsPerUser) {
    this(tx, provisioner, clock, new SignupLimits(selfService, maxTenantsPerUser));
  }

  public Tenants(
      ControlPlaneTransactions tx,
      IdentityProvisioner provisioner,
      Clock clock,
      SignupLimits limits) {
    this.tx = tx;
    this.provisioner = provisioner;
    this.clock = clock;
    this.limits = limits;
  }

  /**
   * Signs up tenant {@code slug} with {@code actor} as its OWNER.
   *
   * @throws TenancyException INVALID for a bad slug or name, FORBIDDEN when the actor has no
   *     verified email, self-service signup is off or the actor reached the tenants-per-user limit,
   *     CONFLICT when the slug is taken, UNAVAILABLE when provisioning failed (and was rolled back)
   */
  public Tenant signup(Actor actor, String slug, String name) {
    if (!actor.operator()) {
      if (!limits.selfService()) {
        throw forbidden(
            "Signup closed",
            "self-service signup is off on this Cairn; ask its operator to create the tenant");
      }
      if (!actor.hasVerifiedEmail()) {
        throw forbidden(
            "Email not verified",
            "verify your email address first (follow the link Keycloak mailed you), then sign in"
                + " again and retry");
      }
    }
    String problem = TenantId.problemWith(slug);
    if (problem != null) {
      throw TenancyException.invalid(problem);
    }
    TenantId id = TenantId.of(slug);
    String displayName = name == null || name.isBlank() ? slug : name.strip();
    if (displayName.length() > 200) {
      throw TenancyException.invalid("tenant name is longer than 200 characters; shorten it");
    }
    claim(actor, id, displayName);
    try {
      IdentityProvisioner.ProvisionedIssuer issuer = provisioner.provision(id);
      return tx.inTransaction(cp -> activate(cp, actor, id, issuer));
    } catch (RuntimeException e) {
      release(id);
      if (e instanceof TenancyException te) {
        throw te;
      }
      LOG.log(Level.WARNING, "signup of " + id + " failed and was rolled back", e);
      throw new TenancyException(
          TenancyException.Kind.UNAVAILABLE,
          "Signup failed",
          "signing up `" + id + "` failed and was rolled back; try again later",
          List.of(),
          e);
    }
  }

  /** The ACTIVE tenants {@code actor} is a member of, by slug. */
  public List<Tenant> mine(Actor actor) {
    return tx.inTransaction(
        cp -> {
          cp.members().bindInvitations(actor.subject(), actor.email());
          cp.flush();
          return cp.tenants().activeAmong(cp.members().tenantsOf(actor.subject()));
        });
  }

  /** The tenant with the caller's role in it. */
  public Membership get(Actor actor, TenantId id) {
    return tx.inTransaction(
        cp -> {
          Member m = TenantAccess.require(cp, id, actor, Role.VIEWER);
          return new Membership(cp.tenants().find(id).orElseThrow(), m.role());
        });
  }

  /** A tenant together with the caller's role in it. */
  public record Membership(Tenant tenant, Role role) {}

  private void claim(Actor actor, TenantId id, String name) {
    try {
      tx.inTransaction(
          cp -> {
            var existing = cp.tenants().find(id);
            if (existing.isPresent()) {
              Tenant t = existing.get();
              if (t.status() == TenantStatus.PROVISIONING
                  && t.createdBy().equals(actor.subject())) {
                return t; // resume a signup that was cut off
              }
              throw taken(id);
            }
            if (!actor.operator()
                && cp.tenants().countCreatedBy(actor.subject()) >= limits.maxTenantsPerUser()) {
              throw forbidden(
                  "Tenant limit reached",
                  "you have signed up "
                      + limits.maxTenantsPerUser()
                      + " tenants, the most one user may on this Cairn; ask its operator for more");
            }
            Tenant t = new Tenant(id, name, actor.subject(), clock.instant());
            cp.tenants().add(t);
            cp.flush();
            return t;
          });
    } catch (PersistenceException e) {
      throw taken(id);
    }
  }

  private Tenant activate(
      ControlPlane cp, Actor actor, TenantId id, IdentityProvisioner.ProvisionedIssuer issuer) {
    Tenant tenant = cp.tenants().find(id).orElseThrow(() -> taken(id));
    tenant.activate();
    cp.members().add(Member.of(id, actor.subject(), actor.email(), Role.OWNER, clock.instant()));
    cp.issuers()
        .add(
            new TrustedIssuer(
                id,
                issuer.issuer(),
                issuer.audience(),
                issuer.jwksUri(),
                issuer.identityClaim(),
                issuer.groupsClaim(),
                true));
    cp.conflicts().add(new ConflictConfig(id));
    cp.audit()
        .record(
            new AuditEvent(
                id,
                actor.subject(),
                "tenant.signup",
                id.slug(),
                null,
                AuditJson.of(
                    Map.of(
                        "name", tenant.name(), "issuer", issuer.issuer(), "owner", actor.name())),
                clock.instant()));
    return tenant;
  }

  private void release(TenantId id) {
    try {
      provisioner.deprovision(id);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not remove the identity provider of failed signup " + id, e);
    }
    tx.inTransaction(
        cp -> {
          cp.tenants()
              .find(id)
              .filter(t -> t.status() == TenantStatus.PROVISIONING)
              .ifPresent(cp.tenants()::remove);
          return null;
        });
  }

  private static TenancyException forbidden(String title, String detail) {
    return new TenancyException(TenancyException.Kind.FORBIDDEN, title, detail);
  }

  private static TenancyException taken(TenantId id) {
    return new TenancyException(
        TenancyException.Kind.CONFLICT,
        "Slug taken",
        "tenant slug `" + id + "` is already taken; choose another one");
  }

  /**
   * Switches GraphQL introspection of the tenant's API on or off (ADMIN and above); audited.
   *
   * @return the tenant as it is now
   */
  public Tenant setIntrospection(Actor actor, TenantId id, boolean enabled) {
    return tx.inTransaction(
        cp -> {
          TenantAccess.require(cp, id, actor, Role.ADMIN);
          Tenant tenant = cp.tenants().findActive(id).orElseThrow();
          boolean before = tenant.introspection();
          tenant.setIntrospection(enabled);
          cp.audit()
              .record(
                  new AuditEvent(
                      id,
                      actor.subject(),
                      "introspection.set",
                      "tenant",
                      AuditJson.of(Map.of("introspection", before)),
                      AuditJson.of(Map.of("introspection", enabled)),
                      clock.instant()));
          return tenant;
        });
  }
}
