package dev.cairn.server.tenancy;

import java.time.Instant;
import java.util.Optional;

/**
 * Which audit events to read: by actor (console subject), by action or action prefix ({@code
 * member} matches {@code member.invite}, {@code member.role}, ...), and by time ({@code from}
 * inclusive, {@code to} exclusive). Empty parts match everything.
 */
public record AuditFilter(
    Optional<String> actor,
    Optional<String> actionPrefix,
    Optional<Instant> from,
    Optional<Instant> to) {
  /** Matches every event. */
  public static final AuditFilter ALL =
      new AuditFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public AuditFilter {
    actor = actor.filter(a -> !a.isBlank());
    actionPrefix = actionPrefix.filter(a -> !a.isBlank());
  }
}
