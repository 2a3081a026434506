package dev.cairn.spec.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FlagDocumentTest {
  private static final Path EXAMPLES =
      Path.of(System.getProperty("cairn.examples.dir", "../examples"));

  static List<String> examples() {
    return List.of("chat", "inventory", "fleet", "storefront");
  }

  private static FlagSet example(String name) throws Exception {
    return FlagsYaml.read(
        "flags.yaml", Files.readString(EXAMPLES.resolve(name).resolve("flags.yaml")));
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleFlagsFileIsValid(String name) throws Exception {
    assertThat(example(name).flags()).isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void theFullFormWrittenForAnExampleReadsBackEqual(String name) throws Exception {
    FlagSet set = example(name);

    assertThat(FlagSetReader.readValid(FlagSetWriter.document(set))).isEqualTo(set);
  }

  @Test
  void storefrontCheckoutV2IsOnForBetaUsersAndOffForOthers() throws Exception {
    FlagEvaluator evaluator = FlagEvaluator.of(example("storefront"));
    EvaluationContext beta =
        EvaluationContext.of("u-beta", Map.of("groups", List.of("beta")), Map.of());
    EvaluationContext staff =
        EvaluationContext.of(
            "u-staff", Map.of("groups", List.of("support"), "email_verified", true), Map.of());

    assertThat(evaluator.evaluate("checkout-v2", beta).value()).contains(true);
    assertThat(evaluator.evaluate("checkout-v2", beta).reason())
        .isEqualTo(Reason.ruleMatch("rule-2", false));
    assertThat(evaluator.evaluate("checkout-v2", staff).reason().ruleId()).isEqualTo("rule-1");
    assertThat(evaluator.evaluate("wallet-payments", staff).value()).contains(false);
  }

  @Test
  void badYamlNamesLineAndColumn() {
    assertThatThrownBy(() -> FlagsYaml.read("flags.yaml", "flags:\n  a: [unclosed\n"))
        .isInstanceOfSatisfying(
            FlagSpecException.class,
            e -> assertThat(e.problems().get(0).path()).startsWith("flags.yaml:"));
  }

  @Test
  void aDuplicateKeyInYamlIsRefused() {
    assertThatThrownBy(
            () ->
                FlagsYaml.read(
                    "flags.yaml",
                    "flags:\n  a: {type: boolean, default: true}\n  a: {type: boolean, default: false}\n"))
        .isInstanceOf(FlagSpecException.class)
        .hasMessageContaining("duplicate key");
  }

  @Test
  void diffListsAddedRemovedAndChangedEntries() throws Exception {
    FlagSet before = example("storefront");
    FlagSet after =
        before
            .withoutFlag("wallet-payments")
            .with(before.flag("checkout-v2").orElseThrow().withOn(false))
            .with(
                FlagSetReader.readFlag("gift-cards", Map.of("type", "boolean", "default", false)));

    assertThat(FlagSetDiff.between(before, after))
        .containsExactly(
            new FlagSetDiff.Change("flag", "checkout-v2", FlagSetDiff.Kind.CHANGED),
            new FlagSetDiff.Change("flag", "gift-cards", FlagSetDiff.Kind.ADDED),
            new FlagSetDiff.Change("flag", "wallet-payments", FlagSetDiff.Kind.REMOVED));
  }
}
