package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * A console user's membership of a tenant with a {@link Role}. An invited member is known by email
 * only until the console user with that email first calls the admin API; then the membership is
 * bound to their token's subject and from then on matched by subject alone.
 */
@Entity
@Table(
    name = "cairn_member",
    uniqueConstraints = {
      @UniqueConstraint(columnNames = {"tenant", "subject"}),
      @UniqueConstraint(columnNames = {"tenant", "email"})
    })
public class Member {
  @Id
  @Column(length = 36)
  private String id;

  @Column(nullable = false, length = 40)
  private String tenant;

  private String subject;

  private String email;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 20)
  private Role role;

  private long createdAtMillis;

  protected Member() {}

  private Member(TenantId tenant, String subject, String email, Role role, Instant createdAt) {
    this.id = UUID.randomUUID().toString();
    this.tenant = tenant.slug();
    this.subject = subject;
    this.email = email == null || email.isBlank() ? null : email.toLowerCase(Locale.ROOT);
    this.role = role;
    this.createdAtMillis = createdAt.toEpochMilli();
  }

  /** A member known by their console subject (e.g. the user who signs a tenant up). */
  public static Member of(TenantId tenant, String subject, String email, Role role, Instant at) {
    return new Member(tenant, subject, email, role, at);
  }

  /** A member invited by email, bound to a subject on their first call. */
  public static Member invited(TenantId tenant, String email, Role role, Instant at) {
    return new Member(tenant, null, email, role, at);
  }

  public String id() {
    return id;
  }

  public TenantId tenant() {
    return TenantId.of(tenant);
  }

  public Optional<String> subject() {
    return Optional.ofNullable(subject);
  }

  public Optional<String> email() {
    return Optional.ofNullable(email);
  }

  public Role role() {
    return role;
  }

  public Instant createdAt() {
    return Instant.ofEpochMilli(createdAtMillis);
  }

  void bindTo(String consoleSubject) {
    this.subject = consoleSubject;
  }

  public void changeRole(Role newRole) {
    this.role = newRole;
  }
}
