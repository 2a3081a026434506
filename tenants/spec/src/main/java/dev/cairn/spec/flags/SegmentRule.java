package dev.cairn.spec.flags;

import java.util.List;

/** A segment rule: a context is in the segment when every clause of any rule holds. */
public record SegmentRule(String id, List<Clause> clauses) {
  public SegmentRule {
    clauses = List.copyOf(clauses);
  }
}
