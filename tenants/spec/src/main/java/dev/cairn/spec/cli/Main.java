package dev.cairn.spec.cli;

import dev.cairn.spec.ApiSchema;
import dev.cairn.spec.Compatibility;
import dev.cairn.spec.ModelSchema;
import dev.cairn.spec.ModelSchemaParser;
import dev.cairn.spec.ParseResult;
import dev.cairn.spec.SchemaChange;
import dev.cairn.spec.SchemaDiff;
import dev.cairn.spec.SchemaError;
import dev.cairn.spec.SchemaHash;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The schema CLI: {@code validate FILE}, {@code compile FILE}, {@code hash FILE}, {@code diff OLD
 * NEW}. Exit code 0 on success, 1 on any error (and for {@code diff}, when a change is breaking);
 * errors go to stderr as {@code file:line:col: message}.
 */
public final class Main {
  private static final String USAGE =
      """
      usage: cairn-schema <command> ...
        validate FILE      check a tenant schema.graphql; prints every error as file:line:col: message
        compile FILE       print the AppSync API schema generated for it
        hash FILE          print its local-storage version hash
        diff OLD NEW       list the changes from OLD to NEW, each COMPATIBLE, MIGRATABLE or BREAKING;
                           exits 1 when a change is BREAKING
      """;

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command; returns the process exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.print(USAGE);
      return 1;
    }
    String command = args[0];
    int expected = command.equals("diff") ? 3 : 2;
    if (!List.of("validate", "compile", "hash", "diff").contains(command)
        || args.length != expected) {
      err.print(USAGE);
      return 1;
    }
    Optional<ModelSchema> first = load(args[1], err);
    if (first.isEmpty()) {
      return 1;
    }
    switch (command) {
      case "validate" ->
          out.println(args[1] + ": valid (" + first.get().models().size() + " models)");
      case "compile" -> out.print(ApiSchema.of(first.get()).sdl());
      case "hash" -> out.println(SchemaHash.of(first.get()));
      default -> {
        Optional<ModelSchema> second = load(args[2], err);
        if (second.isEmpty()) {
          return 1;
        }
        List<SchemaChange> changes = SchemaDiff.between(first.get(), second.get());
        if (changes.isEmpty()) {
          out.println("no changes");
        }
        changes.forEach(out::println);
        return changes.stream().anyMatch(c -> c.compatibility() == Compatibility.BREAKING) ? 1 : 0;
      }
    }
    return 0;
  }

  private static Optional<ModelSchema> load(String file, PrintStream err) {
    String source;
    try {
      source = Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.println(file + ":1:1: cannot read file: " + e.getMessage());
      return Optional.empty();
    }
    ParseResult result = ModelSchemaParser.parse(file, source);
    for (SchemaError error : result.errors()) {
      err.println(error);
    }
    return result.schema();
  }
}
