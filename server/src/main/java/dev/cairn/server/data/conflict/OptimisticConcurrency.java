package dev.cairn.server.data.conflict;

/** Rejects every stale write: the client resolves it (AppSync's OPTIMISTIC_CONCURRENCY). */
public final class OptimisticConcurrency implements ConflictResolver {
  @Override
  public Resolution resolve(Conflict conflict) {
    return new Resolution.Reject(
        "version "
            + conflict.incomingVersion()
            + " is behind "
            + conflict.current().get("_version"));
  }
}
