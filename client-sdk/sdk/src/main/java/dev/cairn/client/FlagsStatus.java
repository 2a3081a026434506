package dev.cairn.client;

/** Where the values of {@link Flags} come from. */
public enum FlagsStatus {
  /** Nothing yet: no answer from the server and nothing stored for this user; defaults are read. */
  NOT_LOADED,
  /** The last values stored for this user, not yet confirmed by the server in this run. */
  CACHED,
  /** Subscribed to changes and caught up with the server. */
  LIVE,
  /** Were live, but the connection is lost: the values may be out of date until it is back. */
  STALE
}
