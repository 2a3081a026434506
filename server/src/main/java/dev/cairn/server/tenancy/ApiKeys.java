package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creating, listing and revoking a tenant's API keys (ADMIN and above; listing VIEWER). The
 * plaintext key exists only in the result of {@link #create}; only its hash is stored. Thread-safe.
 */
@ApplicationScoped
public class ApiKeys {
  /** Default and longest lifetime of a key, as AppSync's. */
  static final Duration MAX_LIFETIME = Duration.ofDays(365);

  private ControlPlaneTransactions tx;
  private Clock clock;

  protected ApiKeys() {}

  @Inject
  public ApiKeys(ControlPlaneTransactions tx, Clock clock) {
    this.tx = tx;
    this.clock = clock;
  }

  /** A new key: the stored row and the plaintext, which is shown once and never again. */
  public record CreatedKey(ApiKey key, String plaintext) {}

  /**
   * Creates a key.
   *
   * @param expiresAt when the key stops working; empty = one year from now
   * @throws TenancyException INVALID when the expiry is not in the next 365 days
   */
  public CreatedKey create(
      Actor actor, TenantId tenant, String description, Optional<Instant> expiresAt) {
    Instant now = clock.instant();
    Instant expiry = expiresAt.orElse(now.plus(MAX_LIFETIME));
    if (!expiry.isAfter(now) || expiry.isAfter(now.plus(MAX_LIFETIME).plusSeconds(60))) {
      throw TenancyException.invalid(
          "expiresAt " + expiry + " must be in the future and at most 365 days from now");
    }
    if (description != null && description.length() > 200) {
      throw TenancyException.invalid("description is longer than 200 characters; shorten it");
    }
    String plaintext = ApiKeySecrets.generate();
    return tx.inTransaction(
        cp -> {
          TenantAccess.require(cp, tenant, actor, Role.ADMIN);
          ApiKey key =
              new ApiKey(
                  tenant,
                  ApiKeySecrets.hash(plaintext),
                  ApiKeySecrets.shownPrefix(plaintext),
                  description,
                  now,
                  expiry);
          cp.apiKeys().add(key);
          cp.audit()
              .record(
                  new AuditEvent(
                      tenant,
                      actor.subject(),
                      "api-key.create",
                      key.id(),
                      null,
                      AuditJson.of(
                          Map.of(
                              "prefix", key.prefix(),
                              "description", key.description(),
                              "expiresAt", key.expiresAt())),
                      now));
          return new CreatedKey(key, plaintext);
        });
  }

  /** Revokes key {@code id}; revoking a revoked key changes nothing. */
  public ApiKey revoke(Actor actor, TenantId tenant, String id) {
    return tx.inTransaction(
        cp -> {
          TenantAccess.require(cp, tenant, actor, Role.ADMIN);
          ApiKey key =
              cp.apiKeys()
                  .find(tenant, id)
                  .orElseThrow(
                      () ->
                          new TenancyException(
                              TenancyException.Kind.NOT_FOUND,
                              "API key not found",
                              "tenant `" + tenant + "` has no API key `" + id + "`"));
          if (key.revokedAt().isEmpty()) {
            key.revoke(clock.instant());
            cp.audit()
                .record(
                    new AuditEvent(
                        tenant,
                        actor.subject(),
                        "api-key.revoke",
                        key.id(),
                        AuditJson.of(Map.of("revoked", false)),
                        AuditJson.of(Map.of("revoked", true)),
                        clock.instant()));
          }
          return key;
        });
  }

  public List<ApiKey> list(Actor actor, TenantId tenant) {
    return tx.inTransaction(
        cp -> {
          TenantAccess.require(cp, tenant, actor, Role.VIEWER);
          return cp.apiKeys().list(tenant);
        });
  }
}
