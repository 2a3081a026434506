package dev.cairn.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * Secrets of the embedded mode, generated at random on the first start and kept in {@code
 * secrets.properties} (owner-only) under the data directory, so that a restart finds the realm, the
 * console client and the keystore it made before.
 */
record Secrets(
    String consoleClientSecret,
    String keycloakAdminPassword,
    String keystorePassword,
    String syncTokenSecret,
    String metricsToken) {
  private static final SecureRandom RANDOM = new SecureRandom();

  static Secrets loadOrCreate(Path file) throws IOException {
    Properties p = new Properties();
    if (Files.exists(file)) {
      try (Reader in = Files.newBufferedReader(file)) {
        p.load(in);
      }
    }
    boolean changed = false;
    for (String key :
        new String[] {
          "console.client.secret",
          "keycloak.admin.password",
          "keystore.password",
          "sync.token.secret",
          "metrics.token"
        }) {
      if (p.getProperty(key) == null) {
        p.setProperty(key, random());
        changed = true;
      }
    }
    if (changed) {
      StringWriter out = new StringWriter();
      p.store(out, "Cairn embedded-mode secrets; generated on first start. Keep private.");
      PrivateFile.write(file, out.toString());
    }
    return new Secrets(
        p.getProperty("console.client.secret"),
        p.getProperty("keycloak.admin.password"),
        p.getProperty("keystore.password"),
        p.getProperty("sync.token.secret"),
        p.getProperty("metrics.token"));
  }

  private static String random() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
