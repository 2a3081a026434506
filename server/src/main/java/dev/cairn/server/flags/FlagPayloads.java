package dev.cairn.server.flags;

import dev.cairn.server.graphql.JsonOutput;
import dev.cairn.spec.flags.Evaluation;
import dev.cairn.spec.flags.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Evaluations as the {@code CairnFlags} GraphQL object and their version: what a caller was served,
 * never the rules or segment members behind it.
 */
public final class FlagPayloads {
  private FlagPayloads() {}

  /** {@code {version, flags: [...]}} for {@code shown}; the version covers {@code all}. */
  public static Map<String, Object> cairnFlags(
      Map<String, Evaluation> shown, Map<String, Evaluation> all) {
    List<Object> flags = new ArrayList<>();
    shown.values().forEach(e -> flags.add(cairnFlag(e)));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("version", version(all));
    out.put("flags", flags);
    return out;
  }

  static Map<String, Object> cairnFlag(Evaluation e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", e.flagKey());
    m.put("kind", e.kind().wireName());
    m.put("value", e.value().map(JsonOutput::write).orElse(null));
    m.put("variation", e.variation().orElse(null));
    m.put("reason", e.reason().kind().name());
    m.put("ruleId", e.reason().ruleId().isEmpty() ? null : e.reason().ruleId());
    m.put(
        "prerequisiteKey",
        e.reason().prerequisiteKey().isEmpty() ? null : e.reason().prerequisiteKey());
    m.put(
        "errorKind",
        e.reason().errorKind() == Reason.ErrorKind.NONE ? null : e.reason().errorKind().name());
    return m;
  }

  /**
   * A short hash of what was served (key, value, variation, reason of every flag): equal exactly
   * when a caller would see the same flags. Serves as OFREP's ETag too.
   */
  public static String version(Map<String, Evaluation> all) {
    Map<String, Object> sorted = new TreeMap<>();
    all.forEach((k, e) -> sorted.put(k, cairnFlag(e)));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(JsonOutput.write(sorted).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * The flags whose served value or variation differ between two evaluations (a changed reason
   * alone is no change to the caller: switching a flag off changes every reason but not every
   * value), and the flags gone since, as FLAG_NOT_FOUND errors.
   */
  public static Map<String, Evaluation> changed(
      Map<String, Evaluation> before, Map<String, Evaluation> after) {
    Map<String, Evaluation> changed = new LinkedHashMap<>();
    after.forEach(
        (k, e) -> {
          Evaluation old = before.get(k);
          if (old == null
              || !old.value().equals(e.value())
              || !old.variation().equals(e.variation())) {
            changed.put(k, e);
          }
        });
    before.forEach(
        (k, e) -> {
          if (!after.containsKey(k)) {
            changed.put(k, Evaluation.error(k, e.kind(), Reason.ErrorKind.FLAG_NOT_FOUND));
          }
        });
    return changed;
  }
}
