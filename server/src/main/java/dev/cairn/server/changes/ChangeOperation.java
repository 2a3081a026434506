package dev.cairn.server.changes;

/** What an accepted write did to a record. */
public enum ChangeOperation {
  CREATE,
  UPDATE,
  DELETE
}
