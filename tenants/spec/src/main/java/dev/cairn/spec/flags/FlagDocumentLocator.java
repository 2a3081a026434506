package dev.cairn.spec.flags;

import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Finds where in a {@code flags.yaml} text (YAML or JSON) a {@link FlagProblem}'s path points, so a
 * problem in a pasted or uploaded document can be shown as {@code line:column}. A path walks
 * mapping keys ({@code flags.checkout-v2}; keys may hold dots, the longest key that fits wins) and
 * list items by index or by id ({@code rules[beta]}, {@code clauses[0]}, {@code rules[rule-2]} for
 * the second rule without an id). Where the path leaves the text (a part the short form does not
 * spell out), the deepest node reached is the answer.
 */
public final class FlagDocumentLocator {
  private static final Pattern ITEM = Pattern.compile("^\\[([^\\]]*)\\]");
  private static final Pattern GENERATED_RULE_ID = Pattern.compile("rule-(\\d+)");

  private FlagDocumentLocator() {}

  /** A 1-based line and column in the text. */
  public record Position(int line, int column) {
    @Override
    public String toString() {
      return line + ":" + column;
    }
  }

  /** Where {@code path} points in {@code text}; empty when the text does not parse. */
  public static Optional<Position> locate(String text, String path) {
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (root == null) {
      return Optional.empty();
    }
    Node at = root;
    String rest = path;
    while (!rest.isEmpty()) {
      Node next = null;
      String after = rest;
      Matcher item = ITEM.matcher(rest);
      if (item.find() && at instanceof SequenceNode seq) {
        next = item(seq.getValue(), item.group(1));
        after = rest.substring(item.end());
      } else if (at instanceof MappingNode map) {
        NodeTuple best = null;
        for (NodeTuple t : map.getValue()) {
          if (t.getKeyNode() instanceof ScalarNode key && fits(rest, key.getValue())) {
            if (best == null
                || key.getValue().length() > ((ScalarNode) best.getKeyNode()).getValue().length()) {
              best = t;
            }
          }
        }
        if (best != null) {
          next = best.getValueNode();
          after = rest.substring(((ScalarNode) best.getKeyNode()).getValue().length());
          // a problem with the key itself (an unknown field) points at the key
          if (after.isEmpty()) {
            next = best.getKeyNode();
          }
        }
      }
      if (next == null) {
        break;
      }
      at = next;
      rest = after.startsWith(".") ? after.substring(1) : after;
    }
    Mark mark = at.getStartMark();
    return Optional.of(new Position(mark.getLine() + 1, mark.getColumn() + 1));
  }

  private static boolean fits(String rest, String key) {
    return rest.startsWith(key)
        && (rest.length() == key.length()
            || rest.charAt(key.length()) == '.'
            || rest.charAt(key.length()) == '[');
  }

  private static Node item(List<Node> items, String name) {
    if (name.matches("\\d+")) {
      int i = Integer.parseInt(name);
      return i < items.size() ? items.get(i) : null;
    }
    for (Node n : items) {
      if (n instanceof MappingNode map) {
        for (NodeTuple t : map.getValue()) {
          if (t.getKeyNode() instanceof ScalarNode k
              && k.getValue().equals("id")
              && t.getValueNode() instanceof ScalarNode v
              && v.getValue().equals(name)) {
            return n;
          }
        }
      }
    }
    Matcher generated = GENERATED_RULE_ID.matcher(name);
    if (generated.matches()) {
      int i = Integer.parseInt(generated.group(1)) - 1;
      return i >= 0 && i < items.size() ? items.get(i) : null;
    }
    for (Node n : items) {
      if (n instanceof ScalarNode s && s.getValue().equals(name)) {
        return n; // values[beta]: a list of plain values named by value
      }
    }
    return null;
  }
}
