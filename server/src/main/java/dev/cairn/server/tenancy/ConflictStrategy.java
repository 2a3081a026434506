package dev.cairn.server.tenancy;

/** How a stale write is resolved (DESIGN.md, Conflicts). */
public enum ConflictStrategy {
  AUTOMERGE,
  OPTIMISTIC_CONCURRENCY,
  CUSTOM
}
