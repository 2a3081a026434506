package dev.cairn.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where Maven resolved the runtime parts (Payara Micro, the Keycloak distribution, GreenMail), as
 * recorded by the build in {@code cairn-launcher.properties}.
 */
public record RuntimeArtifacts(Path payaraMicroJar, Path keycloakDistZip, Path greenMailJar) {

  /** Reads the recorded paths and checks that the files are there. */
  public static RuntimeArtifacts load() {
    Properties p = new Properties();
    try (InputStream in =
        RuntimeArtifacts.class.getResourceAsStream("/cairn-launcher.properties")) {
      if (in == null) {
        throw new IllegalStateException(
            "cairn-launcher.properties is missing; build with mvn package");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RuntimeArtifacts artifacts =
        new RuntimeArtifacts(
            Path.of(p.getProperty("payara.micro.jar")),
            Path.of(p.getProperty("keycloak.dist.zip")),
            Path.of(p.getProperty("greenmail.jar")));
    for (Path file :
        new Path[] {artifacts.payaraMicroJar, artifacts.keycloakDistZip, artifacts.greenMailJar}) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalStateException(
            file + " is missing; run `mvn package` to resolve it again");
      }
    }
    return artifacts;
  }
}
