package dev.cairn.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A real Keycloak server (the {@code keycloak-quarkus-dist} distribution resolved from Maven
 * Central) started in dev mode as a child process, with realms imported at start. Used by the
 * launcher (data kept in the distribution's {@code data/} folder) and by the test kit (in-memory
 * database, a fresh server per test run). Not thread-safe; start and close it from one thread.
 */
public final class KeycloakServer implements AutoCloseable {
  /** The realm of console users (tenant admins and developers). */
  public static final String CONSOLE_REALM = "cairn-console";

  private static final String CONSOLE_REALM_TEMPLATE = "/keycloak/cairn-console-realm.json";

  private final Builder settings;
  private final Path home;
  private ManagedProcess process;

  private KeycloakServer(Builder settings, Path home) {
    this.settings = settings;
    this.home = home;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The base URL, e.g. {@code http://localhost:8180}. */
  public URI url() {
    return URI.create("http://localhost:" + settings.port);
  }

  /** The issuer of a realm's tokens. */
  public String issuer(String realm) {
    return url() + "/realms/" + realm;
  }

  public int port() {
    return settings.port;
  }

  public String adminUser() {
    return settings.adminUser;
  }

  public String adminPassword() {
    return settings.adminPassword;
  }

  public Path home() {
    return home;
  }

  /** An SMTP server a realm sends its mail through (no authentication, no TLS: a local catcher). */
  public record Smtp(String host, int port, String from) {}

  /**
   * The console realm without mail: email addresses are not verified by Keycloak (users made
   * through the admin API carry {@code emailVerified} as given).
   */
  public static String consoleRealm(String clientSecret, List<String> consoleUrls) {
    return consoleRealm(clientSecret, consoleUrls, Optional.empty());
  }

  /**
   * The console realm, ready to import: the template with the console client's secret, the console
   * URLs it may redirect to after login and logout and, when {@code smtp} is given, the mail server
   * through which self-registered users get their verification mail (verification is then
   * required). Brute-force detection is always on.
   */
  public static String consoleRealm(
      String clientSecret, List<String> consoleUrls, Optional<Smtp> smtp) {
    String template;
    try (InputStream in = KeycloakServer.class.getResourceAsStream(CONSOLE_REALM_TEMPLATE)) {
      template = new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + CONSOLE_REALM_TEMPLATE, e);
    }
    List<String> redirects = new ArrayList<>();
    consoleUrls.forEach(u -> redirects.add("\"" + Json.escape(u + "/*") + "\""));
    String smtpServer =
        smtp.map(
                m ->
                    "{\"host\": \""
                        + Json.escape(m.host())
                        + "\", \"port\": \""
                        + m.port()
                        + "\", \"from\": \""
                        + Json.escape(m.from())
                        + "\", \"auth\": \"false\", \"ssl\": \"false\", \"starttls\": \"false\"}")
            .orElse("{}");
    return template
        .replace("${VERIFY_EMAIL}", Boolean.toString(smtp.isPresent()))
        .replace("${SMTP_SERVER}", smtpServer)
        .replace("${CONSOLE_CLIENT_SECRET}", Json.escape(clientSecret))
        .replace("${CONSOLE_REDIRECT_URIS}", "[" + String.join(", ", redirects) + "]")
        .replace(
            "${CONSOLE_LOGOUT_URIS}",
            Json.escape(String.join("##", consoleUrls.stream().map(u -> u + "/*").toList())));
  }

  /**
   * Unpacks the distribution if needed, writes the realm imports and starts the server. Returns at
   * once; call {@link #awaitReady} next.
   */
  public void start() throws IOException {
    Files.createDirectories(home.getParent());
    Path kc = Distributions.unpack(settings.distZip, home.getParent()).resolve("bin/kc.sh");
    Path imports = home.resolve("data/import");
    Files.createDirectories(imports);
    for (Map.Entry<String, String> realm : settings.realms.entrySet()) {
      // The console realm holds the console client's secret: owner-only.
      PrivateFile.write(imports.resolve(realm.getKey() + ".json"), realm.getValue());
    }
    List<String> command = new ArrayList<>();
    command.add("bash");
    command.add(kc.toString());
    command.add("start-dev");
    command.add("--http-port=" + settings.port);
    command.add("--http-host=127.0.0.1");
    command.add("--import-realm");
    command.add("--db=" + (settings.inMemory ? "dev-mem" : "dev-file"));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("KC_BOOTSTRAP_ADMIN_USERNAME", settings.adminUser);
    env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", settings.adminPassword);
    env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
    process = ManagedProcess.start("Keycloak", command, home, env, settings.log);
  }

  /**
   * Waits until every imported realm answers its OpenID discovery document.
   *
   * @throws IllegalStateException if Keycloak exits or is not ready in time
   */
  public void awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    List<String> realms = new ArrayList<>(settings.realms.keySet());
    if (realms.isEmpty()) {
      realms.add("master");
    }
    process.awaitReady(
        () ->
            realms.stream()
                .allMatch(r -> answers(http, issuer(r) + "/.well-known/openid-configuration")),
        timeout);
  }

  static boolean answers(HttpClient http, String url) {
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  ManagedProcess process() {
    return process;
  }

  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
  }

  /** Settings of a {@link KeycloakServer}; every value is checked by {@link #build()}. */
  public static final class Builder {
    private Path distZip;
    private Path installDir;
    private int port;
    private boolean inMemory;
    private String adminUser = "admin";
    private String adminPassword;
    private Path log;
    private final Map<String, String> realms = new LinkedHashMap<>();

    private Builder() {}

    /** The {@code keycloak-quarkus-dist} zip. */
    public Builder distribution(Path zip) {
      this.distZip = zip;
      return this;
    }

    /** The folder the distribution is unpacked into (once; later starts reuse it). */
    public Builder installDir(Path dir) {
      this.installDir = dir;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** True for an in-memory database (tests), false for a file database kept across restarts. */
    public Builder inMemoryDatabase(boolean inMemory) {
      this.inMemory = inMemory;
      return this;
    }

    /** The master realm's admin, created on the first start only. */
    public Builder admin(String user, String password) {
      this.adminUser = user;
      this.adminPassword = password;
      return this;
    }

    public Builder log(Path log) {
      this.log = log;
      return this;
    }

    /** A realm to import at start unless it exists already. */
    public Builder importRealm(String name, String json) {
      realms.put(name, json);
      return this;
    }

    public KeycloakServer build() {
      if (distZip == null || !Files.isRegularFile(distZip)) {
        throw new IllegalArgumentException(
            "Keycloak distribution zip not found: " + distZip + "; build with `mvn package` first");
      }
      if (installDir == null) {
        throw new IllegalArgumentException("installDir is required");
      }
      if (port <= 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 1..65535, was " + port);
      }
      if (adminPassword == null || adminPassword.isBlank()) {
        throw new IllegalArgumentException("an admin password is required");
      }
      if (log == null) {
        log = installDir.resolve("keycloak.log");
      }
      Path home = installDir.resolve(Distributions.topFolder(distZip));
      return new KeycloakServer(this, home);
    }
  }
}
