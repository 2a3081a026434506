package dev.cairn.client;

/** What a change did to a record. */
public enum MutationType {
  CREATE,
  UPDATE,
  DELETE
}
