package dev.cairn.spec.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs every case of the language-neutral suite ({@code suite/README.md}) against this module. */
class FlagSuiteTest {
  @TestFactory
  Stream<DynamicNode> evaluationCasesServeTheExpectedValueVariationAndReason() {
    return FlagSuite.evaluationFiles().stream().map(this::evaluationFile);
  }

  @SuppressWarnings("unchecked")
  private DynamicNode evaluationFile(String file) {
    Map<String, Object> suite = FlagSuite.load(file);
    FlagEvaluator evaluator = FlagEvaluator.of(FlagSetReader.read(suite.get("document")));
    List<DynamicTest> tests = new ArrayList<>();
    for (Object entry : (List<Object>) suite.get("tests")) {
      Map<String, Object> test = (Map<String, Object>) entry;
      tests.add(
          DynamicTest.dynamicTest(
              (String) test.get("name"),
              () -> {
                Evaluation result =
                    evaluator.evaluate(
                        (String) test.get("flag"),
                        new EvaluationContext((Map<String, Object>) test.get("context")));
                assertMatches(result, (Map<String, Object>) test.get("expect"));
              }));
    }
    return DynamicContainer.dynamicContainer(file + ": " + suite.get("name"), tests);
  }

  private static void assertMatches(Evaluation result, Map<String, Object> expect) {
    Object value = expect.get("value");
    if (value == null) {
      assertThat(result.value()).as("value").isEmpty();
    } else {
      assertThat(result.value()).as("value").contains(Values.canonical(value));
    }
    if (expect.containsKey("variation")) {
      assertThat(result.variation()).as("variation").contains((String) expect.get("variation"));
    }
    Reason reason = result.reason();
    assertThat(reason.kind().name()).as("reason").isEqualTo(expect.get("reason"));
    assertThat(reason.ruleId()).as("ruleId").isEqualTo(expect.getOrDefault("ruleId", ""));
    assertThat(reason.prerequisiteKey())
        .as("prerequisiteKey")
        .isEqualTo(expect.getOrDefault("prerequisiteKey", ""));
    assertThat(reason.errorKind().name())
        .as("errorKind")
        .isEqualTo(expect.getOrDefault("errorKind", "NONE"));
    assertThat(reason.inRollout())
        .as("inRollout")
        .isEqualTo(expect.getOrDefault("inRollout", false));
  }

  @TestFactory
  @SuppressWarnings("unchecked")
  Stream<DynamicTest> bucketsArePinned() {
    List<Object> cases = (List<Object>) FlagSuite.load("bucketing.json").get("cases");
    return cases.stream()
        .map(c -> (Map<String, Object>) c)
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.get("flagKey") + "." + c.get("salt") + "." + c.get("value"),
                    () ->
                        assertThat(
                                Bucketing.bucket(
                                    (String) c.get("flagKey"),
                                    (String) c.get("salt"),
                                    (String) c.get("value")))
                            .isEqualTo(c.get("bucket"))));
  }

  @TestFactory
  @SuppressWarnings("unchecked")
  Stream<DynamicTest> invalidDocumentsAreRefusedNamingRuleAndField() {
    List<Object> cases = (List<Object>) FlagSuite.load("validation.json").get("cases");
    return cases.stream()
        .map(c -> (Map<String, Object>) c)
        .map(
            c ->
                DynamicTest.dynamicTest(
                    (String) c.get("name"),
                    () -> {
                      List<FlagProblem> found = problemsOf(c.get("document"));
                      for (Object p : (List<Object>) c.get("problems")) {
                        Map<String, Object> expected = (Map<String, Object>) p;
                        assertThat(found)
                            .as("problems of " + c.get("name"))
                            .anySatisfy(
                                problem -> {
                                  assertThat(problem.path()).isEqualTo(expected.get("path"));
                                  assertThat(problem.message())
                                      .contains((String) expected.get("message"));
                                });
                      }
                    }));
  }

  private static List<FlagProblem> problemsOf(Object document) {
    try {
      FlagSetReader.readValid(document);
      return List.of();
    } catch (FlagSpecException e) {
      return e.problems();
    }
  }
}
