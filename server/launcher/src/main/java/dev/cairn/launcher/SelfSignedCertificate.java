package dev.cairn.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HTTPS certificate of the embedded mode: a self-signed RSA certificate for {@code localhost}
 * and {@code 127.0.0.1}, made once with the JDK's {@code keytool} into a PKCS#12 keystore under the
 * data directory. (The Amplify client always speaks {@code wss://} for realtime, so even a local
 * Cairn needs TLS.)
 */
final class SelfSignedCertificate {
  static final String ALIAS = "cairn";

  private SelfSignedCertificate() {}

  /** Creates the keystore unless it exists; returns its path. */
  static Path ensure(Path keystore, String password) throws IOException, InterruptedException {
    if (Files.exists(keystore)) {
      return keystore;
    }
    Files.createDirectories(keystore.toAbsolutePath().getParent());
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Path tmp = keystore.resolveSibling(keystore.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Process p =
        new ProcessBuilder(
                List.of(
                    keytool.toString(),
                    "-genkeypair",
                    "-noprompt",
                    "-alias",
                    ALIAS,
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-validity",
                    "3650",
                    "-dname",
                    "CN=localhost, OU=embedded mode, O=Cairn",
                    "-ext",
                    "SAN=dns:localhost,ip:127.0.0.1,ip:::1",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    tmp.toString(),
                    "-storepass",
                    password))
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool failed to create " + keystore + ":\n" + output);
    }
    Files.move(tmp, keystore);
    return keystore;
  }
}
