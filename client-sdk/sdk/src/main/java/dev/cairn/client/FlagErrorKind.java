package dev.cairn.client;

/** Why a flag read gave the caller's default with {@link FlagReason#ERROR}. */
public enum FlagErrorKind {
  /** The server serves no flag of that key to this user. */
  FLAG_NOT_FOUND,
  /** The flag is of another kind than the getter (e.g. a string flag read as boolean). */
  WRONG_TYPE,
  /** The flag refers to a variation it lacks, or its prerequisites form a cycle (server side). */
  MALFORMED_FLAG,
  /** No values yet: the server has not answered and nothing is stored for this user. */
  NOT_LOADED,
  /** An error kind this SDK does not know (a newer server). */
  OTHER
}
