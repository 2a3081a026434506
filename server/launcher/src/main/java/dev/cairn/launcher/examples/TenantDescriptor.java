package dev.cairn.launcher.examples;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The parts of a tenant's {@code tenant.yaml} (format version 1, see {@code tenants/README.md})
 * that the run command needs to load an example tenant. Everything else in the file is ignored.
 *
 * @param slug the tenant's slug
 * @param name the display name (the slug when absent)
 * @param schema the {@code schema.graphql} file, resolved against the descriptor's folder
 * @param apiKeys whether the tenant allows API keys ({@code auth.apiKeys})
 * @param conflictDefault {@code conflicts.default}, if given
 * @param conflictModels {@code conflicts.models}: per-model strategy overrides
 * @param demoUsers {@code demoUsers}: app users to create in the provisioned realm
 * @param flags the {@code flags.yaml} file ({@code flags}), resolved like {@code schema}; empty
 *     when the descriptor names none
 */
public record TenantDescriptor(
    String slug,
    String name,
    Path schema,
    boolean apiKeys,
    Optional<String> conflictDefault,
    Map<String, String> conflictModels,
    List<DemoUser> demoUsers,
    Optional<Path> flags) {

  /** The file name every tenant folder holds. */
  public static final String FILE = "tenant.yaml";

  /**
   * An app user of the example.
   *
   * @param username the login name (also used for a verified email {@code username@slug.example})
   * @param password the password
   * @param groups groups the user is put in (created when missing)
   */
  public record DemoUser(String username, String password, List<String> groups) {}

  /**
   * Reads {@code dir/tenant.yaml}.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException naming the file and the key when the content is not a
   *     version-1 descriptor with a slug and an existing schema file
   */
  public static TenantDescriptor read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    Object root;
    try (Reader in = Files.newBufferedReader(file)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    } catch (YAMLException e) {
      throw new IllegalArgumentException(file + " is not valid YAML: " + e.getMessage(), e);
    }
    Node doc = new Node(file, "", root);
    Object version = doc.map().get("version");
    if (!Integer.valueOf(1).equals(version)) {
      throw new IllegalArgumentException(
          file + ": `version` is " + version + "; this launcher reads format version 1");
    }
    String slug = doc.string("slug").orElseThrow(() -> doc.missing("slug"));
    Path schema = dir.resolve(doc.string("schema").orElse("schema.graphql")).normalize();
    if (!Files.isRegularFile(schema)) {
      throw new IllegalArgumentException(
          file + ": `schema` names " + schema + ", which does not exist");
    }
    Optional<Path> flags = doc.string("flags").map(f -> dir.resolve(f).normalize());
    if (flags.isPresent() && !Files.isRegularFile(flags.get())) {
      throw new IllegalArgumentException(
          file + ": `flags` names " + flags.get() + ", which does not exist");
    }
    Node conflicts = doc.child("conflicts");
    Map<String, String> models = new LinkedHashMap<>();
    conflicts.child("models").map().forEach((k, v) -> models.put(String.valueOf(k), text(v)));
    List<DemoUser> users = new ArrayList<>();
    for (Node u : doc.list("demoUsers")) {
      String username = u.string("username").orElseThrow(() -> u.missing("username"));
      users.add(
          new DemoUser(
              username,
              u.string("password").orElseThrow(() -> u.missing("password")),
              u.list("groups").stream().map(g -> text(g.value())).toList()));
    }
    return new TenantDescriptor(
        slug,
        doc.string("name").orElse(slug),
        schema,
        Boolean.TRUE.equals(doc.child("auth").map().get("apiKeys")),
        conflicts.string("default"),
        Map.copyOf(models),
        List.copyOf(users),
        flags);
  }

  private static String text(Object value) {
    return value == null ? null : String.valueOf(value);
  }

  /** A position in the parsed document, for lookups that name the key when they fail. */
  private record Node(Path file, String path, Object value) {
    Map<?, ?> map() {
      if (value == null) {
        return Map.of();
      }
      if (value instanceof Map<?, ?> m) {
        return m;
      }
      throw new IllegalArgumentException(file + ": `" + where() + "` must be a mapping");
    }

    Node child(String key) {
      return new Node(file, path.isEmpty() ? key : path + "." + key, map().get(key));
    }

    Optional<String> string(String key) {
      Object v = map().get(key);
      if (v instanceof Map<?, ?> || v instanceof List<?>) {
        throw new IllegalArgumentException(file + ": `" + child(key).where() + "` must be text");
      }
      return Optional.ofNullable(v).map(String::valueOf).filter(s -> !s.isBlank());
    }

    List<Node> list(String key) {
      Node child = child(key);
      if (child.value == null) {
        return List.of();
      }
      if (!(child.value instanceof List<?> items)) {
        throw new IllegalArgumentException(file + ": `" + child.where() + "` must be a list");
      }
      List<Node> nodes = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        nodes.add(new Node(file, child.path + "[" + i + "]", items.get(i)));
      }
      return nodes;
    }

    IllegalArgumentException missing(String key) {
      return new IllegalArgumentException(file + ": `" + child(key).where() + "` is required");
    }

    private String where() {
      return path.isEmpty() ? "(top level)" : path;
    }
  }
}
