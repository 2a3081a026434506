package dev.cairn.spec.flags;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a flags document — the tree of Maps, Lists and scalars that YAML ({@link FlagsYaml}) or
 * JSON gives — into a {@link FlagSet}. It reads the full form and the short form of {@code
 * flags.yaml} version 1 ({@code default}, rules with {@code segment}/{@code rollout}/{@code value},
 * segments with {@code match}); see {@code tenants/README.md}. Structural problems (wrong types,
 * missing fields) are collected and thrown together; meaning (references, regexes, weights, cycles)
 * is checked by {@link FlagSetValidator}. Unknown operators are kept as written.
 */
public final class FlagSetReader {
  private final List<FlagProblem> problems = new ArrayList<>();

  private FlagSetReader() {}

  /** Reads a whole document ({@code version}, {@code segments}, {@code flags}). */
  public static FlagSet read(Object document) {
    FlagSetReader reader = new FlagSetReader();
    FlagSet set = reader.document(document);
    reader.throwIfProblems();
    return set;
  }

  /** Reads one flag entry (the value under {@code flags.<key>}). */
  public static Flag readFlag(String key, Object entry) {
    FlagSetReader reader = new FlagSetReader();
    Flag flag = reader.flag("flags." + key, key, entry);
    reader.throwIfProblems();
    return flag;
  }

  /** Reads one segment entry (the value under {@code segments.<key>}). */
  public static Segment readSegment(String key, Object entry) {
    FlagSetReader reader = new FlagSetReader();
    Segment segment = reader.segment("segments." + key, key, entry);
    reader.throwIfProblems();
    return segment;
  }

  /** Reads and validates: the set, or every problem of both steps. */
  public static FlagSet readValid(Object document) {
    FlagSet set = read(document);
    List<FlagProblem> found = FlagSetValidator.validate(set);
    if (!found.isEmpty()) {
      throw new FlagSpecException(found);
    }
    return set;
  }

  private void throwIfProblems() {
    if (!problems.isEmpty()) {
      throw new FlagSpecException(problems);
    }
  }

  private FlagSet document(Object document) {
    Map<String, Object> root = map("", document);
    if (root == null) {
      return FlagSet.EMPTY;
    }
    Object version = root.get("version");
    if (version != null && !Objects.equals(Values.canonical(version), BigDecimal.ONE)) {
      problem("version", "unsupported version `" + version + "`; this Cairn reads version 1");
    }
    for (String field : root.keySet()) {
      if (!Set.of("version", "segments", "flags").contains(field)) {
        problem(field, "unknown field; a flags document has version, segments and flags");
      }
    }
    Map<String, Segment> segments = new LinkedHashMap<>();
    Map<String, Object> segmentEntries = map("segments", root.get("segments"));
    if (segmentEntries != null) {
      segmentEntries.forEach((k, v) -> segments.put(k, segment("segments." + k, k, v)));
    }
    Map<String, Flag> flags = new LinkedHashMap<>();
    Map<String, Object> flagEntries = map("flags", root.get("flags"));
    if (flagEntries != null) {
      flagEntries.forEach((k, v) -> flags.put(k, flag("flags." + k, k, v)));
    }
    return new FlagSet(flags, segments);
  }

  private Segment segment(String path, String key, Object entry) {
    Map<String, Object> m = map(path, entry);
    if (m == null) {
      m = Map.of();
    }
    List<SegmentRule> rules = new ArrayList<>();
    List<Object> ruleEntries = list(path + ".rules", m.get("rules"));
    for (int i = 0; i < ruleEntries.size(); i++) {
      Map<String, Object> r = map(path + ".rules[" + i + "]", ruleEntries.get(i));
      if (r != null) {
        String id = string(path + ".rules[" + i + "].id", r.get("id"), "rule-" + (i + 1));
        rules.add(new SegmentRule(id, clauses(path + ".rules[" + id + "]", r.get("clauses"))));
      }
    }
    Map<String, Object> match = map(path + ".match", m.get("match"));
    if (match != null) {
      rules.add(new SegmentRule("match", matchClauses(path + ".match", match)));
    }
    return new Segment(
        key,
        string(path + ".name", m.get("name"), ""),
        string(path + ".description", m.get("description"), ""),
        new LinkedHashSet<>(strings(path + ".included", m.get("included"))),
        new LinkedHashSet<>(strings(path + ".excluded", m.get("excluded"))),
        rules);
  }

