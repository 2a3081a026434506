package dev.cairn.console.tenant.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemsTest {
  private final Problems problems =
      Problems.of(
          "flags.checkout",
          List.of(
              "flags.checkout.rules[beta].clauses[0].values[0]: regular expression `[` does not compile",
              "flags.checkout.rules[beta].rollout: weights add up to 90%, not 100%",
              "flags.checkout.prerequisites: prerequisites form a cycle",
              "flags.other.fallthrough.variation: no variation `x`"));

  @Test
  void aProblemShowsAtTheFieldItNamesAndAtNoOther() {
    assertThat(problems.at("rules[beta].clauses[0].values"))
        .isEqualTo("regular expression `[` does not compile");
    assertThat(problems.at("rules[beta].clauses[0].attribute")).isEmpty();
    assertThat(problems.at("rules[bet]")).isEmpty();
    assertThat(problems.at("rules[beta].rollout")).contains("90%");
  }

  @Test
  void exactlyLeavesOutProblemsInsideTheField() {
    assertThat(problems.exactly("prerequisites")).contains("cycle");
    assertThat(problems.exactly("rules[beta]")).isEmpty();
  }

  @Test
  void aProblemOfAnotherFlagKeepsItsFullPath() {
    assertThat(problems.getAll())
        .extracting(Problems.Problem::toString)
        .contains("flags.other.fallthrough.variation: no variation `x`");
  }
}
