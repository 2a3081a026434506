package dev.cairn.server.flags;

import dev.cairn.server.TenantId;
import dev.cairn.server.tenancy.ControlPlaneTransactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's compiled flag sets, one per tenant, for evaluation. A snapshot is reloaded when a
 * change is announced (through this node's admin API at once, from other nodes through the change
 * journal, see {@link FlagChanges}) and, as a safety net for a lost announcement, when the stored
 * version differs at a check at most {@link #CHECK_EVERY_MS} after the last one. Thread-safe.
 *
 * <p>Not a Caffeine cache: it holds exactly one small entry per tenant that uses flags and never
 * evicts, so size-based eviction has nothing to do; what matters is freshness, checked here.
 */
@ApplicationScoped
public class TenantFlags {
  static final long CHECK_EVERY_MS = 1_000;

  private record Entry(FlagSnapshot snapshot, long checkedAtMillis) {}

  private final Map<TenantId, Entry> entries = new ConcurrentHashMap<>();
  private ControlPlaneTransactions tx;
  private Clock clock;

  protected TenantFlags() {}

  @Inject
  public TenantFlags(ControlPlaneTransactions tx, Clock clock) {
    this.tx = tx;
    this.clock = clock;
  }

  /** The tenant's current snapshot (at most {@link #CHECK_EVERY_MS} behind the control plane). */
  public FlagSnapshot snapshot(TenantId tenant) {
    return snapshot(tenant, 0);
  }

  /**
   * A snapshot of at least {@code minVersion} (the version a change announced). One that is already
   * that new is returned without a check against the control plane, however long ago the last check
   * was: the fan-out asks this once per subscriber of a change, and a newer version would be
   * announced (and fanned out) in its turn.
   */
  public FlagSnapshot snapshot(TenantId tenant, long minVersion) {
    Entry entry = entries.get(tenant);
    if (minVersion > 0 && entry != null && entry.snapshot.version() >= minVersion) {
      return entry.snapshot;
    }
    long now = clock.millis();
    if (entry != null
        && entry.snapshot.version() >= minVersion
        && now - entry.checkedAtMillis < CHECK_EVERY_MS) {
      return entry.snapshot;
    }
    return entries.compute(
            tenant,
            (t, old) -> {
              if (old != null
                  && old.snapshot.version() >= minVersion
                  && now - old.checkedAtMillis < CHECK_EVERY_MS) {
                return old; // another thread refreshed it meanwhile
              }
              return refresh(t, old, now);
            })
        .snapshot;
  }

  private Entry refresh(TenantId tenant, Entry old, long now) {
    return tx.inTransaction(
        cp -> {
          FlagRepository repository = cp.flags();
          long version = repository.version(tenant);
          if (old != null && old.snapshot.version() == version) {
            return new Entry(old.snapshot, now);
          }
          return new Entry(FlagSnapshot.of(version, repository.load(tenant)), now);
        });
  }

  /** Forgets the tenant's snapshot; the next use reloads it. */
  public void invalidate(TenantId tenant) {
    entries.remove(tenant);
  }
}
