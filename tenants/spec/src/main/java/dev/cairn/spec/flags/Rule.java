package dev.cairn.spec.flags;

import java.util.List;

/** A targeting rule: when every clause holds (no clauses: always), serve {@code serve}. */
public record Rule(String id, String description, List<Clause> clauses, Serve serve) {
  public Rule {
    clauses = List.copyOf(clauses);
    description = description == null ? "" : description;
  }
}
