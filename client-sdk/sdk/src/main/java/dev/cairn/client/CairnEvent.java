package dev.cairn.client;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What the sync engine reports, as Amplify DataStore's hub events do, plus sync progress and
 * mutation failures. Delivered to listeners registered with {@link CairnClient#addEventListener},
 * on the engine's thread, in the order they happened.
 *
 * <p>An event's {@code id} names the record by its whole primary key: the {@code id} of a model
 * keyed by {@code id} (or the value of a one-field {@code @primaryKey} of a string-like kind), else
 * the key values as a JSON array in key order ({@code ["w1","A-01"]} for a {@code Bin} keyed by
 * {@code warehouseId} and the sort key {@code code}).
 */
public sealed interface CairnEvent {

  /** The realtime connection to the server came up ({@code active}) or went down. */
  record NetworkStatus(boolean active) implements CairnEvent {}

  /** Every model's subscriptions were acknowledged by the server. */
  record SubscriptionsEstablished() implements CairnEvent {}

  /** A sync round started for {@code models}. */
  record SyncQueriesStarted(List<String> models) implements CairnEvent {}

  /**
   * Records received so far in the current sync of {@code model}, after each page, and how many the
   * whole sync is expected to bring. The estimate comes from the server with the first page (a
   * Cairn server counts what the sync will return under the user's read scope; a server that
   * cannot, such as AppSync, gives none: empty), never exceeds {@code maxRecordsToSync}, and is
   * raised to {@code received} when more came than estimated (records written meanwhile). On the
   * sync's last page it is {@code received}: the total is then known.
   */
  record SyncProgress(String model, long received, OptionalLong estimatedTotal)
      implements CairnEvent {
    /** Progress without an estimate. */
    public SyncProgress(String model, long received) {
      this(model, received, OptionalLong.empty());
    }

    /**
     * {@code received / estimatedTotal}, from 0 to 1 (1 for an empty sync); empty without an
     * estimate.
     */
    public OptionalDouble fraction() {
      if (estimatedTotal.isEmpty()) {
        return OptionalDouble.empty();
      }
      long total = estimatedTotal.getAsLong();
      return OptionalDouble.of(total <= 0 ? 1.0 : Math.min(1.0, (double) received / total));
    }
  }

  /** A model's sync finished; counts of records created, updated and deleted locally. */
  record ModelSynced(
      String model, boolean fullSync, int created, int updated, int deleted, long received)
      implements CairnEvent {}

  /** Every model of the round is synced. */
  record SyncQueriesReady() implements CairnEvent {}

  /** The engine is subscribed and synced; from now on it is live. */
  record Ready() implements CairnEvent {}

  /** A local change was queued for the server. */
  record OutboxMutationEnqueued(String model, String id, MutationType mutation)
      implements CairnEvent {}

  /**
   * The server accepted a queued mutation; {@code version} is the record's new {@code _version}.
   */
  record OutboxMutationProcessed(String model, String id, MutationType mutation, int version)
      implements CairnEvent {}

  /** Whether the outbox is empty now. */
  record OutboxStatus(boolean empty) implements CairnEvent {}

  /**
   * The server refused a queued mutation for good (not a network problem and not a conflict); the
   * mutation was removed and the local record reconciled with the server's.
   */
  record MutationFailed(String model, String id, MutationType mutation, CairnException error)
      implements CairnEvent {}

  /** A conflict was resolved by the conflict handler. */
  record ConflictResolved(String model, String id, ConflictHandler.Resolution resolution)
      implements CairnEvent {}

  /**
   * The server's active schema is not the one the app's models were generated from ({@code
   * appHash}, set with {@code CairnClient.Builder.schemaHash}): the server is older or newer than
   * the app. Sync goes on; fields one side does not know are refused or missing.
   */
  record SchemaMismatch(String appHash, String serverHash) implements CairnEvent {}

  /**
   * After a compatible schema upgrade, a sync restricted to the records holding the new {@code
   * fields} filled them; {@code received} records came down.
   */
  record FieldsFilled(String model, List<String> fields, long received) implements CairnEvent {}

  /**
   * The scope of {@code model} changed (its sync expression or the user's groups): {@code evicted}
   * local records left the store (observers saw them deleted) and {@code fetched} records came in
   * through a sync restricted to the difference.
   */
  record ScopeChanged(String model, int evicted, long fetched) implements CairnEvent {}
}
