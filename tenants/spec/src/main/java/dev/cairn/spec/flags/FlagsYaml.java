package dev.cairn.spec.flags;

import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/** Reads a {@code flags.yaml} (YAML, or JSON, which this YAML reader also reads). */
public final class FlagsYaml {
  private FlagsYaml() {}

  /** The document as a tree; {@link FlagSpecException} names the line and column of bad YAML. */
  public static Object tree(String file, String text) {
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      options.setMaxAliasesForCollections(10);
      return new Yaml(new SafeConstructor(options)).load(text);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark();
      String where =
          mark == null ? file : file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
      throw new FlagSpecException(
          List.of(new FlagProblem(where, "not valid YAML: " + e.getProblem())));
    } catch (YAMLException e) {
      throw new FlagSpecException(
          List.of(new FlagProblem(file, "not valid YAML: " + e.getMessage())));
    }
  }

  /** Reads and validates {@code text}: the flag set, or every problem. */
  public static FlagSet read(String file, String text) {
    return FlagSetReader.readValid(tree(file, text));
  }
}
