package dev.cairn.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Payara Micro as a child process, serving the WARs it is given over HTTP and HTTPS. */
final class PayaraMicro implements AutoCloseable {
  private static final Predicate<String> READY =
      Pattern.compile("Payara Micro .* ready in [0-9,.]+ \\(ms\\)").asPredicate();

  private final ManagedProcess process;
  private final int httpPort;

  private PayaraMicro(ManagedProcess process, int httpPort) {
    this.process = process;
    this.httpPort = httpPort;
  }

  static PayaraMicro start(
      Path jar,
      Path rootDir,
      int httpPort,
      int httpsPort,
      Path keystore,
      String keystorePassword,
      List<Path> wars,
      Map<String, String> env,
      Path log)
      throws IOException {
    // The keystore password goes in an owner-only argument file, never on the command line
    // (which `ps` shows to every user).
    Path secretArgs = rootDir.resolve("keystore.args");
    PrivateFile.write(secretArgs, keystoreArguments(keystore.toString(), keystorePassword));
    return new PayaraMicro(
        ManagedProcess.start(
            "Payara Micro",
            command(jar, rootDir, httpPort, httpsPort, secretArgs, wars),
            rootDir.getParent(),
            env,
            log),
        httpPort);
  }

  /** The command line: no secret on it, the keystore settings come from {@code secretArgs}. */
  static List<String> command(
      Path jar, Path rootDir, int httpPort, int httpsPort, Path secretArgs, List<Path> wars) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx768m");
    // System properties go before -jar, or Payara Micro rejects the arguments.
    command.add("@" + secretArgs);
    command.add("-jar");
    command.add(jar.toString());
    command.add("--nocluster");
    command.add("--rootdir");
    command.add(rootDir.toString());
    command.add("--port");
    command.add(Integer.toString(httpPort));
    command.add("--sslport");
    command.add(Integer.toString(httpsPort));
    command.add("--sslcert");
    command.add(SelfSignedCertificate.ALIAS);
    for (Path war : wars) {
      command.add("--deploy");
      command.add(war.toString());
    }
    return command;
  }

  /**
   * The JVM options naming the keystore and its password, in the JDK's argument-file syntax (each
   * value double-quoted, with backslashes and quotes escaped).
   */
  static String keystoreArguments(String keystore, String password) {
    return quoted("-Djavax.net.ssl.keyStore=" + keystore)
        + "\n"
        + quoted("-Djavax.net.ssl.keyStorePassword=" + password)
        + "\n"
        + quoted("-Djavax.net.ssl.keyStoreType=PKCS12")
        + "\n";
  }

  private static String quoted(String argument) {
    return "\"" + argument.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /**
   * Waits until Payara Micro has logged that it is ready (every WAR deployed), {@code
   * /health/ready} answers 200 (every readiness check UP) and the admin API answers. The log line
   * is needed because Payara serves requests while it is still deploying: health answers UP before
   * any check is registered, and the server's paths can answer 404 for a moment until the last WAR
   * is deployed.
   */
  void awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    String base = "http://localhost:" + httpPort;
    process.awaitReady(
        () ->
            loggedReady(process.log())
                && KeycloakServer.answers(http, base + "/health/ready")
                && status(http, base + "/api/admin/me") == 401,
        timeout);
  }

  /**
   * Whether {@code log} holds Payara Micro's "Payara Micro ... ready in N (ms)" line (read as
   * ISO-8859-1, which decodes any byte, so a stray byte in the log never hides the line).
   */
  static boolean loggedReady(Path log) {
    try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
      return lines.anyMatch(READY);
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  /** The status of a GET, or -1 when nothing answers. */
  private static int status(HttpClient http, String url) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  ManagedProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.close();
  }
}
