package dev.cairn.console.tenant.flags;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's refusal of a flag or segment, sorted to the fields it names, so that each problem
 * shows next to its field. The admin API lists problems as {@code path: message} with paths like
 * {@code flags.checkout-v2.rules[beta].clauses[0].values[1]}; paths here are relative to the entry
 * ({@code rules[beta].clauses[0].values[1]}).
 */
public final class Problems implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Problems NONE = new Problems(List.of());

  /** A problem at {@code path} (relative to the entry; empty for the entry itself). */
  public record Problem(String path, String message) implements Serializable {
    /** For EL, which reads bean getters, not record accessors. */
    public String getPath() {
      return path;
    }

    public String getMessage() {
      return message;
    }

    @Override
    public String toString() {
      return path.isEmpty() ? message : path + ": " + message;
    }
  }

  private final List<Problem> all;

  private Problems(List<Problem> all) {
    this.all = List.copyOf(all);
  }

  public static Problems none() {
    return NONE;
  }

  /**
   * Sorts the problem document's items: those under {@code root} (e.g. {@code flags.banner}) become
   * relative to it; others (another flag's problem caused by this change) keep their full path.
   */
  public static Problems of(String root, List<String> items) {
    List<Problem> problems = new ArrayList<>();
    for (String item : items) {
      int colon = item.indexOf(": ");
      String path = colon < 0 ? "" : item.substring(0, colon);
      String message = colon < 0 ? item : item.substring(colon + 2);
      if (path.equals(root)) {
        path = "";
      } else if (path.startsWith(root + ".")) {
        path = path.substring(root.length() + 1);
      }
      problems.add(new Problem(path, message));
    }
    return new Problems(problems);
  }

  /** The messages of problems at {@code path} or inside it, joined; empty when none. */
  public String at(String path) {
    return join(all.stream().filter(p -> within(p.path, path)).toList());
  }

  /** The messages of problems at exactly {@code path}, joined; empty when none. */
  public String exactly(String path) {
    return join(all.stream().filter(p -> p.path.equals(path)).toList());
  }

  private static boolean within(String problem, String field) {
    return problem.equals(field)
        || problem.startsWith(field + ".")
        || problem.startsWith(field + "[");
  }

  private static String join(List<Problem> problems) {
    return String.join("; ", problems.stream().map(Problem::message).toList());
  }

  public boolean isEmpty() {
    return all.isEmpty();
  }

  public List<Problem> getAll() {
    return all;
  }
}
