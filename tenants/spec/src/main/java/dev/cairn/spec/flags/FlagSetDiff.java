package dev.cairn.spec.flags;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What applying one flag set over another changes, flag by flag and segment by segment. */
public final class FlagSetDiff {
  /** One change: {@code what} is {@code flag} or {@code segment}. */
  public record Change(String what, String key, Kind kind) {}

  public enum Kind {
    ADDED,
    REMOVED,
    CHANGED
  }

  private FlagSetDiff() {}

  /**
   * Changes from {@code before} to {@code after}: segments first, then flags, each in key order.
   */
  public static List<Change> between(FlagSet before, FlagSet after) {
    List<Change> changes = new ArrayList<>();
    diff("segment", before.segments(), after.segments(), changes);
    diff("flag", before.flags(), after.flags(), changes);
    return changes;
  }

  private static <T> void diff(
      String what, Map<String, T> before, Map<String, T> after, List<Change> out) {
    java.util.TreeSet<String> keys = new java.util.TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    for (String key : keys) {
      T b = before.get(key);
      T a = after.get(key);
      if (b == null) {
        out.add(new Change(what, key, Kind.ADDED));
      } else if (a == null) {
        out.add(new Change(what, key, Kind.REMOVED));
      } else if (!a.equals(b)) {
        out.add(new Change(what, key, Kind.CHANGED));
      }
    }
  }
}
