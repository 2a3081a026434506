package dev.cairn.spec.flags;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Loads the JSON files of the language-neutral suite from the module's resources. */
final class FlagSuite {
  static final String ROOT = "/dev/cairn/spec/flags/suite/";

  private FlagSuite() {}

  /** A JSON file as a tree (JSON is YAML, so the YAML reader the module already has reads it). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> load(String name) {
    try (InputStream in = FlagSuite.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IllegalStateException("suite file " + ROOT + name + " is missing");
      }
      return (Map<String, Object>)
          new Yaml(new SafeConstructor(new LoaderOptions()))
              .load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static List<String> evaluationFiles() {
    return (List<String>) load("index.json").get("evaluation");
  }
}
