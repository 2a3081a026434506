package dev.cairn.spec;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.language.Document;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated API schema accepts every document the real Amplify DataStore client sends: the ones
 * recorded on the wire (shared/protocol/transcripts, for the APPSYNC.md sample schema) and, for the
 * sample and each example tenant, every operation DataStore builds (sync, create, update and delete
 * with condition, get, and each subscription with and without filter and owner).
 */
class DataStoreDocumentsTest {

  static Stream<Path> transcriptDocuments() throws IOException {
    return Files.list(TestSchemas.RESOURCES.resolve("sample/transcripts")).sorted();
  }

  static Stream<Path> clientSchemas() {
    return TestSchemas.clientSchemas();
  }

  private static List<ValidationError> validate(GraphQLSchema schema, String document) {
    Document parsed = Parser.parse(document);
    return new Validator().validateDocument(schema, parsed, Locale.ENGLISH);
  }

  @ParameterizedTest
  @MethodSource("transcriptDocuments")
  void recordedDocumentValidatesAgainstTheGeneratedSampleApi(Path document) {
    GraphQLSchema schema = ApiSchema.of(TestSchemas.sample()).graphQLSchema();

    List<ValidationError> errors = validate(schema, TestSchemas.read(document));

    assertThat(errors).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("transcriptDocuments")
  void documentBuilderReproducesEachRecordedDataStoreDocument(Path document) {
    String recorded = TestSchemas.read(document);
    // Two recorded mutations come from the test harness (named UpdatePost/CreatePost), not
    // DataStore.
    if (!recorded.contains(" operation")) {
      return;
    }
    List<String> built =
        DataStoreDocuments.all(TestSchemas.sample()).values().stream()
            .map(TestSchemas::normalize)
            .toList();

    assertThat(built).contains(TestSchemas.normalize(recorded));
  }

  @ParameterizedTest
  @MethodSource("clientSchemas")
  void everyDocumentDataStoreBuildsValidates(Path schemaFile) {
    ModelSchema model = TestSchemas.parse(schemaFile);
    GraphQLSchema schema = ApiSchema.of(model).graphQLSchema();
    Map<String, String> documents = DataStoreDocuments.all(model);

    assertThat(documents).hasSizeGreaterThanOrEqualTo(model.models().size() * 11);
    documents.forEach(
        (name, document) -> assertThat(validate(schema, document)).as(name).isEmpty());
  }
}
