package dev.cairn.spec.flags;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FlagDocumentLocatorTest {
  private static final String YAML =
      """
      version: 1
      segments:
        beta: { match: { groups: [beta] } }
      flags:
        checkout.v2:
          kind: boolean
          variations:
            - { name: on, value: true }
            - { name: off, value: false }
          rules:
            - id: emails
              clauses:
                - { attribute: email, op: matches, values: ["@a\\\\.com$", "[open"] }
              variation: on
            - clauses: []
              variation: off
          colour: red
      """;

  private static String at(String path) {
    return FlagDocumentLocator.locate(YAML, path).orElseThrow().toString();
  }

  @Test
  void aProblemPathPointsAtItsNodeThroughKeysWithDotsRuleIdsAndIndexes() {
    assertThat(at("flags.checkout.v2.rules[emails].clauses[0].values[1]")).isEqualTo("13:68");
    assertThat(at("flags.checkout.v2.rules[rule-2]")).isEqualTo("15:9");
    assertThat(at("flags.checkout.v2.variations[1]")).isEqualTo("9:9");
  }

  @Test
  void anUnknownFieldPointsAtItsKeyAndAPathLeavingTheTextAtTheDeepestNodeReached() {
    assertThat(at("flags.checkout.v2.colour")).isEqualTo("17:5");
    assertThat(at("flags.checkout.v2.fallthrough")).isEqualTo("6:5");
  }

  @Test
  void textThatDoesNotParseHasNoPosition() {
    assertThat(FlagDocumentLocator.locate("flags: [", "flags")).isEmpty();
  }
}
