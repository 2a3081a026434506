package dev.cairn.testkit;

import dev.cairn.launcher.EmbeddedMongo;
import dev.cairn.launcher.KeycloakServer;
import dev.cairn.launcher.RuntimeArtifacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The real parts an integration test run shares: one Keycloak (in-memory database, console realm
 * imported) and one embedded MongoDB stand-in (in memory), started on free ports the first time a
 * test asks and stopped when the test JVM exits. Thread-safe.
 *
 * <p>The stack is a per-JVM singleton on purpose: starting Keycloak costs tens of seconds, and
 * Arquillian's static {@code @Deployment} methods need its URL before any test instance exists.
 */
public final class TestStack {
  /**
   * How long Keycloak may take to start; {@code cairn.test.keycloakTimeoutSeconds} on a busy
   * machine.
   */
  private static final Duration KEYCLOAK_TIMEOUT =
      Duration.ofSeconds(Long.getLong("cairn.test.keycloakTimeoutSeconds", 240));

  private static TestStack instance;
  private static final String SYNC_TOKEN_SECRET = UUID.randomUUID() + "-" + UUID.randomUUID();

  /** The bearer token {@code /metrics} of a test deployment wants. */
  public static final String METRICS_TOKEN = "metrics-" + UUID.randomUUID();

  private final TestKeycloak keycloak;
  private final EmbeddedMongo mongo;

  private TestStack(TestKeycloak keycloak, EmbeddedMongo mongo) {
    this.keycloak = keycloak;
    this.mongo = mongo;
  }

  /** The stack of this test run, started on first use. */
  public static synchronized TestStack get() {
    if (instance == null) {
      instance = start();
      TestStack started = instance;
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "cairn-test-stack-stop"));
    }
    return instance;
  }

  public TestKeycloak keycloak() {
    return keycloak;
  }

  public EmbeddedMongo mongo() {
    return mongo;
  }

  private static final String SERVER_SETTING_PREFIX = "cairn.test.server.";

  /**
   * The configuration a Cairn WAR needs to use this stack, as MicroProfile Config keys (see {@link
   * Deployments#configure}). Each call names a fresh, empty data directory (and with it a fresh
   * control-plane database), so a deployment never shares {@code ~/.cairn} with a running launcher
   * or with another test run on the same machine.
   */
  public Map<String, String> serverConfig() {
    Map<String, String> config = new LinkedHashMap<>();
    Path data = freshDataDir();
    config.put("cairn.data.dir", data.toString());
    config.put("cairn.db.url", "jdbc:h2:file:" + data.resolve("controlplane/cairn"));
    config.put("cairn.mongo.uri", mongo.connectionString());
    config.put("cairn.keycloak.url", keycloak.url());
    config.put("cairn.console.client-secret", keycloak.consoleClientSecret());
    config.put("cairn.keycloak.admin.user", keycloak.adminUserForTests());
    config.put("cairn.keycloak.admin.password", keycloak.adminPasswordForTests());
    config.put("cairn.sync.token-secret", SYNC_TOKEN_SECRET);
    // tests and benchmarks measure the server, not the request-rate limiter (an IT that tests the
    // limiter sets its own rates)
    config.put("cairn.graphql.rate.tenant-per-second", "1000000");
    config.put("cairn.graphql.rate.tenant-burst", "1000000");
    config.put("cairn.graphql.rate.caller-per-second", "1000000");
    config.put("cairn.graphql.rate.caller-burst", "1000000");
    // The test stack is an embedded/demo mode: http to its own parts, password grants for tests.
    config.put("cairn.outbound.allow-http", "true");
    config.put("cairn.keycloak.app-direct-grants", "true");
    config.put("cairn.metrics.token", METRICS_TOKEN);
    // -Dcairn.test.server.<key>=<value> runs every test deployment with that server setting (for
    // example cairn.graphql.in-listener, to run the suite on either HTTP path)
    System.getProperties().stringPropertyNames().stream()
        .filter(name -> name.startsWith(SERVER_SETTING_PREFIX))
        .forEach(
            name ->
                config.put(
                    name.substring(SERVER_SETTING_PREFIX.length()), System.getProperty(name)));
    return config;
  }

  private static TestStack start() {
    String secret = UUID.randomUUID().toString();
    KeycloakServer server =
        KeycloakServer.builder()
            .distribution(RuntimeArtifacts.load().keycloakDistZip())
            .installDir(KitProperties.path("keycloak.install.dir"))
            .port(freePort())
            .inMemoryDatabase(true)
            .admin("admin", UUID.randomUUID().toString())
            .importRealm(
                KeycloakServer.CONSOLE_REALM,
                KeycloakServer.consoleRealm(secret, List.of("http://localhost/console")))
            .build();
    EmbeddedMongo mongo;
    try {
      mongo = EmbeddedMongo.start("localhost", 0, Optional.empty());
      server.start();
    } catch (IOException e) {
      server.close();
      throw new UncheckedIOException("could not start the test stack", e);
    }
    try {
      server.awaitReady(KEYCLOAK_TIMEOUT);
    } catch (RuntimeException | Error e) {
      // A Keycloak still starting would outlive this JVM's test class and slow the next start.
      server.close();
      mongo.close();
      throw e;
    }
    return new TestStack(new TestKeycloak(server, secret), mongo);
  }

  private void stop() {
    keycloak.server().close();
    mongo.close();
  }

  private static Path freshDataDir() {
    try {
      return Files.createTempDirectory("cairn-it-data-");
    } catch (IOException e) {
      throw new UncheckedIOException("could not make a data directory for a test deployment", e);
    }
  }

  /** A TCP port free on this machine right now (for a node or proxy a test starts itself). */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
