package dev.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
  @TempDir Path dir;

  @Test
  void firstStartGeneratesDistinctRandomSecretsInAnOwnerOnlyFile() throws IOException {
    Path file = dir.resolve("data/secrets.properties");

    Secrets secrets = Secrets.loadOrCreate(file);

    assertThat(secrets.consoleClientSecret()).hasSizeGreaterThanOrEqualTo(32);
    assertThat(secrets.consoleClientSecret())
        .isNotEqualTo(secrets.keycloakAdminPassword())
        .isNotEqualTo(secrets.keystorePassword());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void aDataDirectoryFromAnOlderVersionGetsTheMissingSecretAndKeepsTheOthers() throws IOException {
    Path file = dir.resolve("secrets.properties");
    Files.writeString(file, "console.client.secret=kept\nkeycloak.admin.password=kept-too\n");

    Secrets secrets = Secrets.loadOrCreate(file);

    assertThat(secrets.consoleClientSecret()).isEqualTo("kept");
    assertThat(secrets.keycloakAdminPassword()).isEqualTo("kept-too");
    assertThat(secrets.syncTokenSecret()).hasSizeGreaterThanOrEqualTo(32);
    assertThat(Secrets.loadOrCreate(file).syncTokenSecret()).isEqualTo(secrets.syncTokenSecret());
  }

  @Test
  void aRestartFindsTheSameSecrets() throws IOException {
    Path file = dir.resolve("secrets.properties");
    Secrets first = Secrets.loadOrCreate(file);

    Secrets second = Secrets.loadOrCreate(file);

    assertThat(second).isEqualTo(first);
  }

  @Test
  void anotherDataDirectoryGetsOtherSecrets() throws IOException {
    Secrets a = Secrets.loadOrCreate(dir.resolve("a/secrets.properties"));
    Secrets b = Secrets.loadOrCreate(dir.resolve("b/secrets.properties"));

    assertThat(a.consoleClientSecret()).isNotEqualTo(b.consoleClientSecret());
  }
}
