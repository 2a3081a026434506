package dev.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistributionsTest {
  @TempDir Path dir;

  @Test
  void unpacksTheTopFolderAndMakesScriptsExecutable() throws IOException {
    Path zip = zip("dist-1.0/bin/run.sh", "dist-1.0/lib/a.txt");

    Path home = Distributions.unpack(zip, dir.resolve("install"));

    assertThat(home).isEqualTo(dir.resolve("install/dist-1.0"));
    assertThat(home.resolve("lib/a.txt")).hasContent("content of dist-1.0/lib/a.txt");
    assertThat(Files.isExecutable(home.resolve("bin/run.sh"))).isTrue();
    try (var leftovers = Files.list(dir.resolve("install"))) {
      assertThat(leftovers).containsExactly(home);
    }
  }

  @Test
  void aSecondUnpackKeepsWhatIsThereIncludingDataWrittenSince() throws IOException {
    Path zip = zip("dist-1.0/lib/a.txt");
    Path home = Distributions.unpack(zip, dir);
    Files.writeString(home.resolve("lib/a.txt"), "changed by the running server");

    Distributions.unpack(zip, dir);

    assertThat(home.resolve("lib/a.txt")).hasContent("changed by the running server");
  }

  @Test
  void refusesAnEntryThatEscapesTheTargetFolder() throws IOException {
    Path zip = zip("dist-1.0/ok.txt", "dist-1.0/../../evil.txt");

    assertThatThrownBy(() -> Distributions.unpack(zip, dir.resolve("install")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("escapes");
    assertThat(dir.resolve("evil.txt")).doesNotExist();
    assertThat(dir.resolve("install/dist-1.0")).doesNotExist();
  }

  private Path zip(String... entries) throws IOException {
    Path zip = dir.resolve("dist.zip");
    try (OutputStream file = Files.newOutputStream(zip);
        ZipOutputStream out = new ZipOutputStream(file)) {
      for (String entry : entries) {
        out.putNextEntry(new ZipEntry(entry));
        out.write(("content of " + entry).getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return zip;
  }
}
