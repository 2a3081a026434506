package dev.cairn.client;

import java.util.List;

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

  /** Records received so far in the current sync of {@code model}. */
  record SyncProgress(String model, long received) implements CairnEvent {}

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
