package dev.cairn.spec.flags;

import java.util.List;

/**
 * One condition over a context attribute: {@code attribute op values}, inverted by {@code negate}.
 * The operator is kept as written so that a document from a newer Cairn still reads; an operator
 * this version does not know makes the clause not match ({@link Operator#named}). A clause over a
 * list attribute (e.g. {@code groups}) holds when any element matches any value. A clause whose
 * attribute is missing from the context does not match, negated or not. {@code type}, when given,
 * declares how the attribute is compared ({@code string | number | boolean | date | semver}).
 */
public record Clause(
    String attribute, String op, List<Object> values, boolean negate, String type) {
  public Clause {
    values = List.copyOf(values);
    type = type == null ? "" : type;
  }

  public Clause(String attribute, String op, List<Object> values) {
    this(attribute, op, values, false, "");
  }
}
