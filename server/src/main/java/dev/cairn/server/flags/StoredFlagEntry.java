package dev.cairn.server.flags;

import dev.cairn.server.TenantId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Locale;

/**
 * One flag or segment of a tenant, stored as the JSON of its full form ({@link
 * dev.cairn.spec.flags.FlagSetWriter}). The id is assigned by the application: {@code
 * tenant/kind/key}.
 */
@Entity
@Table(name = "cairn_flag_entry")
public class StoredFlagEntry {
  /** What an entry holds. */
  public enum Kind {
    FLAG,
    SEGMENT
  }

  @Id
  @Column(length = 160)
  private String id;

  @Column(nullable = false, length = 40)
  private String tenant;

  @Column(nullable = false, length = 10)
  private String kind;

  @Column(nullable = false, length = 100)
  private String entryKey;

  @Lob
  @Column(nullable = false)
  private String json;

  private long updatedAtMillis;

  protected StoredFlagEntry() {}

  StoredFlagEntry(TenantId tenant, Kind kind, String key, String json, long updatedAtMillis) {
    this.id = id(tenant, kind, key);
    this.tenant = tenant.slug();
    this.kind = kind.name();
    this.entryKey = key;
    this.json = json;
    this.updatedAtMillis = updatedAtMillis;
  }

  static String id(TenantId tenant, Kind kind, String key) {
    return tenant.slug() + "/" + kind.name().toLowerCase(Locale.ROOT) + "/" + key;
  }

  public Kind kind() {
    return Kind.valueOf(kind);
  }

  public String key() {
    return entryKey;
  }

  public String json() {
    return json;
  }

  public Instant updatedAt() {
    return Instant.ofEpochMilli(updatedAtMillis);
  }

  void update(String json, long updatedAtMillis) {
    this.json = json;
    this.updatedAtMillis = updatedAtMillis;
  }
}
