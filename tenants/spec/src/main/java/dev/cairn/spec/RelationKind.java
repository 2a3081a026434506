package dev.cairn.spec;

/** The relational directives of Amplify's transformer v2. */
public enum RelationKind {
  HAS_ONE,
  HAS_MANY,
  BELONGS_TO,
  MANY_TO_MANY
}
