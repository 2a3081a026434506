package dev.cairn.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Unpacks a distribution zip whose entries all sit under one top folder, once and atomically. */
final class Distributions {
  private Distributions() {}

  /** The name of the zip's top folder, e.g. {@code keycloak-26.7.5}. */
  static String topFolder(Path zip) {
    try (ZipFile file = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> entries = file.entries();
      if (!entries.hasMoreElements()) {
        throw new IllegalArgumentException(zip + " is empty");
      }
      String name = entries.nextElement().getName();
      int slash = name.indexOf('/');
      if (slash <= 0) {
        throw new IllegalArgumentException(zip + " has no top folder (first entry: " + name + ")");
      }
      return name.substring(0, slash);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + zip + ": " + e.getMessage(), e);
    }
  }

  /**
   * Unpacks {@code zip} into {@code parent} unless its top folder is there already. A crash half
   * way leaves only a temporary folder, never a partial distribution.
   *
   * @return the unpacked top folder
   */
  static Path unpack(Path zip, Path parent) throws IOException {
    Path target = parent.resolve(topFolder(zip));
    if (Files.isDirectory(target)) {
      return target;
    }
    Files.createDirectories(parent);
    Path staging = Files.createTempDirectory(parent, ".unpacking-");
    try (ZipFile file = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        Path out = staging.resolve(entry.getName()).normalize();
        if (!out.startsWith(staging)) {
          throw new IOException("zip entry escapes the target folder: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
          continue;
        }
        Files.createDirectories(out.getParent());
        try (InputStream in = file.getInputStream(entry)) {
          Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        }
        if (out.getFileName().toString().endsWith(".sh")) {
          out.toFile().setExecutable(true);
        }
      }
      try {
        Files.move(staging.resolve(target.getFileName()), target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException e) {
        // another process unpacked it meanwhile; theirs is complete, ours is discarded below
      }
    } finally {
      deleteTree(staging);
    }
    return target;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