  /** The short form: every entry must hold (groups any of, users any of, each claim any of). */
  private List<Clause> matchClauses(String path, Map<String, Object> match) {
    List<Clause> clauses = new ArrayList<>();
    match.forEach(
        (field, value) -> {
          switch (field) {
            case "groups" ->
                clauses.add(new Clause("groups", "in", values(path + ".groups", value)));
            case "users" ->
                clauses.add(
                    new Clause(EvaluationContext.KEY, "in", values(path + ".users", value)));
            case "claims" -> {
              Map<String, Object> claims = map(path + ".claims", value);
              if (claims != null) {
                claims.forEach(
                    (claim, v) ->
                        clauses.add(new Clause(claim, "in", values(path + ".claims." + claim, v))));
              }
            }
            default ->
                problem(path + "." + field, "unknown match entry; use groups, users or claims");
          }
        });
    return clauses;
  }

  private Flag flag(String path, String key, Object entry) {
    Map<String, Object> m = map(path, entry);
    if (m == null) {
      m = Map.of();
    }
    Object kindName = m.containsKey("kind") ? m.get("kind") : m.get("type");
    FlagKind kind = FlagKind.named(kindName instanceof String s ? s : null).orElse(null);
    if (kind == null) {
      problem(
          path + ".kind",
          kindName == null
              ? "missing; say kind: boolean, string, number or json"
              : "unknown kind `" + kindName + "`; use boolean, string, number or json");
      kind = FlagKind.JSON;
    }
    VariationNames names = new VariationNames(kind);
    List<Object> variationEntries = list(path + ".variations", m.get("variations"));
    for (int i = 0; i < variationEntries.size(); i++) {
      String vpath = path + ".variations[" + i + "]";
      Map<String, Object> v = map(vpath, variationEntries.get(i));
      if (v != null) {
        if (!v.containsKey("value") || v.get("value") == null) {
          problem(vpath + ".value", "missing; every variation has a value");
          continue;
        }
        names.declare(
            string(vpath + ".name", v.get("name"), ""),
            Values.canonical(v.get("value")),
            string(vpath + ".description", v.get("description"), ""));
      }
    }
    names.explicit = !variationEntries.isEmpty();
    String defaultVariation = null;
    if (m.containsKey("default")) {
      defaultVariation = names.forValue(path + ".default", m.get("default"), this);
    }
    if (kind == FlagKind.BOOLEAN && !names.explicit) {
      names.forValue(path, Boolean.TRUE, this);
      names.forValue(path, Boolean.FALSE, this);
    }
    String offVariation = string(path + ".offVariation", m.get("offVariation"), defaultVariation);
    List<Prerequisite> prerequisites = new ArrayList<>();
    List<Object> prerequisiteEntries = list(path + ".prerequisites", m.get("prerequisites"));
    for (int i = 0; i < prerequisiteEntries.size(); i++) {
      String ppath = path + ".prerequisites[" + i + "]";
      Map<String, Object> p = map(ppath, prerequisiteEntries.get(i));
      if (p != null) {
        prerequisites.add(
            new Prerequisite(
                string(ppath + ".flag", p.get("flag"), ""),
                string(ppath + ".variation", p.get("variation"), "")));
      }
    }
    List<Target> targets = new ArrayList<>();
    List<Object> targetEntries = list(path + ".targets", m.get("targets"));
    for (int i = 0; i < targetEntries.size(); i++) {
      String tpath = path + ".targets[" + i + "]";
      Map<String, Object> t = map(tpath, targetEntries.get(i));
      if (t != null) {
        targets.add(
            new Target(variationRef(tpath, t, names), strings(tpath + ".users", t.get("users"))));
      }
    }
    List<Rule> rules = new ArrayList<>();
    List<Object> ruleEntries = list(path + ".rules", m.get("rules"));
    for (int i = 0; i < ruleEntries.size(); i++) {
      Map<String, Object> r = map(path + ".rules[" + i + "]", ruleEntries.get(i));
      if (r != null) {
        String id = string(path + ".rules[" + i + "].id", r.get("id"), "rule-" + (i + 1));
        rules.add(rule(path + ".rules[" + id + "]", id, r, names, defaultVariation));
      }
    }
    Serve fallthrough;
    Map<String, Object> f = map(path + ".fallthrough", m.get("fallthrough"));
    if (f != null) {
      fallthrough = serve(path + ".fallthrough", f, names, defaultVariation);
    } else {
      fallthrough = new Serve.Fixed(defaultVariation == null ? "" : defaultVariation);
    }
    return new Flag(
        key,
        string(path + ".name", m.get("name"), ""),
        string(path + ".description", m.get("description"), ""),
        kind,
        names.variations(),
        bool(path + ".on", m.get("on"), true),
        offVariation,
        prerequisites,
        targets,
        rules,
        fallthrough,
        strings(path + ".tags", m.get("tags")),
        bool(path + ".temporary", m.get("temporary"), false),
        bool(path + ".archived", m.get("archived"), false),
        string(path + ".salt", m.get("salt"), ""));
  }

