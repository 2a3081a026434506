package dev.cairn.server.data.sync;

import java.time.Duration;

/**
 * Settings of list and sync queries.
 *
 * @param tombstoneRetention how long tombstones are kept; a {@code lastSync} older than this
 *     answers as a base sync (default 30 days)
 * @param safetyMargin how far {@code startedAt} lies before the moment the first page is read, so
 *     that a write committed late on another node is not skipped by the next delta sync
 * @param defaultLimit the page size when the client sends none (AppSync: 100)
 * @param maxLimit the largest page size accepted (DataStore asks for 1000)
 */
public record SyncSettings(
    Duration tombstoneRetention, Duration safetyMargin, int defaultLimit, int maxLimit) {
  public SyncSettings {
    if (tombstoneRetention.isNegative() || tombstoneRetention.isZero()) {
      throw new IllegalArgumentException(
          "tombstone retention must be positive, not " + tombstoneRetention);
    }
    if (safetyMargin.isNegative()) {
      throw new IllegalArgumentException(
          "sync safety margin must not be negative, not " + safetyMargin);
    }
    if (defaultLimit < 1 || maxLimit < defaultLimit) {
      throw new IllegalArgumentException(
          "page sizes need 1 <= default (" + defaultLimit + ") <= max (" + maxLimit + ")");
    }
  }

  public static SyncSettings defaults() {
    return new SyncSettings(Duration.ofDays(30), Duration.ofSeconds(5), 100, 1000);
  }
}
