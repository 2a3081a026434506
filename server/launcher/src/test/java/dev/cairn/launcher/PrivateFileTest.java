package dev.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFileTest {
  @TempDir Path dir;

  @Test
  void writesAnOwnerOnlyFileAndReplacesAnOldOne() throws IOException {
    Path file = dir.resolve("a/b/key");

    PrivateFile.write(file, "one");
    PrivateFile.write(file, "two");

    assertThat(file).hasContent("two");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(dir.resolve("a/b/key.tmp")).doesNotExist();
  }
}
