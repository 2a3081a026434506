package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * An API key of a tenant. Only the SHA-256 of the key is stored (keys are 256-bit random, so a
 * plain hash is enough); the first characters are kept as a {@code prefix} so a human can tell keys
 * apart. A key is usable while it is neither revoked nor expired.
 */
@Entity
@Table(name = "cairn_api_key")
public class ApiKey {
  @Id
  @Column(length = 36)
  private String id;

  @Column(nullable = false, length = 40)
  private String tenant;

  @Column(nullable = false, unique = true, length = 64)
  private String hash;

  @Column(nullable = false, length = 20)
  private String prefix;

  @Column(length = 200)
  private String description;

  private long createdAtMillis;

  private long expiresAtMillis;

  private Long revokedAtMillis;

  protected ApiKey() {}

  public ApiKey(
      TenantId tenant,
      String hash,
      String prefix,
      String description,
      Instant createdAt,
      Instant expiresAt) {
    this.id = UUID.randomUUID().toString();
    this.tenant = tenant.slug();
    this.hash = hash;
    this.prefix = prefix;
    this.description = description;
    this.createdAtMillis = createdAt.toEpochMilli();
    this.expiresAtMillis = expiresAt.toEpochMilli();
  }

  public String id() {
    return id;
  }

  public TenantId tenant() {
    return TenantId.of(tenant);
  }

  public String hash() {
    return hash;
  }

  public String prefix() {
    return prefix;
  }

  public String description() {
    return description == null ? "" : description;
  }

  public Instant createdAt() {
    return Instant.ofEpochMilli(createdAtMillis);
  }

  public Instant expiresAt() {
    return Instant.ofEpochMilli(expiresAtMillis);
  }

  public Optional<Instant> revokedAt() {
    return Optional.ofNullable(revokedAtMillis).map(Instant::ofEpochMilli);
  }

  public void revoke(Instant at) {
    if (revokedAtMillis == null) {
      revokedAtMillis = at.toEpochMilli();
    }
  }

  /** Usable at {@code now}: not revoked, and {@code now} is before the expiry. */
  public boolean usableAt(Instant now) {
    return revokedAtMillis == null && now.toEpochMilli() < expiresAtMillis;
  }
}
