package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packages follow the data's path one way (DESIGN.md): the edge ({@code api}) uses realtime,
 * and the control plane ({@code tenancy}) uses the data plane, never the other way round.
 */
class PackageDependenciesTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/cairn/server");

  @ParameterizedTest(name = "{0} does not import {1}")
  @CsvSource({"realtime, api", "data, tenancy", "data, api", "tenancy, realtime"})
  void aPackageDoesNotImportOneThatDependsOnIt(String from, String to) {
    assertThat(importsOf(from, to)).isEmpty();
  }

  /** JSON-P through {@link Jsonp#PROVIDER}: {@code Json}'s static methods rescan the class path. */
  @Test
  void noCodeUsesJsonPsStaticFactory() {
    assertThat(linesStartingWith(SOURCES, "import jakarta.json.Json;")).isEmpty();
  }

  private static List<String> importsOf(String from, String to) {
    return linesStartingWith(SOURCES.resolve(from), "import dev.cairn.server." + to + ".");
  }

  private static List<String> linesStartingWith(Path dir, String prefix) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(f -> f.toString().endsWith(".java"))
          .flatMap(
              f -> {
                try {
                  return Files.readAllLines(f).stream()
                      .filter(line -> line.startsWith(prefix))
                      .map(line -> SOURCES.relativize(f) + ": " + line);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
