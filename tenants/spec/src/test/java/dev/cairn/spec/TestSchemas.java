package dev.cairn.spec;

import graphql.language.AstPrinter;
import graphql.parser.Parser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Loads the schemas the tests share: the APPSYNC.md sample and the example tenants. */
final class TestSchemas {
  static final Path RESOURCES = Path.of("src/test/resources");
  static final Path EXAMPLES = Path.of(System.getProperty("cairn.examples.dir", "../examples"));
  static final List<String> EXAMPLE_NAMES = List.of("chat", "inventory", "fleet", "storefront");

  private TestSchemas() {}

  static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ModelSchema parse(Path path) {
    return ModelSchemaParser.parse(path.getFileName().toString(), read(path)).orElseThrow();
  }

  static ModelSchema parse(String sdl) {
    return ModelSchemaParser.parse("schema.graphql", sdl).orElseThrow();
  }

  static ModelSchema sample() {
    return parse(RESOURCES.resolve("sample/schema.graphql"));
  }

  static Path exampleSchema(String name) {
    return EXAMPLES.resolve(name).resolve("schema.graphql");
  }

  /** Every schema whose generated API must serve the real client: the sample and the examples. */
  static Stream<Path> clientSchemas() {
    return Stream.concat(
        Stream.of(RESOURCES.resolve("sample/schema.graphql")),
        EXAMPLE_NAMES.stream().map(TestSchemas::exampleSchema));
  }

  static String normalize(String document) {
    return AstPrinter.printAst(Parser.parse(document));
  }
}
