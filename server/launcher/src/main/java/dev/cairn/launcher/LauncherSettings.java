package dev.cairn.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the launcher reads from the environment, each with its embedded default.
 *
 * @param repo the repository root (the WARs are taken from its build output)
 * @param dataDir {@code CAIRN_DATA_DIR}, default {@code ~/.cairn}
 * @param httpPort {@code CAIRN_HTTP_PORT}, default 8080
 * @param httpsPort {@code CAIRN_HTTPS_PORT}, default 8181
 * @param keycloakPort {@code CAIRN_KEYCLOAK_PORT}, default 8180
 * @param mongoPort {@code CAIRN_MONGO_PORT}, default 27017
 * @param externalMongoUri {@code CAIRN_MONGO_URI}: a MongoDB to use instead of the stand-in
 * @param externalKeycloakUrl {@code CAIRN_KEYCLOAK_URL}: a Keycloak to use instead of starting one
 *     (it must have the {@code cairn-console} realm; {@code CAIRN_CONSOLE_CLIENT_SECRET} is then
 *     required)
 * @param mailSmtpPort {@code CAIRN_MAIL_SMTP_PORT}, default 3025: the mail catcher's SMTP port
 * @param mailImapPort {@code CAIRN_MAIL_IMAP_PORT}, default 3143: its IMAP port
 * @param mailApiPort {@code CAIRN_MAIL_API_PORT}, default 8025: its REST API
 * @param startTimeout {@code CAIRN_START_TIMEOUT_SECONDS}, default 240: how long Keycloak and then
 *     Payara Micro each may take to become ready (Keycloak's first start builds itself, which took
 *     196 s on a machine at load 26)
 */
record LauncherSettings(
    Path repo,
    Path dataDir,
    int httpPort,
    int httpsPort,
    int keycloakPort,
    int mongoPort,
    Optional<String> externalMongoUri,
    Optional<String> externalKeycloakUrl,
    Optional<String> externalConsoleClientSecret,
    int mailSmtpPort,
    int mailImapPort,
    int mailApiPort,
    Duration startTimeout) {

  static LauncherSettings from(Path repo, Map<String, String> env) {
    return new LauncherSettings(
        repo,
        Path.of(env.getOrDefault("CAIRN_DATA_DIR", System.getProperty("user.home") + "/.cairn"))
            .toAbsolutePath(),
        port(env, "CAIRN_HTTP_PORT", 8080),
        port(env, "CAIRN_HTTPS_PORT", 8181),
        port(env, "CAIRN_KEYCLOAK_PORT", 8180),
        port(env, "CAIRN_MONGO_PORT", 27017),
        nonBlank(env, "CAIRN_MONGO_URI"),
        nonBlank(env, "CAIRN_KEYCLOAK_URL"),
        nonBlank(env, "CAIRN_CONSOLE_CLIENT_SECRET"),
        port(env, "CAIRN_MAIL_SMTP_PORT", 3025),
        port(env, "CAIRN_MAIL_IMAP_PORT", 3143),
        port(env, "CAIRN_MAIL_API_PORT", 8025),
        Duration.ofSeconds(seconds(env, "CAIRN_START_TIMEOUT_SECONDS", 240)));
  }

  /** Fails fast on combinations that cannot work. */
  LauncherSettings validate() {
    if (externalKeycloakUrl.isPresent() && externalConsoleClientSecret.isEmpty()) {
      throw new IllegalArgumentException(
          "CAIRN_KEYCLOAK_URL is set, so CAIRN_CONSOLE_CLIENT_SECRET must be too: the secret of the"
              + " cairn-console client in that Keycloak's cairn-console realm");
    }
    return this;
  }

  private static Optional<String> nonBlank(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
  }

  private static long seconds(Map<String, String> env, String name, long fallback) {
    return number(
        env, name, fallback, 1, Long.MAX_VALUE, "a number of seconds (a whole number, at least 1)");
  }

  private static int port(Map<String, String> env, String name, int fallback) {
    return (int) number(env, name, fallback, 1, 65535, "a port number (1..65535)");
  }

  /**
   * @throws IllegalArgumentException naming the variable, its value and {@code what} it must be
   */
  private static long number(
      Map<String, String> env, String name, long fallback, long min, long max, String what) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      long number = Long.parseLong(value.trim());
      if (number < min || number > max) {
        throw new NumberFormatException();
      }
      return number;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "=" + value + " is not " + what);
    }
  }

  /** Fails with a message naming the variable to change if a port is taken. */
  void checkPortsFree() {
    checkFree(httpPort, "CAIRN_HTTP_PORT");
    checkFree(httpsPort, "CAIRN_HTTPS_PORT");
    if (externalKeycloakUrl.isEmpty()) {
      checkFree(keycloakPort, "CAIRN_KEYCLOAK_PORT");
      checkFree(mailSmtpPort, "CAIRN_MAIL_SMTP_PORT");
      checkFree(mailImapPort, "CAIRN_MAIL_IMAP_PORT");
      checkFree(mailApiPort, "CAIRN_MAIL_API_PORT");
    }
    if (externalMongoUri.isEmpty()) {
      checkFree(mongoPort, "CAIRN_MONGO_PORT");
    }
  }

  private static void checkFree(int port, String variable) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
    } catch (IOException e) {
      throw new IllegalStateException(
          "port "
              + port
              + " is in use (is Cairn already running?); stop that process or set "
              + variable
              + " to a free port");
    }
  }

  String consoleUrl() {
    return "http://localhost:" + httpPort + "/console";
  }

  String secureConsoleUrl() {
    return "https://localhost:" + httpsPort + "/console";
  }
}