  private Rule rule(
      String path,
      String id,
      Map<String, Object> r,
      VariationNames names,
      String defaultVariation) {
    List<Clause> clauses = new ArrayList<>(clauses(path, r.get("clauses")));
    if (r.containsKey("segment")) {
      clauses.add(new Clause("", "segmentMatch", values(path + ".segment", r.get("segment"))));
    }
    return new Rule(
        id,
        string(path + ".description", r.get("description"), ""),
        clauses,
        serve(path, r, names, defaultVariation));
  }

  /** {@code variation|value}, a full {@code rollout: {...}}, or the short {@code rollout: 5}. */
  private Serve serve(
      String path, Map<String, Object> m, VariationNames names, String defaultVariation) {
    Object rollout = m.get("rollout");
    if (rollout instanceof Number percent) {
      String chosen = variationRef(path, m, names);
      int weight = weight(path + ".rollout", percent);
      List<Serve.WeightedVariation> split = new ArrayList<>();
      split.add(new Serve.WeightedVariation(chosen, weight));
      if (defaultVariation == null) {
        problem(
            path + ".rollout", "a short rollout needs the flag's `default` for the other users");
      } else {
        split.add(new Serve.WeightedVariation(defaultVariation, Bucketing.BUCKETS - weight));
      }
      return new Serve.Rollout(split, string(path + ".bucketBy", m.get("bucketBy"), ""));
    }
    if (rollout != null) {
      Map<String, Object> r = map(path + ".rollout", rollout);
      List<Serve.WeightedVariation> split = new ArrayList<>();
      if (r != null) {
        List<Object> entries = list(path + ".rollout.variations", r.get("variations"));
        for (int i = 0; i < entries.size(); i++) {
          String wpath = path + ".rollout.variations[" + i + "]";
          Map<String, Object> w = map(wpath, entries.get(i));
          if (w != null) {
            split.add(
                new Serve.WeightedVariation(
                    variationRef(wpath, w, names), weight(wpath + ".weight", w.get("weight"))));
          }
        }
        return new Serve.Rollout(split, string(path + ".rollout.bucketBy", r.get("bucketBy"), ""));
      }
      return new Serve.Rollout(split, "");
    }
    return new Serve.Fixed(variationRef(path, m, names));
  }

  private String variationRef(String path, Map<String, Object> m, VariationNames names) {
    if (m.containsKey("variation")) {
      return string(path + ".variation", m.get("variation"), "");
    }
    if (m.containsKey("value")) {
      return names.forValue(path + ".value", m.get("value"), this);
    }
    problem(path, "says neither `variation` nor `value`; name the variation to serve");
    return "";
  }

  /** Percent (up to 3 decimals) as thousandths of a percent. */
  private int weight(String path, Object value) {
    if (!(value instanceof Number n)) {
      problem(path, "missing or not a number; give a percentage such as 25 or 12.5");
      return 0;
    }
    BigDecimal thousandths = ((BigDecimal) Values.canonical(n)).movePointRight(3);
    if (thousandths.signum() < 0
        || thousandths.compareTo(BigDecimal.valueOf(Bucketing.BUCKETS)) > 0) {
      problem(path, "`" + n + "` is not a percentage between 0 and 100");
      return 0;
    }
    if (thousandths.stripTrailingZeros().scale() > 0) {
      problem(path, "`" + n + "` has more than 3 decimals; round it");
    }
    return thousandths.intValue();
  }

