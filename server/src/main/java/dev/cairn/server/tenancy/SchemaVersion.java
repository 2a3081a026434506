package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.Instant;
import java.util.UUID;

/**
 * One published version of a tenant's {@code schema.graphql}: its SDL exactly as uploaded, its
 * storage hash ({@link dev.cairn.spec.SchemaHash}), a per-tenant number counting from 1, who
 * published it and when. At most one version of a tenant is active.
 */
@Entity
@Table(
    name = "cairn_schema_version",
    uniqueConstraints = @UniqueConstraint(columnNames = {"tenant", "number"}))
public class SchemaVersion {
  @Id
  @Column(length = 36)
  private String id;

  @Column(nullable = false, length = 40)
  private String tenant;

  private int number;

  @Lob
  @Column(nullable = false)
  private String sdl;

  @Column(nullable = false, length = 32)
  private String hash;

  @Column(nullable = false)
  private String author;

  private long createdAtMillis;

  private boolean active;

  protected SchemaVersion() {}

  public SchemaVersion(
      TenantId tenant, int number, String sdl, String hash, String author, Instant createdAt) {
    this.id = UUID.randomUUID().toString();
    this.tenant = tenant.slug();
    this.number = number;
    this.sdl = sdl;
    this.hash = hash;
    this.author = author;
    this.createdAtMillis = createdAt.toEpochMilli();
  }

  public TenantId tenant() {
    return TenantId.of(tenant);
  }

  public int number() {
    return number;
  }

  public String sdl() {
    return sdl;
  }

  public String hash() {
    return hash;
  }

  public String author() {
    return author;
  }

  public Instant createdAt() {
    return Instant.ofEpochMilli(createdAtMillis);
  }

  public boolean active() {
    return active;
  }

  void setActive(boolean active) {
    this.active = active;
  }
}
