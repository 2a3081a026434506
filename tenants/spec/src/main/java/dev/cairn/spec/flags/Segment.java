package dev.cairn.spec.flags;

import java.util.List;
import java.util.Set;

/**
 * A named set of users: a context is in it when its {@code key} is {@code included}; otherwise not
 * when it is {@code excluded}; otherwise when any rule matches. Member lists never leave the
 * server.
 */
public record Segment(
    String key,
    String name,
    String description,
    Set<String> included,
    Set<String> excluded,
    List<SegmentRule> rules) {
  public Segment {
    included = Set.copyOf(included);
    excluded = Set.copyOf(excluded);
    rules = List.copyOf(rules);
    name = name == null ? "" : name;
    description = description == null ? "" : description;
  }
}
