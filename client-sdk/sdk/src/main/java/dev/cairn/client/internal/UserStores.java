package dev.cairn.client.internal;

import dev.cairn.client.CairnException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One store file per user in a directory: {@code user-<hash of the user id>.db}, so that user ids
 * never become paths and one user's file is never opened for another. Stateless.
 */
public final class UserStores {
  private UserStores() {}

  /** The store file of {@code userId} in {@code directory}. */
  public static Path file(Path directory, String userId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8));
      return directory.resolve("user-" + HexFormat.of().formatHex(digest).substring(0, 24) + ".db");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  /**
   * Deletes a closed store file with its SQLite journal files.
   *
   * @throws CairnException {@code LocalStore} when a file cannot be deleted
   */
  public static void wipe(Path file) {
    for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
      Path path = file.resolveSibling(file.getFileName() + suffix);
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        throw new CairnException(
            "LocalStore", "cannot delete " + path + ": " + e.getMessage(), false, e);
      }
    }
  }
}
