package dev.cairn.spec;

/** What a field's named type is. */
public enum TypeKind {
  SCALAR,
  ENUM,
  /** A non-model object type, stored inside its owning record. */
  EMBEDDED,
  MODEL
}
