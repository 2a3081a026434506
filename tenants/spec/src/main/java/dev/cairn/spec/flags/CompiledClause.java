package dev.cairn.spec.flags;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A clause with its values parsed once (patterns compiled, numbers, dates and versions read), so
 * evaluation does no parsing. Values that do not parse for the operator are dropped here (they
 * never match); {@link FlagSetValidator} refuses them on input.
 */
final class CompiledClause {
  /** Looks up whether a context is in a segment; supplied by the evaluator. */
  interface SegmentMembership {
    boolean contains(String segmentKey, EvaluationContext context, int depth);
  }

  private final String attribute;
  private final Operator op;
  private final boolean negate;
  private final Set<Object> equalTo = new HashSet<>();
  private final List<String> strings = new ArrayList<>();
  private final List<Pattern> patterns = new ArrayList<>();
  private final List<Double> numbers = new ArrayList<>();
  private final List<Long> dates = new ArrayList<>();
  private final List<SemVer> versions = new ArrayList<>();

  CompiledClause(Clause clause) {
    this.attribute = clause.attribute();
    this.op = Operator.named(clause.op()).orElse(null);
    this.negate = clause.negate();
    for (Object raw : clause.values()) {
      Object value = Values.canonical(raw);
      equalTo.add(value);
      if (value instanceof String s) {
        strings.add(s);
        if (op == Operator.MATCHES) {
          try {
            patterns.add(Pattern.compile(s));
          } catch (PatternSyntaxException e) {
            // refused by the validator; never matches here
          }
        }
      }
      Values.number(value).ifPresent(numbers::add);
      Values.date(value).ifPresent(dates::add);
      SemVer.parse(value).ifPresent(versions::add);
    }
  }

  boolean matches(EvaluationContext context, SegmentMembership segments, int depth) {
    if (op == null) {
      return false;
    }
    if (op == Operator.SEGMENT_MATCH) {
      boolean in = false;
      for (String segment : strings) {
        if (segments.contains(segment, context, depth + 1)) {
          in = true;
          break;
        }
      }
      return in != negate;
    }
    Object actual = context.attributes().get(attribute);
    if (actual == null) {
      return false;
    }
    boolean any = false;
    if (actual instanceof Collection<?> many) {
      for (Object element : many) {
        if (element != null && matchesOne(element)) {
          any = true;
          break;
        }
      }
    } else {
      any = matchesOne(actual);
    }
    boolean result = op == Operator.NOT_IN ? !any : any;
    return result != negate;
  }

  private boolean matchesOne(Object actual) {
    return switch (op) {
      case IN, NOT_IN ->
          equalTo.contains(actual instanceof String ? actual : Values.canonical(actual));
      case STARTS_WITH, ENDS_WITH, CONTAINS -> actual instanceof String s && compareString(s);
      case MATCHES -> actual instanceof String s && find(s);
      case LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL ->
          compareNumber(actual);
      case BEFORE, AFTER -> compareDate(actual);
      case SEMVER_EQUAL, SEMVER_LESS_THAN, SEMVER_GREATER_THAN -> compareVersion(actual);
      case SEGMENT_MATCH -> false;
    };
  }

  private boolean compareString(String actual) {
    for (String v : strings) {
      boolean hit =
          switch (op) {
            case STARTS_WITH -> actual.startsWith(v);
            case ENDS_WITH -> actual.endsWith(v);
            default -> actual.contains(v);
          };
      if (hit) {
        return true;
      }
    }
    return false;
  }

  private boolean find(String actual) {
    for (Pattern p : patterns) {
      if (p.matcher(actual).find()) {
        return true;
      }
    }
    return false;
  }

  private boolean compareNumber(Object actual) {
    Optional<Double> a = Values.number(actual);
    if (a.isEmpty()) {
      return false;
    }
    double x = a.get();
    for (double v : numbers) {
      boolean hit =
          switch (op) {
            case LESS_THAN -> x < v;
            case LESS_THAN_OR_EQUAL -> x <= v;
            case GREATER_THAN -> x > v;
            default -> x >= v;
          };
      if (hit) {
        return true;
      }
    }
    return false;
  }

  private boolean compareDate(Object actual) {
    Optional<Long> a = Values.date(actual);
    if (a.isEmpty()) {
      return false;
    }
    for (long v : dates) {
      if (op == Operator.BEFORE ? a.get() < v : a.get() > v) {
        return true;
      }
    }
    return false;
  }

  private boolean compareVersion(Object actual) {
    Optional<SemVer> a = SemVer.parse(actual);
    if (a.isEmpty()) {
      return false;
    }
    for (SemVer v : versions) {
      int c = a.get().compareTo(v);
      boolean hit =
          switch (op) {
            case SEMVER_EQUAL -> c == 0;
            case SEMVER_LESS_THAN -> c < 0;
            default -> c > 0;
          };
      if (hit) {
        return true;
      }
    }
    return false;
  }
}
