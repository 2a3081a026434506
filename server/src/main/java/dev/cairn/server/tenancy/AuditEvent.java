package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One control-plane change: who (the console subject, or {@code system}), what ({@code action},
 * e.g. {@code api-key.create}), on what ({@code target}, e.g. the key's id), the state before and
 * after as JSON text (empty when there is none; secrets never appear), and when. Written in the
 * same transaction as the change it records.
 */
@Entity
@Table(name = "cairn_audit_event")
public class AuditEvent {
  /** Orders events of one node that share a millisecond; see {@link #orderedId}. */
  private static final AtomicLong SEQUENCE = new AtomicLong();

  @Id
  @Column(length = 64)
  private String id;

  @Column(nullable = false, length = 40)
  private String tenant;

  @Column(nullable = false)
  private String actor;

  @Column(nullable = false, length = 60)
  private String action;

  @Column(length = 500)
  private String target;

  @Lob private String beforeJson;

  @Lob private String afterJson;

  private long atMillis;

  protected AuditEvent() {}

  public AuditEvent(
      TenantId tenant,
      String actor,
      String action,
      String target,
      String beforeJson,
      String afterJson,
      Instant at) {
    this.id = orderedId(at);
    this.tenant = tenant.slug();
    this.actor = actor;
    this.action = action;
    this.target = target;
    this.beforeJson = beforeJson;
    this.afterJson = afterJson;
    this.atMillis = at.toEpochMilli();
  }

  /**
   * An id that sorts like the events happened: the time, then a per-node sequence (events in the
   * same millisecond on one node keep their order), then randomness (unique across nodes).
   */
  private static String orderedId(Instant at) {
    return String.format(
        "%013x-%012x-%s", at.toEpochMilli(), SEQUENCE.incrementAndGet(), UUID.randomUUID());
  }

  public String id() {
    return id;
  }

  public TenantId tenant() {
    return TenantId.of(tenant);
  }

  public String actor() {
    return actor;
  }

  public String action() {
    return action;
  }

  public String target() {
    return target == null ? "" : target;
  }

  public Optional<String> before() {
    return Optional.ofNullable(beforeJson);
  }

  public Optional<String> after() {
    return Optional.ofNullable(afterJson);
  }

  public Instant at() {
    return Instant.ofEpochMilli(atMillis);
  }
}
