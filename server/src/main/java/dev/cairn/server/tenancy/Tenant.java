package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A tenant: its slug (the primary key), display name, who signed it up and its state. */
@Entity
@Table(name = "cairn_tenant")
public class Tenant {
  @Id
  @Column(length = 40)
  private String slug;

  @Column(nullable = false, length = 200)
  private String name;

  @Column(nullable = false)
  private String createdBy;

  private long createdAtMillis;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 20)
  private TenantStatus status;

  /** Null (rows made before the column existed) means enabled, as AppSync's default. */
  private Boolean introspection;

  protected Tenant() {}

  public Tenant(TenantId id, String name, String createdBy, Instant createdAt) {
    this.slug = id.slug();
    this.name = name;
    this.createdBy = createdBy;
    this.createdAtMillis = createdAt.toEpochMilli();
    this.status = TenantStatus.PROVISIONING;
  }

  public TenantId id() {
    return TenantId.of(slug);
  }

  public String name() {
    return name;
  }

  public String createdBy() {
    return createdBy;
  }

  public Instant createdAt() {
    return Instant.ofEpochMilli(createdAtMillis);
  }

  public TenantStatus status() {
    return status;
  }

  /** Whether the tenant's GraphQL API answers introspection queries ({@code __schema}). */
  public boolean introspection() {
    return introspection == null || introspection;
  }

  public void setIntrospection(boolean enabled) {
    this.introspection = enabled;
  }

  public void activate() {
    status = TenantStatus.ACTIVE;
  }
}
