package dev.cairn.server.realtime;

import dev.cairn.server.changes.ChangeEntry;
import dev.cairn.server.changes.ChangeOperation;

/**
 * A subscription request checked against the tenant's schema and the subscriber's rights: which
 * changes it wants and how a change is shown to it. Immutable and thread-safe; the fan-out calls it
 * for every change of its model and operation.
 */
public interface CompiledSubscription {
  /** The model whose changes are wanted, e.g. {@code Post}. */
  String model();

  /** Which writes are wanted ({@code onCreatePost} → CREATE). */
  ChangeOperation operation();

  /**
   * Whether this change goes to this subscriber: its {@code filter} and {@code owner} arguments
   * match, and the model's {@code @auth} rules let the subscriber read the record.
   */
  boolean wants(ChangeEntry change);

  /**
   * Subscriptions with equal keys render this change identically (same selection set, same readable
   * fields), so the fan-out renders it once per key and shares the result.
   */
  Object renderKey(ChangeEntry change);

  /**
   * The change as this subscription's {@code payload}: {@code {"data":{"onCreatePost":{...}}}} with
   * the subscription's own selection set, as JSON.
   */
  String render(ChangeEntry change);
}
