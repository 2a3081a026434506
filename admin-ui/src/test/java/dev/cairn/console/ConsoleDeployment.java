package dev.cairn.console;

import dev.cairn.testkit.Deployments;
import dev.cairn.testkit.TestStack;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The console and the server it calls, as they run from the Run command: both real WARs in one
 * Payara Micro, the server at {@code /} and the console at {@code /console}. Payara Micro deploys
 * WARs only (no EAR), so Arquillian deploys the console and {@code arquillian.xml} adds {@code
 * --deploy ../server/target/cairn-server.war --systemProperties target/cairn-it.properties} to the
 * Payara Micro command line; this class writes that properties file (the test stack's settings,
 * read by both WARs through MicroProfile Config) before the container starts. Build the server
 * first ({@code mvn -pl server,admin-ui -am verify}).
 */
final class ConsoleDeployment {
  static final Path SYSTEM_PROPERTIES = Path.of("target", "cairn-it.properties");
  static final File SERVER_WAR = new File("../server/target/cairn-server.war");
  static final Path DATA_DIR = Path.of("target", "cairn-it-data-" + UUID.randomUUID());

  private ConsoleDeployment() {}

  static WebArchive consoleBesideServer() {
    return consoleBesideServer(Map.of());
  }

  /** The same with {@code settings} added to (or replacing) the test stack's. */
  static WebArchive consoleBesideServer(Map<String, String> settings) {
    if (!SERVER_WAR.isFile()) {
      throw new IllegalStateException(
          SERVER_WAR + " is missing: build with `mvn -pl server,admin-ui -am verify`");
    }
    Map<String, String> config = new LinkedHashMap<>(TestStack.get().serverConfig());
    // A data directory of this run only: the default (~/.cairn) belongs to the Run command.
    config.put("cairn.data.dir", DATA_DIR.toAbsolutePath().toString());
    config.putAll(settings);
    String properties =
        config.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n", "", "\n"));
    try {
      Files.writeString(SYSTEM_PROPERTIES, properties);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Deployments.configure(
        ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/cairn-console.war")),
        config);
  }
}
