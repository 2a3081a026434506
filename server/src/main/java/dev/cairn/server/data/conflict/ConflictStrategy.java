package dev.cairn.server.data.conflict;

/** How a model answers a write whose {@code _version} is behind the stored record. */
public enum ConflictStrategy {
  /** AppSync's automerge plus the schema's {@code @conflict} field policies (the default). */
  AUTOMERGE,
  /** Reject with {@code ConflictUnhandled} and the full current record. */
  OPTIMISTIC_CONCURRENCY,
  /** Ask the tenant's webhook: RESOLVE with an item, REJECT, or REMOVE. */
  CUSTOM
}
