package dev.cairn.testkit;

import dev.cairn.launcher.RuntimeArtifacts;
import java.io.IOException;
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
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    // System properties go before -jar, or Payara Micro takes them as its own arguments.
    config.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-jar");
    command.add(RuntimeArtifacts.load().payaraMicroJar().toString());
    command.add("--nocluster");
    command.add("--port");
    command.add(Integer.toString(port));
    command.addAll(options);
    command.add("--deploy");
    command.add(Deployments.serverWar().toString());
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
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("the node exited; its log " + log + " ends:\n" + logTail());
      }
      if (Files.readString(log, StandardCharsets.ISO_8859_1)
              .matches("(?s).*Payara Micro .* ready in [0-9,.]+ \\(ms\\).*")
          && status(http, base().resolve("health/ready")) == 200) {
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

  private static int status(HttpClient http, URI uri) throws InterruptedException {
    try {
      return http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    }
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
