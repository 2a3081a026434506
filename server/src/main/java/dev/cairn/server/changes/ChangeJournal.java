package dev.cairn.server.changes;

import com.mongodb.client.ClientSession;
import dev.cairn.server.TenantId;
import java.util.Optional;
import org.bson.Document;

/**
 * The insert-only log of accepted writes of every tenant, which every node tails with one cursor.
 * Thread-safe.
 */
public interface ChangeJournal {
  /**
   * Appends one entry. With a {@code session} the insert joins that session's transaction, so the
   * record write and its entry commit together; with {@code null} it is written on its own.
   *
   * @throws com.mongodb.MongoException when the entry could not be written (including a second
   *     entry for the same record version)
   */
  void append(ClientSession session, ChangeEntry entry);

  /**
   * Removes entries written before {@code cutoffMillis} (the retention): the change feed has long
   * delivered them, and a client offline longer than the retention base-syncs anyway.
   *
   * @return how many entries were removed
   */
  long purgeBefore(long cutoffMillis);

  /** The record as it was written at {@code version}, if that entry is still in the journal. */
  Optional<Document> recordAt(TenantId tenant, String model, Object recordId, int version);
}
