package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every setting the server and the console read is listed, as its environment variable, in the
 * operators' settings table ({@code docker/README.md}): a setting nobody can find is a setting
 * nobody can set.
 */
class SettingsDocumentedTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern SETTING =
      Pattern.compile(
          "@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"|get(?:Optional)?Value\\(\\s*\"(cairn\\.[^\"]+)\"");

  @Test
  void everySettingTheWarsReadIsInTheOperatorsSettingsTable() throws IOException {
    Set<String> read = new TreeSet<>();
    for (String sources : new String[] {"server/src/main/java", "admin-ui/src/main/java"}) {
      read.addAll(settingsReadUnder(REPO.resolve(sources)));
    }
    String guide = Files.readString(REPO.resolve("docker/README.md"));

    assertThat(read).as("settings found in the sources").contains("cairn.mongo.uri");
    assertThat(read.stream().map(SettingsDocumentedTest::environmentVariable))
        .allSatisfy(variable -> assertThat(guide).contains("`" + variable + "`"));
  }

  @Test
  void settingsMapToTheirEnvironmentVariablesAsMicroProfileConfigDoes() {
    assertThat(environmentVariable("cairn.sync.tombstone-retention-days"))
        .isEqualTo("CAIRN_SYNC_TOMBSTONE_RETENTION_DAYS");
  }

  /** MicroProfile Config's rule: every character that is not a letter or digit becomes '_'. */
  static String environmentVariable(String setting) {
    return setting.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  private static Set<String> settingsReadUnder(Path root) throws IOException {
    Set<String> settings = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(f -> f.toString().endsWith(".java"))
          .forEach(
              f -> {
                try {
                  Matcher m = SETTING.matcher(Files.readString(f));
                  while (m.find()) {
                    settings.add(m.group(1) != null ? m.group(1) : m.group(2));
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
    return settings;
  }
}
