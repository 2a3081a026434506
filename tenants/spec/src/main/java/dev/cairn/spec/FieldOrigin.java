package dev.cairn.spec;

/** Where a field comes from: the tenant's SDL, or one of the transformer's implicit additions. */
public enum FieldOrigin {
  DECLARED,
  /** {@code createdAt}/{@code updatedAt} (or their renamed forms), set by the server. */
  TIMESTAMP,
  /** An owner field named by an {@code allow: owner} rule that the SDL does not declare. */
  OWNER,
  /** A foreign-key field added for a relation that names no {@code fields}. */
  FOREIGN_KEY
}
