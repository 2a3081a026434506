package dev.cairn.spec.flags;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The meaning checks of a flag set: keys, variations fitting the kind, every variation, segment and
 * flag reference resolving, operators known, values parsing for their operator (regexes compile),
 * declared attribute types known, rollouts summing to 100%, no prerequisite cycles. Each problem
 * names the flag or segment, the rule by id, and the field.
 */
public final class FlagSetValidator {
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  /** The attribute types a clause may declare, and the operators each allows. */
  private static final Map<String, Set<Operator>> TYPES =
      Map.of(
          "string",
          Set.of(
              Operator.IN,
              Operator.NOT_IN,
              Operator.STARTS_WITH,
              Operator.ENDS_WITH,
              Operator.CONTAINS,
              Operator.MATCHES),
          "boolean",
          Set.of(Operator.IN, Operator.NOT_IN),
          "number",
          Set.of(
              Operator.IN,
              Operator.NOT_IN,
              Operator.LESS_THAN,
              Operator.LESS_THAN_OR_EQUAL,
              Operator.GREATER_THAN,
              Operator.GREATER_THAN_OR_EQUAL),
          "date",
          Set.of(Operator.BEFORE, Operator.AFTER),
          "semver",
          Set.of(Operator.SEMVER_EQUAL, Operator.SEMVER_LESS_THAN, Operator.SEMVER_GREATER_THAN));

  private final FlagSet set;
  private final List<FlagProblem> problems = new ArrayList<>();

  private FlagSetValidator(FlagSet set) {
    this.set = set;
  }

  /** Every problem of {@code set}; empty when it is valid. */
  public static List<FlagProblem> validate(FlagSet set) {
    FlagSetValidator validator = new FlagSetValidator(set);
    set.segments().values().forEach(validator::segment);
    set.flags().values().forEach(validator::flag);
    validator.prerequisiteCycles();
    return List.copyOf(validator.problems);
  }

  private void segment(Segment segment) {
    String path = "segments." + segment.key();
    key(path, segment.key());
    Set<String> ids = new HashSet<>();
    for (SegmentRule rule : segment.rules()) {
      String rpath = path + ".rules[" + rule.id() + "]";
      if (!ids.add(rule.id())) {
        problem(rpath + ".id", "is used by two rules; give each rule its own id");
      }
      clauses(rpath, rule.clauses());
    }
  }

  private void flag(Flag flag) {
    String path = "flags." + flag.key();
    key(path, flag.key());
    if (flag.variations().isEmpty()) {
      problem(path + ".variations", "is empty; a flag needs at least one variation");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < flag.variations().size(); i++) {
      Variation v = flag.variations().get(i);
      String vpath = path + ".variations[" + i + "]";
      if (v.name().isBlank()) {
        problem(vpath + ".name", "is empty; name every variation");
      } else if (!names.add(v.name())) {
        problem(vpath + ".name", "`" + v.name() + "` names two variations; names must differ");
      }
      if (!flag.kind().accepts(v.value())) {
        problem(
            vpath + ".value", "`" + v.value() + "` is not a " + flag.kind().wireName() + " value");
      }
    }
    if (flag.offVariation() != null && !flag.offVariation().isEmpty()) {
      reference(flag, path + ".offVariation", flag.offVariation());
    }
    for (int i = 0; i < flag.prerequisites().size(); i++) {
      Prerequisite p = flag.prerequisites().get(i);
      String ppath = path + ".prerequisites[" + p.flag() + "]";
      Flag required = set.flags().get(p.flag());
      if (required == null) {
        problem(
            ppath + ".flag",
            "no flag `" + p.flag() + "`; create it first or remove the prerequisite");
      } else if (required.variation(p.variation()).isEmpty()) {
        problem(
            ppath + ".variation",
            "flag `" + p.flag() + "` has no variation `" + p.variation() + "`");
      }
    }
    Set<String> targeted = new HashSet<>();
    for (int i = 0; i < flag.targets().size(); i++) {
      Target t = flag.targets().get(i);
      String tpath = path + ".targets[" + i + "]";
      reference(flag, tpath + ".variation", t.variation());
      for (String user : t.users()) {
        if (!targeted.add(user)) {
          problem(tpath + ".users", "user `" + user + "` is targeted twice; keep one target");
        }
      }
    }
    Set<String> ids = new HashSet<>();
    for (Rule rule : flag.rules()) {
      String rpath = path + ".rules[" + rule.id() + "]";
      if (rule.id().isBlank()) {
        problem(rpath + ".id", "is empty; give every rule an id");
      } else if (!ids.add(rule.id())) {
        problem(rpath + ".id", "is used by two rules; give each rule its own id");
      }
      clauses(rpath, rule.clauses());
      serve(flag, rpath, rule.serve());
    }
    serve(flag, path + ".fallthrough", flag.fallthrough());
  }

