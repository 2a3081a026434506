package dev.cairn.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cairn's generated API equals the output of Amplify's own transformer for the sample and the
 * examples, except for the differences listed (and justified in tenants/README.md) in
 * amplify/NAME.differences.txt. The Amplify outputs were produced once with
 * {@code @aws-amplify/graphql-transformer} 2.5.1, DataStore conflict detection on (AUTOMERGE,
 * VERSION), from the same schemas with Cairn's {@code @conflict} removed.
 */
class AmplifyParityTest {

  /** Schemas written to cover the language rather than an app, under parity/. */
  static final List<String> PARITY_SCHEMAS =
      List.of("relations", "composite-keys", "auth-shapes", "plurals", "timestamps", "accepted");

  static Stream<String> schemas() {
    return Stream.concat(
        Stream.concat(Stream.of("sample"), TestSchemas.EXAMPLE_NAMES.stream()),
        PARITY_SCHEMAS.stream());
  }

  private static Path schemaFile(String name) {
    if (name.equals("sample")) {
      return TestSchemas.RESOURCES.resolve("sample/schema.graphql");
    }
    if (PARITY_SCHEMAS.contains(name)) {
      return TestSchemas.RESOURCES.resolve("parity/" + name + ".graphql");
    }
    return TestSchemas.exampleSchema(name);
  }

  @ParameterizedTest
  @MethodSource("schemas")
  void generatedApiMatchesAmplifyTransformerExceptListedDifferences(String name) throws Exception {
    String amplify =
        TestSchemas.read(TestSchemas.RESOURCES.resolve("amplify/" + name + ".graphql"));
    String cairn = ApiSchema.of(TestSchemas.parse(schemaFile(name))).sdl();
    Path expectedFile = TestSchemas.RESOURCES.resolve("amplify/" + name + ".differences.txt");
    List<String> expected =
        (Files.exists(expectedFile) ? Files.readAllLines(expectedFile) : List.<String>of())
            .stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();

    List<String> differences = AmplifyParity.differences(amplify, cairn);

    assertThat(differences).containsExactlyElementsOf(expected);
  }
}
