package dev.cairn.client;

import java.util.Map;

/**
 * Decides what happens when the server rejects a mutation with {@code ConflictUnhandled}
 * (optimistic concurrency): called on the sync engine's thread, must not block for long and must be
 * thread-safe. The default {@link #retryLocal()} resends the local changes on top of the server's
 * version, as Amplify DataStore intends.
 */
@FunctionalInterface
public interface ConflictHandler {

  Resolution resolve(Conflict conflict);

  /**
   * The conflict: the model, the record's id (its whole primary key, written as in {@link
   * CairnEvent}), the fields the local mutation changed ({@code local}, wire names) and the
   * server's current record ({@code remote}, wire names, with {@code _version}).
   */
  record Conflict(
      ModelType<?> type,
      String id,
      MutationType mutation,
      Map<String, Object> local,
      Map<String, Object> remote) {}

  /** What to do about a conflict. */
  sealed interface Resolution permits Discard, RetryLocal, RetryWith {}

  /** Drop the local change and take the server's record. */
  record Discard() implements Resolution {}

  /** Send the local changes again against the server's version. */
  record RetryLocal() implements Resolution {}

  /**
   * Make the record {@code values} (writable fields, wire names) against the server's version. An
   * update sends only the fields whose value differs from {@code remote}, so a further conflict's
   * {@code local} holds those fields alone.
   */
  record RetryWith(Map<String, Object> values) implements Resolution {}

  static ConflictHandler retryLocal() {
    return c -> new RetryLocal();
  }

  static ConflictHandler discard() {
    return c -> new Discard();
  }
}
