package dev.cairn.spec;

/**
 * Cairn's per-field conflict policy, {@code @conflict(policy: ...)}: how the server merges a stale
 * write (one whose {@code _version} is behind the stored record) into that field when the model's
 * conflict strategy is AUTOMERGE. Fields without a policy follow AppSync's automerge rules.
 */
public enum ConflictPolicy {
  /** Keep the stored value (AppSync's automerge rule for scalars). */
  SERVER_WINS,
  /** Take the incoming value: last writer wins for this field. */
  CLIENT_WINS,
  /** Stored list followed by the incoming elements (lists only). */
  LIST_APPEND,
  /** Stored elements plus incoming elements not already present, in order (lists only). */
  SET_UNION,
  /** The larger of stored and incoming (numbers and the AWS date/time scalars). */
  MAX,
  /**
   * Add the client's increment (incoming minus the value at the client's {@code _version}) to the
   * stored value, so concurrent counts from many devices all land (Int and Float only).
   */
  COUNTER
}
