package dev.cairn.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example tenant is complete and its schema is valid. */
class ExamplesTest {
  static java.util.List<String> examples() {
    return TestSchemas.EXAMPLE_NAMES;
  }

  @ParameterizedTest
  @MethodSource("examples")
  void exampleHasTenantSchemaAndFlagsFiles(String name) {
    for (String file : new String[] {"tenant.yaml", "schema.graphql", "flags.yaml"}) {
      assertThat(TestSchemas.EXAMPLES.resolve(name).resolve(file)).isRegularFile();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void exampleSchemaIsValid(String name) {
    ParseResult result =
        ModelSchemaParser.parse(
            "schema.graphql", TestSchemas.read(TestSchemas.exampleSchema(name)));

    assertThat(result.errors()).isEmpty();
    assertThat(result.orElseThrow().models()).isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void tenantFileNamesTheExampleAndItsFiles(String name) throws Exception {
    String tenant = Files.readString(TestSchemas.EXAMPLES.resolve(name).resolve("tenant.yaml"));

    assertThat(tenant)
        .contains("slug: " + name)
        .contains("schema: schema.graphql")
        .contains("flags: flags.yaml");
  }
}
