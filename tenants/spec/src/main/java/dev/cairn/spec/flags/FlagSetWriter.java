package dev.cairn.spec.flags;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the full form of a flag set, flag or segment as a tree of Maps, Lists and scalars (for
 * JSON or YAML); {@link FlagSetReader} reads it back to an equal model.
 */
public final class FlagSetWriter {
  private FlagSetWriter() {}

  public static Map<String, Object> document(FlagSet set) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("version", BigDecimal.ONE);
    Map<String, Object> segments = new LinkedHashMap<>();
    set.segments().forEach((k, s) -> segments.put(k, segment(s)));
    root.put("segments", segments);
    Map<String, Object> flags = new LinkedHashMap<>();
    set.flags().forEach((k, f) -> flags.put(k, flag(f)));
    root.put("flags", flags);
    return root;
  }

  /** A flag's entry (without its key, which is the entry's name). */
  public static Map<String, Object> flag(Flag flag) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", flag.name());
    m.put("description", flag.description());
    m.put("kind", flag.kind().wireName());
    List<Object> variations = new ArrayList<>();
    for (Variation v : flag.variations()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", v.name());
      e.put("value", v.value());
      if (!v.description().isEmpty()) {
        e.put("description", v.description());
      }
      variations.add(e);
    }
    m.put("variations", variations);
    m.put("on", flag.on());
    if (flag.offVariation() != null && !flag.offVariation().isEmpty()) {
      m.put("offVariation", flag.offVariation());
    }
    List<Object> prerequisites = new ArrayList<>();
    for (Prerequisite p : flag.prerequisites()) {
      prerequisites.add(ordered("flag", p.flag(), "variation", p.variation()));
    }
    m.put("prerequisites", prerequisites);
    List<Object> targets = new ArrayList<>();
    for (Target t : flag.targets()) {
      targets.add(ordered("variation", t.variation(), "users", List.copyOf(t.users())));
    }
    m.put("targets", targets);
    List<Object> rules = new ArrayList<>();
    for (Rule r : flag.rules()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("id", r.id());
      if (!r.description().isEmpty()) {
        e.put("description", r.description());
      }
      e.put("clauses", clauses(r.clauses()));
      e.putAll(serve(r.serve()));
      rules.add(e);
    }
    m.put("rules", rules);
    m.put("fallthrough", serve(flag.fallthrough()));
    m.put("tags", List.copyOf(flag.tags()));
    m.put("temporary", flag.temporary());
    m.put("archived", flag.archived());
    m.put("salt", flag.salt());
    return m;
  }

  public static Map<String, Object> segment(Segment segment) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", segment.name());
    m.put("description", segment.description());
    m.put("included", segment.included().stream().sorted().toList());
    m.put("excluded", segment.excluded().stream().sorted().toList());
    List<Object> rules = new ArrayList<>();
    for (SegmentRule r : segment.rules()) {
      rules.add(ordered("id", r.id(), "clauses", clauses(r.clauses())));
    }
    m.put("rules", rules);
    return m;
  }

  private static List<Object> clauses(List<Clause> clauses) {
    List<Object> out = new ArrayList<>();
    for (Clause c : clauses) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("attribute", c.attribute());
      e.put("op", c.op());
      e.put("values", List.copyOf(c.values()));
      if (c.negate()) {
        e.put("negate", true);
      }
      if (!c.type().isEmpty()) {
        e.put("type", c.type());
      }
      out.add(e);
    }
    return out;
  }

  private static Map<String, Object> serve(Serve serve) {
    if (serve instanceof Serve.Rollout rollout) {
      List<Object> split = new ArrayList<>();
      for (Serve.WeightedVariation w : rollout.variations()) {
        split.add(
            ordered(
                "variation",
                w.variation(),
                "weight",
                BigDecimal.valueOf(w.weight(), 3).stripTrailingZeros()));
      }
      Map<String, Object> r = ordered("bucketBy", rollout.bucketBy(), "variations", split);
      return ordered("rollout", r);
    }
    return ordered("variation", ((Serve.Fixed) serve).variation());
  }

  private static Map<String, Object> ordered(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }
}
