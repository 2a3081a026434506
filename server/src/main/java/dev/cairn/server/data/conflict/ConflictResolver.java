package dev.cairn.server.data.conflict;

/**
 * One conflict strategy. Implementations are stateless and thread-safe, and must not write: the
 * record store writes what they decide, conditionally on the version they saw.
 */
public interface ConflictResolver {
  Resolution resolve(Conflict conflict);
}
