package dev.cairn.spec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.spec.ModelSchemaParser;
import dev.cairn.spec.ParseResult;
import dev.cairn.spec.SchemaError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's commands, exit codes and output, run in-process. */
class MainTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String write(String name, String sdl) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, sdl);
    return file.toString();
  }

  private static final String VALID =
      "type Note @model @auth(rules: [{ allow: owner }]) { id: ID! title: String! }\n";

  @Test
  void validateOfAValidSchemaExitsZero() throws IOException {
    String file = write("schema.graphql", VALID);

    assertThat(run("validate", file)).isZero();
    assertThat(out.toString()).isEqualTo(file + ": valid (1 models)\n");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void validateOfAnInvalidSchemaPrintsEveryErrorAsFileLineColumnAndExitsOne() throws IOException {
    String file = write("bad.graphql", "type Note @model {\n  id: ID!\n  x: Nope\n}\n");

    assertThat(run("validate", file)).isEqualTo(1);
    assertThat(err.toString().lines())
        .containsExactly(
            file
                + ":1:6: model `Note` has no @auth rules; add one, e.g. @auth(rules: [{ allow:"
                + " owner }]) or @auth(rules: [{ allow: public }]) (Cairn grants nothing by default)",
            file + ":3:6: field `x` of `Note` uses unknown type `Nope`; did you mean `Note`?");
    assertThat(out.toString()).isEmpty();
  }

  /**
   * The admin API (server {@code Schemas.publish}) reports {@code SchemaError.toString()} of the
   * same parse, so the CLI and the API give the same positions and messages.
   */
  @Test
  void validatePrintsExactlyTheErrorsTheAdminApiReports() throws IOException {
    String sdl =
        """
        enum Size @model { S }
        type Post
          @model
          @auth(rules: [
            { allow: owner, ownerField: "author" }
            { allow: groups, groupsField: "editors" }
          ]) {
          author: String! @primaryKey(sortKeyFields: ["missing"])
        }
        """;
    String file = write("schema.graphql", sdl);

    assertThat(run("validate", file)).isEqualTo(1);

    ParseResult parsed = ModelSchemaParser.parse(file, sdl);
    assertThat(err.toString().lines())
        .containsExactlyElementsOf(parsed.errors().stream().map(SchemaError::toString).toList());
    assertThat(parsed.errors())
        .extracting(e -> e.line() + ":" + e.column())
        .containsExactly("1:11", "6:35", "8:3", "8:47");
  }

  @Test
  void compilePrintsTheApiSchema() throws IOException {
    assertThat(run("compile", write("schema.graphql", VALID))).isZero();
    assertThat(out.toString())
        .contains(
            "syncNotes(filter: ModelNoteFilterInput, limit: Int, nextToken: String, lastSync: AWSTimestamp): ModelNoteConnection")
        .contains("onCreateNote(filter: ModelSubscriptionNoteFilterInput, owner: String): Note");
  }

  @Test
  void hashPrintsTheVersionHash() throws IOException {
    assertThat(run("hash", write("schema.graphql", VALID))).isZero();
    assertThat(out.toString()).matches("[0-9a-f]{32}\n");
  }

  @Test
  void diffExitsZeroForCompatibleChangesAndOneForBreakingOnes() throws IOException {
    String before = write("old.graphql", VALID);
    String added =
        write("added.graphql", VALID.replace("title: String!", "title: String! body: String"));
    String removed = write("removed.graphql", VALID.replace(" title: String!", ""));

    assertThat(run("diff", before, added)).isZero();
    assertThat(out.toString())
        .isEqualTo(
            "COMPATIBLE Note.body: Field body was added to Note; existing records read it as null.\n");
    out.reset();
    assertThat(run("diff", before, removed)).isEqualTo(1);
    assertThat(out.toString()).startsWith("BREAKING Note.title: Field title was removed from Note");
  }

  @Test
  void diffOfEqualSchemasSaysNoChanges() throws IOException {
    String file = write("schema.graphql", VALID);
    assertThat(run("diff", file, file)).isZero();
    assertThat(out.toString()).isEqualTo("no changes\n");
  }

  @Test
  void missingFileIsAnErrorWithItsName() {
    String missing = dir.resolve("missing.graphql").toString();
    assertThat(run("validate", missing)).isEqualTo(1);
    assertThat(err.toString()).startsWith(missing + ":1:1: cannot read file");
  }

  @Test
  void wrongUsagePrintsUsageAndExitsOne() {
    assertThat(run()).isEqualTo(1);
    assertThat(run("frobnicate", "x")).isEqualTo(1);
    assertThat(run("diff", "only-one")).isEqualTo(1);
    assertThat(err.toString()).contains("usage: cairn-schema");
  }
}
