package dev.cairn.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The testkit's build-time settings ({@code cairn-testkit.properties}, filtered by Maven): where
 * Keycloak is unpacked, where the server WAR and the Amplify JS client live. They are absolute
 * paths, so a test finds them whichever module it runs in.
 */
final class KitProperties {
  private static final Properties PROPERTIES = load();

  private KitProperties() {}

  static Path path(String key) {
    String value = PROPERTIES.getProperty(key);
    if (value == null) {
      throw new IllegalStateException("cairn-testkit.properties has no " + key);
    }
    return Path.of(value).toAbsolutePath().normalize();
  }

  private static Properties load() {
    Properties kit = new Properties();
    try (InputStream in = KitProperties.class.getResourceAsStream("/cairn-testkit.properties")) {
      kit.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return kit;
  }
}
