package dev.cairn.server.flags;

import dev.cairn.server.TenantId;
import dev.cairn.server.changes.ChangeEntry;
import dev.cairn.server.changes.ChangeJournal;
import dev.cairn.server.changes.ChangeOperation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bson.Document;

/**
 * Announces a committed change of a tenant's flags to every node: this node's snapshot is replaced
 * at once (loaded and compiled before the change is announced), and an entry of the reserved model
 * {@link #MODEL} goes into the change journal, which every node's change feed hands to its fan-out;
 * there the {@code _cairnOnFlagsChanged} subscriptions ({@link FlagSubscriptions}) re-evaluate for
 * their callers and push what changed. Tenant models can never be named {@code _cairnFlags}, so the
 * entry reaches nothing else.
 */
@ApplicationScoped
public class FlagChanges {
  /** The journal's model name for flag changes; the record id is {@link #RECORD}. */
  public static final String MODEL = "_cairnFlags";

  static final String RECORD = "flags";

  private static final Logger LOG = Logger.getLogger(FlagChanges.class.getName());

  @Inject ChangeJournal journal;
  @Inject TenantFlags flags;

  /** Called after the control-plane transaction that made {@code version} committed. */
  public void committed(TenantId tenant, long version, long atMillis) {
    flags.invalidate(tenant);
    try {
      // Compiled now, before the change is announced and acknowledged, so that this node's fan-out
      // finds it ready instead of every subscriber waiting for the first one to load it.
      flags.snapshot(tenant, version);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "flags " + version + " of " + tenant + " load at their first use", e);
    }
    try {
      journal.append(
          null,
          new ChangeEntry(
              tenant,
              MODEL,
              RECORD,
              ChangeOperation.UPDATE,
              (int) version,
              atMillis,
              new Document("version", version)));
    } catch (RuntimeException e) {
      // The change is committed; nodes still pick it up within TenantFlags.CHECK_EVERY_MS for
      // queries, and connected subscribers at the next announced change.
      LOG.log(Level.WARNING, "could not announce flag change " + version + " of " + tenant, e);
    }
  }
}
