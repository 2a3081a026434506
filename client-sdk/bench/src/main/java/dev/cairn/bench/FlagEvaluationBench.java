package dev.cairn.bench;

import dev.cairn.spec.flags.EvaluationContext;
import dev.cairn.spec.flags.FlagEvaluator;
import dev.cairn.spec.flags.FlagSet;
import dev.cairn.spec.flags.FlagSetReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flag evaluations per second on one thread (so per core) for the case: a flag with 10
 * rules (9 that do not match the typical user, over string, regex, numeric, date and semver
 * operators, then a segment match) and a segment of 1,000 included users plus a rule. 1,000 of the
 * 10,000 contexts are in the segment's list; the other 9,000 go through every rule and the
 * segment's rule and fall through to a 50% rollout (hashing), the expensive path. Not a test: it
 * prints the figure and appends it to {@code client-sdk/bench/target/bench-results-flags.md}.
 *
 * <pre>
 * java -cp "client-sdk/bench/target/classes:$(cat client-sdk/bench/target/classpath.txt)" \
 *   dev.cairn.bench.FlagEvaluationBench
 * </pre>
 */
public final class FlagEvaluationBench {
  private static final int CONTEXTS = 10_000;
  private static final long WARM_UP_NANOS = 5_000_000_000L;
  private static final long MEASURE_NANOS = 10_000_000_000L;

  private FlagEvaluationBench() {}

  public static void main(String[] args) throws IOException {
    FlagEvaluator evaluator = FlagEvaluator.of(flagSet());
    List<EvaluationContext> contexts = contexts();
    run(evaluator, contexts, WARM_UP_NANOS);
    Result r = run(evaluator, contexts, MEASURE_NANOS);
    double perCpuSecond = r.evaluations / (r.cpuNanos / 1e9);
    double perSecond = r.evaluations / (r.nanos / 1e9);
    String line =
        String.format(
            "%s flag evaluation, 1 thread, 10 rules + 1,000-member segment: %,.0f evaluations per"
                + " CPU-second of the thread (per core); %,.0f per wall-clock second"
                + " (%,d in %.1f s wall, %.1f s CPU; load average %.1f; %d served true; JDK %s, %d cores)",
            LocalDateTime.now().withNano(0),
            perCpuSecond,
            perSecond,
            r.evaluations,
            r.nanos / 1e9,
            r.cpuNanos / 1e9,
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
            r.servedTrue,
            Runtime.version(),
            Runtime.getRuntime().availableProcessors());
    System.out.println(line);
    Path out = Path.of("client-sdk/bench/target/bench-results-flags.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** {@code cpuNanos}: this thread's CPU time, so the figure is per core even on a busy machine. */
  private record Result(long evaluations, long nanos, long cpuNanos, long servedTrue) {}

  private static Result run(FlagEvaluator evaluator, List<EvaluationContext> contexts, long nanos) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    long end = start + nanos;
    long count = 0;
    long servedTrue = 0;
    int size = contexts.size();
    while (System.nanoTime() < end) {
      for (int i = 0; i < 1_000; i++) {
        EvaluationContext context = contexts.get((int) (count % size));
        if (Boolean.TRUE.equals(evaluator.evaluate("checkout-v2", context).value().orElse(null))) {
          servedTrue++;
        }
        count++;
      }
    }
    return new Result(
        count, System.nanoTime() - start, threads.getCurrentThreadCpuTime() - cpuStart, servedTrue);
  }

  private static List<EvaluationContext> contexts() {
    List<EvaluationContext> out = new ArrayList<>(CONTEXTS);
    for (int i = 0; i < CONTEXTS; i++) {
      Map<String, Object> claims = new LinkedHashMap<>();
      claims.put("email", "user" + i + "@example.com");
      claims.put("groups", List.of("customers"));
      Map<String, Object> client = new LinkedHashMap<>();
      client.put("appVersion", "2." + (i % 7) + ".0");
      client.put("platform", i % 2 == 0 ? "ios" : "android");
      client.put("locale", "en_US");
      client.put("orders", i % 50);
      // The even users among the first 2,000 are in the 1,000-user list; the others are not.
      out.add(EvaluationContext.of("user-" + (i < 2_000 ? i : i + 100_000), claims, client));
    }
    return out;
  }

  private static FlagSet flagSet() {
    List<Object> included = new ArrayList<>();
    for (int i = 0; i < 2_000; i += 2) {
      included.add("user-" + i);
    }
    Map<String, Object> segment =
        Map.of(
            "included",
            included,
            "rules",
            List.of(
                Map.of(
                    "id",
                    "testers",
                    "clauses",
                    List.of(clause("groups", "in", List.of("testers", "qa"))))));
    List<Object> rules = new ArrayList<>();
    rules.add(rule("staff-email", clause("email", "endsWith", List.of("@cairn.dev"))));
    rules.add(
        rule("internal-domain", clause("email", "matches", List.of("^[a-z]+@corp\\.example$"))));
    rules.add(rule("big-spenders", clause("orders", "greaterThan", List.of(1_000))));
    rules.add(rule("old-app", clause("appVersion", "semVerLessThan", List.of("1.5.0"))));
    rules.add(rule("new-app", clause("appVersion", "semVerGreaterThan", List.of("9.0.0"))));
    rules.add(rule("web", clause("platform", "in", List.of("web", "desktop"))));
    rules.add(rule("german", clause("locale", "startsWith", List.of("de"))));
    rules.add(rule("signup", clause("signedUp", "after", List.of("2030-01-01T00:00:00Z"))));
    rules.add(rule("vip", clause("groups", "in", List.of("vip", "partners"))));
    rules.add(rule("beta", clause("", "segmentMatch", List.of("beta"))));
    Map<String, Object> flag =
        Map.of(
            "kind",
            "boolean",
            "variations",
            List.of(Map.of("name", "on", "value", true), Map.of("name", "off", "value", false)),
            "offVariation",
            "off",
            "rules",
            rules,
            "fallthrough",
            Map.of(
                "rollout",
                Map.of(
                    "variations",
                    List.of(
                        Map.of("variation", "on", "weight", 50),
                        Map.of("variation", "off", "weight", 50)))));
    return FlagSetReader.readValid(
        Map.of(
            "version",
            1,
            "segments",
            Map.of("beta", segment),
            "flags",
            Map.of("checkout-v2", flag)));
  }

  private static Map<String, Object> rule(String id, Map<String, Object> clause) {
    return Map.of("id", id, "clauses", List.of(clause), "variation", "on");
  }

  private static Map<String, Object> clause(String attribute, String op, List<Object> values) {
    return Map.of("attribute", attribute, "op", op, "values", values);
  }
}
