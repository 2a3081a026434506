package dev.cairn.server.tenancy;

import dev.cairn.server.changes.ChangeJournal;
import dev.cairn.server.data.RecordStore;
import dev.cairn.spec.Model;
import dev.cairn.spec.ModelSchemaParser;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Enforces the tombstone retention (DESIGN.md "Sync"): removes tombstones and change-journal
 * entries older than the retention from every model of every tenant's active schema. Sync already
 * answers a {@code lastSync} older than the retention with a base sync, so no client misses a
 * removed deletion; the journal's old entries serve only AUTOMERGE's base-version lookups, which
 * need no more history than a client can be offline without a base sync. Idempotent: several nodes
 * may run it at once. Thread-safe.
 */
public final class Retention {
  private static final Logger LOG = Logger.getLogger(Retention.class.getName());

  /** What one run removed. */
  public record Purged(long tombstones, long journalEntries) {}

  private final ControlPlaneTransactions controlPlane;
  private final RecordStore store;
  private final ChangeJournal journal;
  private final Clock clock;
  private final Duration retention;

  public Retention(
      ControlPlaneTransactions controlPlane,
      RecordStore store,
      ChangeJournal journal,
      Clock clock,
      Duration retention) {
    this.controlPlane = controlPlane;
    this.store = store;
    this.journal = journal;
    this.clock = clock;
    this.retention = retention;
  }

  /** Removes what is older than the retention now. A tenant that fails is logged and skipped. */
  public Purged run() {
    long cutoff = clock.millis() - retention.toMillis();
    List<SchemaVersion> active = controlPlane.inTransaction(cp -> cp.schemas().allActive());
    long tombstones = 0;
    for (SchemaVersion version : active) {
      try {
        for (Model model :
            ModelSchemaParser.parse("schema.graphql", version.sdl()).orElseThrow().models()) {
          tombstones += store.purgeTombstones(version.tenant(), model, cutoff);
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "could not purge the tombstones of tenant " + version.tenant(), e);
      }
    }
    long entries = journal.purgeBefore(cutoff);
    if (tombstones > 0 || entries > 0) {
      LOG.info(
          "retention of "
              + retention.toDays()
              + " days: removed "
              + tombstones
              + " tombstones and "
              + entries
              + " change-journal entries");
    }
    return new Purged(tombstones, entries);
  }
}
