package dev.cairn.server.flags;

import dev.cairn.server.TenantId;
import dev.cairn.server.flags.StoredFlagEntry.Kind;
import dev.cairn.server.tenancy.AuditEvent;
import dev.cairn.spec.flags.Flag;
import dev.cairn.spec.flags.FlagSet;
import dev.cairn.spec.flags.FlagSetReader;
import dev.cairn.spec.flags.FlagSetWriter;
import dev.cairn.spec.flags.Segment;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A tenant's flags and segments in the control plane. Reads the whole set at once (a tenant has
 * tens to hundreds of flags, and every change is validated against the whole set). Obtained from
 * {@link dev.cairn.server.tenancy.ControlPlane#flags()}, inside one transaction.
 */
public final class FlagRepository {
  private final EntityManager em;

  public FlagRepository(EntityManager em) {
    this.em = em;
  }

  /** The tenant's current set, flags and segments each in key order. */
  public FlagSet load(TenantId tenant) {
    List<StoredFlagEntry> entries =
        em.createQuery(
                "SELECT e FROM StoredFlagEntry e WHERE e.tenant = :tenant ORDER BY e.entryKey",
                StoredFlagEntry.class)
            .setParameter("tenant", tenant.slug())
            .getResultList();
    Map<String, Flag> flags = new LinkedHashMap<>();
    Map<String, Segment> segments = new LinkedHashMap<>();
    for (StoredFlagEntry e : entries) {
      Object tree = FlagJson.read(e.json());
      if (e.kind() == Kind.FLAG) {
        flags.put(e.key(), FlagSetReader.readFlag(e.key(), tree));
      } else {
        segments.put(e.key(), FlagSetReader.readSegment(e.key(), tree));
      }
    }
    return new FlagSet(flags, segments);
  }

  /** The audit events whose target is {@code target} ({@code flag:<key>}), newest first. */
  public List<AuditEvent> history(TenantId tenant, String target, int limit) {
    return em.createQuery(
            "SELECT e FROM AuditEvent e WHERE e.tenant = :tenant AND e.target = :target"
                + " ORDER BY e.id DESC",
            AuditEvent.class)
        .setParameter("tenant", tenant.slug())
        .setParameter("target", target)
        .setMaxResults(limit)
        .getResultList();
  }

  /** When each flag of the tenant last changed, by key. */
  public Map<String, Instant> flagsChangedAt(TenantId tenant) {
    Map<String, Instant> out = new LinkedHashMap<>();
    em.createQuery(
            "SELECT e FROM StoredFlagEntry e WHERE e.tenant = :tenant AND e.kind = :kind",
            StoredFlagEntry.class)
        .setParameter("tenant", tenant.slug())
        .setParameter("kind", Kind.FLAG.name())
        .getResultList()
        .forEach(e -> out.put(e.key(), e.updatedAt()));
    return out;
  }

  /** The set's version; 0 before the first change. */
  public long version(TenantId tenant) {
    StoredFlagSetVersion v = em.find(StoredFlagSetVersion.class, tenant.slug());
    return v == null ? 0 : v.number();
  }

  /**
   * Makes the stored set equal to {@code after} (writing only entries that differ from {@code
   * before}) and increments the version.
   *
   * @return the new version
   */
  public long replace(TenantId tenant, FlagSet before, FlagSet after, long nowMillis) {
    sync(
        tenant,
        Kind.FLAG,
        before.flags(),
        after.flags(),
        f -> FlagSetWriter.flag((Flag) f),
        nowMillis);
    sync(
        tenant,
        Kind.SEGMENT,
        before.segments(),
        after.segments(),
        s -> FlagSetWriter.segment((Segment) s),
        nowMillis);
    StoredFlagSetVersion version =
        em.find(StoredFlagSetVersion.class, tenant.slug(), LockModeType.OPTIMISTIC_FORCE_INCREMENT);
    if (version == null) {
      version = new StoredFlagSetVersion(tenant.slug());
      em.persist(version);
    }
    return version.increment();
  }

  private void sync(
      TenantId tenant,
      Kind kind,
      Map<String, ?> before,
      Map<String, ?> after,
      Function<Object, Map<String, Object>> writer,
      long nowMillis) {
    for (String key : before.keySet()) {
      if (!after.containsKey(key)) {
        StoredFlagEntry gone =
            em.find(StoredFlagEntry.class, StoredFlagEntry.id(tenant, kind, key));
        if (gone != null) {
          em.remove(gone);
        }
      }
    }
    for (Map.Entry<String, ?> e : after.entrySet()) {
      if (e.getValue().equals(before.get(e.getKey()))) {
        continue;
      }
      String json = FlagJson.write(writer.apply(e.getValue()));
      StoredFlagEntry stored =
          em.find(StoredFlagEntry.class, StoredFlagEntry.id(tenant, kind, e.getKey()));
      if (stored == null) {
        em.persist(new StoredFlagEntry(tenant, kind, e.getKey(), json, nowMillis));
      } else {
        stored.update(json, nowMillis);
      }
    }
  }
}
