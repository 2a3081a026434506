package dev.cairn.testkit;

import dev.cairn.launcher.RuntimeArtifacts;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
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
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

/**
 * The real server WAR on Payara Micro as a child process of the test, configured through system
 * properties and stopped with SIGTERM as a node is in production. Multi-node ITs start their second
 * and third nodes with it; restart ITs stop a node and start it again on the same port with the
 * same configuration (data directory, control-plane database, MongoDB), which Arquillian's managed
 * container cannot do inside a deployment.
 */
public final class PayaraNode implements AutoCloseable {
  /**
   * How long a node may take to start and deploy the WAR; {@code cairn.test.nodeStartSeconds} on a
   * busy machine.
   */
  private static final Duration START =
      Duration.ofSeconds(Long.getLong("cairn.test.nodeStartSeconds", 240));

  private static final Pattern READY =
      Pattern.compile("(?s).*Payara Micro .* ready in [0-9,.]+ \\(ms\\).*");

  /**
   * HTTP/1.1: the JDK client's default HTTP/2 upgrades one connection (h2c) and sends every later
   * request on it, so a connection the node stopped reading (seen on a loaded machine while a node
   * started: 14 KB unread, every request timing out) would hold every check that follows.
   */
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private final Process process;
  private final int port;
  private final Path log;

  private PayaraNode(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts a node on a free port and waits until it is ready; {@code logDir} gets its log. */
  public static PayaraNode start(Map<String, String> config, Path logDir) throws Exception {
    return start(config, logDir, TestStack.freePort());
  }

  /** Starts a node on {@code port} and waits until it is ready; {@code logDir} gets its log. */
  public static PayaraNode start(Map<String, String> config, Path logDir, int port)
      throws Exception {
    return start(config, logDir, port, List.of());
  }

  /** As above, with {@code options} for Payara Micro itself (e.g. {@code --logproperties f}). */
  public static PayaraNode start(
      Map<String, String> config, Path logDir, int port, List<String> options) throws Exception {
    return start(config, logDir, port, options, List.of());
  }

  /**
   * As above, deploying {@code moreWars} after the server WAR (e.g. the console WAR, at the context
   * its file name gives it).
   */
  public static PayaraNode start(
      Map<String, String> config, Path logDir, int port, List<String> options, List<Path> moreWars)
      throws Exception {
    List<Path> wars = new ArrayList<>();
    wars.add(Deployments.serverWar());
    wars.addAll(moreWars);
    List<String> command = command(List.of("-Xmx512m"), config, port, options, wars);
    Path log = logDir.resolve("node-" + port + "-" + System.currentTimeMillis() + ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    PayaraNode node = new PayaraNode(process, port, log);
    try {
      node.awaitReady();
    } catch (Exception | AssertionError e) {
      node.close();
      throw e;
    }
    return node;
  }

  /**
   * The command line that runs Payara Micro on {@code port} with {@code wars} deployed: this JVM's
   * {@code java} with {@code jvmOptions}, then {@code config} as system properties (before {@code
   * -jar}, or Payara Micro takes them as its own arguments), then Payara Micro's {@code options}.
   * For callers that run the process themselves (the benchmarks).
   */
  public static List<String> command(
      List<String> jvmOptions,
      Map<String, String> config,
      int port,
      List<String> options,
      List<Path> wars) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    config.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-jar");
    command.add(RuntimeArtifacts.load().payaraMicroJar().toString());
    command.add("--nocluster");
    command.add("--port");
    command.add(Integer.toString(port));
    command.addAll(options);
    for (Path war : wars) {
      command.add("--deploy");
      command.add(war.toAbsolutePath().toString());
    }
    return command;
  }

  /**
   * Whether a node's console output says Payara Micro is ready: it has deployed every WAR (it
   * serves, and answers {@code /health/ready}, while it is still deploying).
   */
  public static boolean deployed(String log) {
    return READY.matcher(log).matches();
  }

  public int port() {
    return port;
  }

  /** The file the node's console output goes to. */
  public Path log() {
    return log;
  }

  /** {@code http://localhost:<port>/}. */
  public URI base() {
    return URI.create("http://localhost:" + port + "/");
  }

  /** The GraphQL endpoint of {@code tenant} on this node. */
  public String graphql(String tenant) {
    return base() + "t/" + tenant + "/graphql";
  }

  /** The realtime endpoint of {@code tenant} on this node. */
  public URI realtime(String tenant) {
    return URI.create("ws://localhost:" + port + "/t/" + tenant + "/graphql/realtime");
  }

  /**
   * Ready once Payara logged that the WAR is deployed and {@code /health/ready} answers 200 (Payara
   * serves, and answers, while it is still deploying).
   */
  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("the node exited; its log " + log + " ends:\n" + logTail());
      }
      if (deployed(Files.readString(log, StandardCharsets.ISO_8859_1))
          && status(base().resolve("health/ready")) == 200) {
        return;
      }
      Thread.sleep(250); // an external process gives no signal to wait on
    }
    throw new AssertionError("the node was not ready within " + START + "; see " + log);
  }

  private String logTail() throws IOException {
    String text = Files.readString(log, StandardCharsets.ISO_8859_1);
    return text.substring(Math.max(0, text.length() - 8000));
  }

  private static int status(URI uri) throws InterruptedException {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  /** The node's answer to {@code GET /health/ready} (its checks as JSON). */
  public HttpResponse<String> readiness() {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(base().resolve("health/ready"))
              .timeout(Duration.ofSeconds(30))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A count of the node's readiness check {@code http-drain}: {@code inFlight} (the server WAR's
   * requests in flight) or {@code inFlight.console}; 0 when the check does not report it.
   */
  public int drainCount(String key) {
    String body = readiness().body();
    try (JsonReader reader = Json.createReader(new StringReader(body))) {
      for (JsonValue check : reader.readObject().getJsonArray("checks")) {
        JsonObject c = check.asJsonObject();
        if ("http-drain".equals(c.getString("name"))) {
          // Payara's health endpoint gives every data value as a string.
          JsonValue value = c.getJsonObject("data").get(key);
          return value == null ? 0 : Integer.parseInt(value.toString().replace("\"", ""));
        }
      }
    }
    throw new AssertionError("no http-drain check in " + body);
  }

  /**
   * Polls {@code answer} (of another process, which gives no signal to wait on) until it is {@code
   * wanted} or {@code bound} passes; its last value.
   */
  public static int within(Duration bound, IntSupplier answer, int wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    int last = answer.getAsInt();
    while (last != wanted && System.nanoTime() < deadline) {
      Thread.sleep(100);
      last = answer.getAsInt();
    }
    return last;
  }

  /** Whether the node's process still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Sends the node SIGTERM and returns at once. */
  public void sigterm() {
    process.destroy();
  }

  /** Waits up to {@code bound} for the node to exit; its exit code, or empty if it still runs. */
  public OptionalInt awaitExit(Duration bound) throws InterruptedException {
    return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)
        ? OptionalInt.of(process.exitValue())
        : OptionalInt.empty();
  }

  /**
   * Stops the node as a SIGTERM would in production, so that it stores its feed position, and waits
   * for it to exit (forcibly after a generous bound).
   */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