  private void serve(Flag flag, String path, Serve serve) {
    if (serve instanceof Serve.Fixed fixed) {
      reference(flag, path + ".variation", fixed.variation());
    } else if (serve instanceof Serve.Rollout rollout) {
      long sum = 0;
      for (Serve.WeightedVariation w : rollout.variations()) {
        reference(flag, path + ".rollout.variations[" + w.variation() + "]", w.variation());
        sum += w.weight();
      }
      if (sum != Bucketing.BUCKETS) {
        problem(
            path + ".rollout",
            "weights sum to " + (sum / 1000.0) + "%, not 100%; adjust them to add up to 100");
      }
    }
  }

  private void reference(Flag flag, String path, String variation) {
    if (variation == null || variation.isEmpty()) {
      problem(path, "no variation given; name one of " + variationNames(flag));
    } else if (flag.variation(variation).isEmpty()) {
      problem(path, "no variation `" + variation + "`; use one of " + variationNames(flag));
    }
  }

  private static String variationNames(Flag flag) {
    return flag.variations().stream().map(Variation::name).toList().toString();
  }

  private void clauses(String rpath, List<Clause> clauses) {
    for (int i = 0; i < clauses.size(); i++) {
      Clause c = clauses.get(i);
      String cpath = rpath + ".clauses[" + i + "]";
      Operator op = Operator.named(c.op()).orElse(null);
      if (op == null) {
        problem(
            cpath + ".op",
            "unknown operator `"
                + c.op()
                + "`; use one of "
                + java.util.Arrays.stream(Operator.values()).map(Operator::wireName).toList());
        continue;
      }
      if (op != Operator.SEGMENT_MATCH && c.attribute().isBlank()) {
        problem(cpath + ".attribute", "is empty; name the context attribute to compare");
      }
      if (!c.type().isEmpty()) {
        Set<Operator> allowed = TYPES.get(c.type());
        if (allowed == null) {
          problem(
              cpath + ".type",
              "unknown attribute type `"
                  + c.type()
                  + "`; use string, number, boolean, date or semver");
        } else if (!allowed.contains(op)) {
          problem(
              cpath + ".op",
              "`" + op.wireName() + "` does not compare " + c.type() + " attributes");
        }
      }
      if (c.values().isEmpty()) {
        problem(cpath + ".values", "is empty; give at least one value");
      }
      for (int j = 0; j < c.values().size(); j++) {
        value(cpath + ".values[" + j + "]", op, c.values().get(j));
      }
    }
  }

  private void value(String path, Operator op, Object value) {
    switch (op) {
      case STARTS_WITH, ENDS_WITH, CONTAINS -> {
        if (!(value instanceof String)) {
          problem(path, "`" + value + "` is not a string");
        }
      }
      case MATCHES -> {
        if (!(value instanceof String s)) {
          problem(path, "`" + value + "` is not a regular expression");
        } else {
          try {
            Pattern.compile(s);
          } catch (PatternSyntaxException e) {
            problem(path, "regular expression `" + s + "` does not compile: " + e.getDescription());
          }
        }
      }
      case LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL -> {
        if (!(value instanceof Number)) {
          problem(path, "`" + value + "` is not a number");
        }
      }
      case BEFORE, AFTER -> {
        if (Values.date(value).isEmpty()) {
          problem(
              path,
              "`" + value + "` is not a date; use ISO-8601 (2026-01-31T00:00:00Z) or epoch ms");
        }
      }
      case SEMVER_EQUAL, SEMVER_LESS_THAN, SEMVER_GREATER_THAN -> {
        if (SemVer.parse(value).isEmpty()) {
          problem(path, "`" + value + "` is not a semantic version such as 2.1.0");
        }
      }
      case SEGMENT_MATCH -> {
        if (!(value instanceof String s) || !set.segments().containsKey(s)) {
          problem(path, "no segment `" + value + "`; create it or remove this clause");
        }
      }
      case IN, NOT_IN -> {
        // any scalar compares by equality
      }
    }
  }

  private void prerequisiteCycles() {
    Set<String> done = new HashSet<>();
    for (String key : set.flags().keySet()) {
      cycleFrom(key, new ArrayList<>(), done);
    }
  }

  private void cycleFrom(String key, List<String> path, Set<String> done) {
    if (done.contains(key)) {
      return;
    }
    int at = path.indexOf(key);
    if (at >= 0) {
      List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
      cycle.add(key);
      problem(
          "flags." + key + ".prerequisites",
          "prerequisites form a cycle " + String.join(" -> ", cycle) + "; remove one of them");
      return;
    }
    Flag flag = set.flags().get(key);
    if (flag == null) {
      return;
    }
    path.add(key);
    for (Prerequisite p : flag.prerequisites()) {
      cycleFrom(p.flag(), path, done);
    }
    path.remove(path.size() - 1);
    done.add(key);
  }

  private void key(String path, String key) {
    if (!KEY.matcher(key).matches()) {
      problem(
          path,
          "key `"
              + key
              + "` must be 1-100 letters, digits, `.`, `_` or `-`, starting with a letter or digit");
    }
  }

  private void problem(String path, String message) {
    problems.add(new FlagProblem(path, message));
  }
}
