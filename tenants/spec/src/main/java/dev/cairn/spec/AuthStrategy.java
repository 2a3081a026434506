package dev.cairn.spec;

/** {@code allow:} of an {@code @auth} rule. */
public enum AuthStrategy {
  OWNER,
  GROUPS,
  PRIVATE,
  PUBLIC
}
