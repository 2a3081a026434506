package dev.cairn.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs Cairn on embedded defaults: the MongoDB stand-in in this process, a real Keycloak and Payara
 * Micro (server and console WARs) as child processes; waits until each is ready, prints where
 * everything is, and stops it all on Ctrl-C. Data lives under {@code CAIRN_DATA_DIR}.
 */
public final class Launcher {
  private final LauncherSettings settings;
  private final List<AutoCloseable> started = new ArrayList<>();
  private volatile boolean stopping;

  private Launcher(LauncherSettings settings) {
    this.settings = settings;
  }

  /**
   * @param args the repository root (defaults to the working directory)
   */
  public static void main(String[] args) throws Exception {
    Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    Launcher launcher;
    try {
      launcher = new Launcher(LauncherSettings.from(repo, System.getenv()).validate());
    } catch (IllegalArgumentException e) {
      System.err.println("Cairn did not start: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(launcher::stopAll, "cairn-shutdown"));
    try {
      launcher.run();
    } catch (RuntimeException | IOException e) {
      System.err.println("\nCairn did not start: " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * Waits for a part to become ready within {@code CAIRN_START_TIMEOUT_SECONDS}; a timeout says
   * which setting gives it longer.
   */
  private void withinStartTimeout(Consumer<Duration> awaitReady) {
    try {
      awaitReady.accept(settings.startTimeout());
    } catch (ReadinessTimeoutException e) {
      throw new IllegalStateException(
          e.getMessage()
              + "\n(a slow or busy machine may need longer: set CAIRN_START_TIMEOUT_SECONDS, now "
              + settings.startTimeout().toSeconds()
              + ")",
          e);
    }
  }

  private void run() throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    settings.checkPortsFree();
    Path data = settings.dataDir();
    Files.createDirectories(data);
    RuntimeArtifacts artifacts = RuntimeArtifacts.load();
    List<Path> wars =
        List.of(
            settings.repo().resolve("server/target/cairn-server.war"),
            settings.repo().resolve("admin-ui/target/cairn-console.war"));
    for (Path war : wars) {
      if (!Files.isRegularFile(war)) {
        throw new IllegalStateException(war + " is missing; build with `mvn package -DskipTests`");
      }
    }
    Secrets secrets = Secrets.loadOrCreate(data.resolve("secrets.properties"));
    Path keystore =
        SelfSignedCertificate.ensure(data.resolve("tls/cairn.p12"), secrets.keystorePassword());

    String mongoUri = settings.externalMongoUri().orElse(null);
    if (mongoUri == null) {
      say("MongoDB stand-in  starting on port " + settings.mongoPort());
      EmbeddedMongo mongo =
          EmbeddedMongo.start(
              "localhost", settings.mongoPort(), Optional.of(data.resolve("mongo/cairn.mv")));
      started.add(mongo);
      mongoUri = mongo.connectionString();
    } else {
      say("MongoDB           " + mongoUri + " (CAIRN_MONGO_URI)");
    }

    KeycloakServer keycloak = null;
    MailCatcher mail = null;
    String keycloakUrl = settings.externalKeycloakUrl().orElse(null);
    String consoleSecret =
        settings.externalConsoleClientSecret().orElse(secrets.consoleClientSecret());
    if (keycloakUrl == null) {
      say(
          "Mail catcher      starting on ports "
              + settings.mailSmtpPort()
              + " (SMTP), "
              + settings.mailImapPort()
              + " (IMAP), "
              + settings.mailApiPort()
              + " (API)");
      mail =
          MailCatcher.start(
              artifacts.greenMailJar(),
              settings.mailSmtpPort(),
              settings.mailImapPort(),
              settings.mailApiPort(),
              data,
              data.resolve("logs/greenmail.log"));
      started.add(mail);
      keycloak = embeddedKeycloak(artifacts, secrets, data);
      say(
          "Keycloak          starting on port "
              + settings.keycloakPort()
              + " (log: "
              + data.resolve("logs/keycloak.log")
              + ")");
      keycloak.start();
      started.add(keycloak);
      keycloakUrl = keycloak.url().toString();
    } else {
      say("Keycloak          " + keycloakUrl + " (CAIRN_KEYCLOAK_URL)");
    }

    // The child inherits this environment, so CAIRN_DB_URL and friends pass through unchanged.
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CAIRN_DATA_DIR", data.toString());
    env.put("CAIRN_MONGO_URI", mongoUri);
    env.put("CAIRN_KEYCLOAK_URL", keycloakUrl);
    env.put("CAIRN_CONSOLE_CLIENT_SECRET", consoleSecret);
    // The console calls the admin API in the same Payara over plain HTTP, also when the browser
    // came in over HTTPS (whose certificate is self-signed).
    env.put(
        "CAIRN_CONSOLE_API_URL",
        System.getenv()
            .getOrDefault("CAIRN_CONSOLE_API_URL", "http://localhost:" + settings.httpPort()));
    env.put(
        "CAIRN_SYNC_TOKEN_SECRET",
        System.getenv().getOrDefault("CAIRN_SYNC_TOKEN_SECRET", secrets.syncTokenSecret()));
    String metricsToken =
        System.getenv().getOrDefault("CAIRN_METRICS_TOKEN", secrets.metricsToken());
    env.put("CAIRN_METRICS_TOKEN", metricsToken);
    // The embedded mode: parts talk plain http on localhost, and scripts log users in with curl.
    env.put(
        "CAIRN_OUTBOUND_ALLOW_HTTP",
        System.getenv().getOrDefault("CAIRN_OUTBOUND_ALLOW_HTTP", "true"));
    env.put(
        "CAIRN_KEYCLOAK_APP_DIRECT_GRANTS",
        System.getenv().getOrDefault("CAIRN_KEYCLOAK_APP_DIRECT_GRANTS", "true"));
    if (keycloak != null) {
      // Signup provisions a realm per tenant through the Admin REST API of the Keycloak we run.
      env.put("CAIRN_KEYCLOAK_ADMIN_USER", keycloak.adminUser());
      env.put("CAIRN_KEYCLOAK_ADMIN_PASSWORD", keycloak.adminPassword());
    }
    if (mail != null) {
      env.put("CAIRN_MAIL_SMTP_HOST", "127.0.0.1");
      env.put("CAIRN_MAIL_SMTP_PORT", Integer.toString(mail.smtpPort()));
    }
    say(
        "Payara Micro      starting on ports "
            + settings.httpPort()
            + " (HTTP) and "
            + settings.httpsPort()
            + " (HTTPS) (log: "
            + data.resolve("logs/payara.log")
            + ")");
    PayaraMicro payara =
        PayaraMicro.start(
            artifacts.payaraMicroJar(),
            data.resolve("payara"),
            settings.httpPort(),
            settings.httpsPort(),
            keystore,
            secrets.keystorePassword(),
            wars,
            env,
            data.resolve("logs/payara.log"));
    started.add(payara);

    if (mail != null) {
      withinStartTimeout(mail::awaitReady);
    }
    if (keycloak != null) {
      withinStartTimeout(keycloak::awaitReady);
      say("Keycloak          ready after " + seconds(t0));
    }
    withinStartTimeout(payara::awaitReady);
    say("Payara Micro      ready after " + seconds(t0));
    String examples = "";
    if (keycloak != null) {
      examples = ExampleTenantsStep.run(settings, keycloak, data);
      say("Example tenants   ready after " + seconds(t0));
    }

    System.out.printf(
        """

        Cairn is ready (%s).
          Console          %s   (also %s, self-signed certificate)
          Demo login       demo / demo
          GraphQL base     http://localhost:%d/t/{tenant}/graphql  (https://localhost:%d/t/{tenant}/graphql)
          Admin API        http://localhost:%d/api/admin
          Health           http://localhost:%d/health/ready
          Metrics          curl -H "Authorization: Bearer $(sed -n 's/^metrics.token=//p' %s)" http://localhost:%d/metrics
          Keycloak         %s  (admin console: admin / see %s)
          Mail             %s
          MongoDB          %s
          Data             %s
        %s
        Press Ctrl-C to stop.
        %n""",
        seconds(t0),
        settings.consoleUrl() + "/",
        settings.secureConsoleUrl() + "/",
        settings.httpPort(),
        settings.httpsPort(),
        settings.httpPort(),
        settings.httpPort(),
        data.resolve("secrets.properties"),
        settings.httpPort(),
        keycloakUrl,
        data.resolve("secrets.properties"),
        mail == null
            ? "(none: Keycloak at CAIRN_KEYCLOAK_URL sends its own)"
            : "SMTP localhost:"
                + mail.smtpPort()
                + "; read it: curl "
                + mail.apiUrl()
                + "/api/user/<address>/messages/INBOX/ or IMAP localhost:"
                + mail.imapPort()
                + " (user = the address, any password)",
        mongoUri,
        data,
        examples);

    if (keycloak != null) {
      watch(keycloak.process(), payara.process(), mail.process());
    } else {
      watch(payara.process());
    }
  }

  private KeycloakServer embeddedKeycloak(RuntimeArtifacts artifacts, Secrets secrets, Path data) {
    return KeycloakServer.builder()
        .distribution(artifacts.keycloakDistZip())
        .installDir(data.resolve("keycloak"))
        .port(settings.keycloakPort())
        .inMemoryDatabase(false)
        .admin("admin", secrets.keycloakAdminPassword())
        .log(data.resolve("logs/keycloak.log"))
        .importRealm(
            KeycloakServer.CONSOLE_REALM,
            KeycloakServer.consoleRealm(
                secrets.consoleClientSecret(),
                List.of(settings.consoleUrl(), settings.secureConsoleUrl()),
                Optional.of(
                    new KeycloakServer.Smtp(
                        "127.0.0.1", settings.mailSmtpPort(), "cairn@localhost"))))
        .build();
  }

  /** Blocks until a child dies on its own (then stops everything and exits 1) or Ctrl-C. */
  private void watch(ManagedProcess... children) throws InterruptedException {
    while (!stopping) {
      for (ManagedProcess child : children) {
        if (!child.isAlive() && !stopping) {
          System.err.println("\n" + child.name() + " stopped unexpectedly.\n" + child.tail());
          System.exit(1);
        }
      }
      Thread.sleep(1000);
    }
  }

  private synchronized void stopAll() {
    stopping = true;
    if (started.isEmpty()) {
      return;
    }
    say("\nStopping Cairn ...");
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        System.err.println("while stopping: " + e);
      }
    }
    started.clear();
    say("Stopped.");
  }

  private static String seconds(long t0) {
    return String.format("%.1f s", (System.nanoTime() - t0) / 1e9);
  }

  private static void say(String line) {
    System.out.println(line);
  }
}
