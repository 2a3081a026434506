package dev.cairn.server.flags;

import dev.cairn.server.TenantId;
import dev.cairn.spec.flags.FlagStaleness;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * When clients last had each flag evaluated, for the "not evaluated" stale mark ({@link
 * FlagStaleness.Reason#NOT_EVALUATED}). Recorded by the places that serve flags to an app caller
 * (the {@code _cairnFlags} query, the initial push of {@code _cairnOnFlagsChanged}, OFREP), never
 * by the console's "who gets what". A bulk answer counts every flag it holds as evaluated: Cairn's
 * SDK reads all of its user's flags at once and does not report which ones the app looked at. Times
 * are coarse (see {@link #staleAfter()}): the mark is about weeks, not seconds.
 */
public interface FlagUsage {
  /** Knows of no evaluation; the stale period is {@link FlagStaleness#AFTER}. */
  FlagUsage NONE =
      new FlagUsage() {
        @Override
        public void evaluated(TenantId tenant, Collection<String> keys) {}

        @Override
        public Map<String, Instant> lastEvaluated(TenantId tenant) {
          return Map.of();
        }

        @Override
        public Duration staleAfter() {
          return FlagStaleness.AFTER;
        }
      };

  /**
   * Notes that an app caller of {@code tenant} was just served {@code keys}. Never throws: a
   * failure to record is logged and tried again at the next evaluation.
   */
  void evaluated(TenantId tenant, Collection<String> keys);

  /**
   * When each flag of {@code tenant} was last evaluated, by key; flags never evaluated are absent.
   */
  Map<String, Instant> lastEvaluated(TenantId tenant);

  /** The stale period: a flag is marked after this long without a change or an evaluation. */
  Duration staleAfter();
}
