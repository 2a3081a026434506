package dev.cairn.server.realtime;

import dev.cairn.server.changes.ChangeEntry;
import dev.cairn.server.changes.ChangeOperation;
import java.util.function.Consumer;

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
   * Subscriptions with equal group keys are interchangeable for the fan-out: they want exactly the
   * same changes ({@link #wants}: same filter, same {@code owner} argument, same read scope under
   * {@code @auth}) and render every change identically ({@link #renderKey} and {@link #render}).
   * The fan-out then asks one of them per change and sends the result to all. The key must include
   * everything of the subscriber's identity that {@code wants} or {@code render} depends on; two
   * subscribers whose rights differ must never share a key. The default, the subscription itself,
   * shares with nobody.
   */
  default Object groupKey() {
    return this;
  }

  /**
   * Subscriptions with equal keys render this change identically (same selection set, same readable
   * fields, same view of the records its relation fields show), so the fan-out renders it once per
   * key and shares the result.
   *
   * @param change the change, with what is worked out once per change for all subscribers
   */
  Object renderKey(ChangeInFlight change);

  /**
   * The change as this subscription's {@code payload}: {@code {"data":{"onCreatePost":{...}}}} with
   * the subscription's own selection set, as JSON, complete (never with {@code errors}: the client
   * would drop it).
   */
  String render(ChangeInFlight change);

  /**
   * Called once the subscriber has been sent {@code start_ack}: a subscription that answers with
   * data right away (Cairn's {@code _cairnOnFlagsChanged(initial: true)}) sends its payload through
   * {@code send}, which queues it behind the {@code start_ack}. Model subscriptions send nothing.
   */
  default void started(Consumer<String> send) {}

  /**
   * Whether a new schema version can make this subscription stale, so that realtime asks {@link
   * SubscriptionBackend#isCurrent} about it in every recheck round. Subscriptions that read no
   * tenant model (Cairn's flag subscription) answer false and are never compiled again for a schema
   * change.
   */
  default boolean followsSchema() {
    return true;
  }
}
