package dev.cairn.server.api;

import dev.cairn.launcher.RuntimeArtifacts;
import dev.cairn.testkit.TestStack;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A second Cairn node for multi-node ITs: Payara Micro with the server WAR as a child process of
 * the test, configured through system properties, stopped as SIGTERM stops a node in production.
 */
final class PayaraNode implements AutoCloseable {
  private static final Duration START = Duration.ofMinutes(3);

  private final Process process;
  private final int port;
  private final Path log;

  private PayaraNode(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts a node on a free port and waits until it is ready; {@code logDir} gets its log. */
  static PayaraNode start(Map<String, String> config, Path logDir) throws Exception {
    return start(config, logDir, freePort());
  }

  static PayaraNode start(Map<String, String> config, Path logDir, int port) throws Exception {
    return start(config, logDir, port, List.of());
  }

  /** As above, with {@code options} for Payara Micro itself (e.g. {@code --logproperties f}). */
  static PayaraNode start(Map<String, String> config, Path logDir, int port, List<String> options)
      throws Exception {
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
    command.add(new File("target/cairn-server.war").getAbsolutePath());
    Path log = logDir.resolve("node-" + port + "-" + System.currentTimeMillis() + ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    PayaraNode node = new PayaraNode(process, port, log);
    try {
      node.awaitReady(log);
    } catch (Exception | AssertionError e) {
      node.close();
      throw e;
    }
    return node;
  }

  /**
   * The configuration of a node named {@code nodeId} of the test stack whose control plane is
   * {@code postgres}, with its data directory under {@code dir}.
   */
  static Map<String, String> onPostgres(EmbeddedPostgres postgres, Path dir, String nodeId) {
    Map<String, String> config = new LinkedHashMap<>(TestStack.get().serverConfig());
    config.put("cairn.data.dir", dir.resolve(nodeId).toString());
    config.put("cairn.db.url", postgres.getJdbcUrl("postgres", "postgres"));
    config.put("cairn.db.user", "postgres");
    config.put("cairn.db.password", "postgres");
    config.put("cairn.node.id", nodeId);
    return config;
  }

  int port() {
    return port;
  }

  /** The file the node's console output goes to. */
  Path log() {
    return log;
  }

  URI base() {
    return URI.create("http://localhost:" + port + "/");
  }

  String graphql(String tenant) {
    return "http://localhost:" + port + "/t/" + tenant + "/graphql";
  }

  URI realtime(String tenant) {
    return URI.create("ws://localhost:" + port + "/t/" + tenant + "/graphql/realtime");
  }

  /**
   * Ready once Payara logged that the WAR is deployed and {@code /health/ready} answers 200 (Payara
   * serves, and answers UP, while it is still deploying).
   */
  private void awaitReady(Path log) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("the node exited: " + Files.readString(log));
      }
      if (Files.readString(log, StandardCharsets.ISO_8859_1)
              .matches("(?s).*Payara Micro .* ready in [0-9,.]+ \\(ms\\).*")
          && status(http, "http://localhost:" + port + "/health/ready") == 200) {
        return;
      }
      Thread.sleep(250); // an external process gives no signal to wait on
    }
    throw new AssertionError("the node was not ready within " + START + "; see " + log);
  }

  private static int status(HttpClient http, String url) throws InterruptedException {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  /** Sends the node SIGTERM and returns at once. */
  void sigterm() {
    process.destroy();
  }

  /** Waits up to {@code bound} for the node to exit; its exit code, or empty if it still runs. */
  OptionalInt awaitExit(Duration bound) throws InterruptedException {
    return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)
        ? OptionalInt.of(process.exitValue())
        : OptionalInt.empty();
  }

  /** Stops the node as a SIGTERM would in production, so that it stores its feed position. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
