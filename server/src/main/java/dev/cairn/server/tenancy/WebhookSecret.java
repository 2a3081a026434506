package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * The secret a tenant's conflict webhook calls are signed with (see {@code WebhookSignature}). Kept
 * in plain text because Cairn needs it to sign; shown to the tenant once, when it is made, and
 * never in an admin API answer or the audit log afterwards. Its own table so that installations
 * made before it existed gain it without a migration.
 */
@Entity
@Table(name = "cairn_webhook_secret")
public class WebhookSecret {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Id
  @Column(length = 40)
  private String tenant;

  @Column(nullable = false, length = 100)
  private String secret;

  private long createdAtMillis;

  protected WebhookSecret() {}

  WebhookSecret(TenantId tenant, Instant at) {
    this.tenant = tenant.slug();
    rotate(at);
  }

  /** Replaces the secret with a new random one ({@code whsec_} + 32 random bytes, base64url). */
  void rotate(Instant at) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    this.secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    this.createdAtMillis = at.toEpochMilli();
  }

  public String secret() {
    return secret;
  }

  public Instant createdAt() {
    return Instant.ofEpochMilli(createdAtMillis);
  }
}