  private List<Clause> clauses(String path, Object value) {
    List<Clause> clauses = new ArrayList<>();
    List<Object> entries = list(path + ".clauses", value);
    for (int i = 0; i < entries.size(); i++) {
      String cpath = path + ".clauses[" + i + "]";
      Map<String, Object> c = map(cpath, entries.get(i));
      if (c != null) {
        Object op = c.containsKey("op") ? c.get("op") : c.get("operator");
        clauses.add(
            new Clause(
                string(cpath + ".attribute", c.get("attribute"), ""),
                string(cpath + ".op", op, ""),
                values(cpath + ".values", c.get("values")),
                bool(cpath + ".negate", c.get("negate"), false),
                string(cpath + ".type", c.get("type"), "")));
      }
    }
    return clauses;
  }

  // --- tree access, recording a problem and returning a neutral value on a wrong type ---

  @SuppressWarnings("unchecked")
  private Map<String, Object> map(String path, Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>();
      m.forEach((k, v) -> copy.put(String.valueOf(k), v));
      return copy;
    }
    problem(path, "expected a mapping, found `" + value + "`");
    return null;
  }

  private List<Object> list(String path, Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> l) {
      return new ArrayList<>(l);
    }
    problem(path, "expected a list, found `" + value + "`");
    return List.of();
  }

  private List<Object> values(String path, Object value) {
    if (value == null) {
      return List.of();
    }
    List<Object> raw = value instanceof List<?> l ? new ArrayList<>(l) : List.of(value);
    List<Object> out = new ArrayList<>();
    for (Object v : raw) {
      if (v == null) {
        problem(path, "holds null; remove it");
      } else {
        out.add(Values.canonical(v));
      }
    }
    return out;
  }

  private List<String> strings(String path, Object value) {
    List<String> out = new ArrayList<>();
    for (Object v : list(path, value)) {
      if (v instanceof String || v instanceof Number || v instanceof Boolean) {
        out.add(
            v instanceof Number n
                ? ((BigDecimal) Values.canonical(n)).toPlainString()
                : String.valueOf(v));
      } else {
        problem(path, "expected a list of strings, found `" + v + "`");
      }
    }
    return out;
  }

  private String string(String path, Object value, String fallback) {
    if (value == null) {
      return fallback;
    }
    if (value instanceof String s) {
      return s;
    }
    problem(path, "expected a string, found `" + value + "`");
    return fallback;
  }

  private boolean bool(String path, Object value, boolean fallback) {
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    problem(path, "expected true or false, found `" + value + "`");
    return fallback;
  }

  void problem(String path, String message) {
    problems.add(new FlagProblem(path.isEmpty() ? "(document)" : path, message));
  }

  /** The variations of one flag: declared ones, or made up from the values of the short form. */
  private static final class VariationNames {
    final FlagKind kind;
    final List<Variation> variations = new ArrayList<>();
    boolean explicit;

    VariationNames(FlagKind kind) {
      this.kind = kind;
    }

    void declare(String name, Object value, String description) {
      variations.add(new Variation(name, value, description));
    }

    String forValue(String path, Object raw, FlagSetReader reader) {
      if (raw == null) {
        reader.problem(path, "is null; flags serve values, not null");
        return "";
      }
      Object value = Values.canonical(raw);
      for (Variation v : variations) {
        if (v.value().equals(value)) {
          return v.name();
        }
      }
      if (explicit) {
        reader.problem(path, "`" + raw + "` is not the value of any of the flag's variations");
        return "";
      }
      String name =
          switch (kind) {
            case BOOLEAN, STRING -> String.valueOf(value);
            case NUMBER ->
                value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value);
            case JSON -> "variation-" + (variations.size() + 1);
          };
      variations.add(new Variation(name, value, ""));
      return name;
    }

    List<Variation> variations() {
      return variations;
    }
  }
}
