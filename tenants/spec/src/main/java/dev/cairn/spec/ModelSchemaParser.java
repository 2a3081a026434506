package dev.cairn.spec;

import dev.cairn.spec.internal.api.ApiSchemaBuilder;
import dev.cairn.spec.internal.parse.Diagnostics;
import dev.cairn.spec.internal.parse.SchemaReader;
import graphql.language.Document;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.MultiSourceReader;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import java.util.Optional;

/**
 * The entry point of the tenant schema language: reads a {@code schema.graphql} written in
 * Amplify's dialect (GraphQL transformer v2 directives plus Cairn's {@code @conflict} and {@code
 * @cairnFlag}) into a
 * validated {@link ModelSchema}.
 *
 * <p>Every error is collected, not only the first, each with the file name, a 1-based line and
 * column, and how to fix it. Stateless and thread-safe.
 */
public final class ModelSchemaParser {
  private static final int MAX_TOKENS = 100_000;

  private ModelSchemaParser() {}

  /**
   * Parses and validates {@code source}.
   *
   * @param fileName the name used in error positions, e.g. {@code schema.graphql}
   * @param source the SDL text
   * @return the schema, or every error found
   */
  public static ParseResult parse(String fileName, String source) {
    Diagnostics diagnostics = new Diagnostics(fileName, source);
    Document document;
    try {
      document =
          Parser.parse(
              ParserEnvironment.newParserEnvironment()
                  .document(
                      MultiSourceReader.newMultiSourceReader()
                          .string(source, fileName)
                          .trackData(false)
                          .build())
                  .parserOptions(
                      ParserOptions.newParserOptions()
                          .maxTokens(MAX_TOKENS)
                          .captureSourceLocation(true)
                          .build())
                  .build());
    } catch (InvalidSyntaxException e) {
      diagnostics.error(e.getLocation(), "syntax error: " + syntaxMessage(e));
      return new ParseResult(Optional.empty(), diagnostics.sorted());
    }
    Optional<ModelSchema> schema = new SchemaReader(diagnostics).read(document);
    if (schema.isPresent()) {
      ApiSchemaBuilder.collisions(schema.get(), document)
          .forEach(c -> diagnostics.error(c.at(), c.message()));
    }
    if (diagnostics.hasErrors()) {
      return new ParseResult(Optional.empty(), diagnostics.sorted());
    }
    return new ParseResult(schema, java.util.List.of());
  }

  private static String syntaxMessage(InvalidSyntaxException e) {
    String message = e.getMessage();
    // graphql-java repeats the position in its message; the error already carries it.
    int at = message.indexOf(" at line ");
    String text = at > 0 ? message.substring(0, at) : message;
    return text.replace("Invalid syntax with offending token", "unexpected")
        + "; check for a missing brace, colon or quote near here";
  }
}
