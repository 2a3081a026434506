package dev.cairn.client;

import dev.cairn.launcher.RuntimeArtifacts;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real server WAR on Payara Micro as a child process of the test, so that a test can stop it
 * (SIGTERM, as in production) and start it again on the same port with the same configuration — the
 * same data directory, control-plane database and MongoDB — which Arquillian's managed container
 * cannot do inside a deployment.
 */
final class ServerNode implements AutoCloseable {
  private static final Duration START = Duration.ofMinutes(4);

  private final Process process;
  private final int port;
  private final Path log;

  private ServerNode(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts a node on {@code port} and waits until it is ready; its log goes to {@code logDir}. */
  static ServerNode start(Map<String, String> config, int port, Path logDir) throws Exception {
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
    command.add("--deploy");
    command.add(new File("../../server/target/cairn-server.war").getAbsolutePath());
    Path log = logDir.resolve("node-" + port + "-" + System.currentTimeMillis() + ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ServerNode node = new ServerNode(process, port, log);
    try {
      node.awaitReady();
    } catch (Exception | AssertionError e) {
      node.close();
      throw e;
    }
    return node;
  }

  URI base() {
    return URI.create("http://localhost:" + port + "/");
  }

  Path log() {
    return log;
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
        throw new AssertionError("the node exited; see " + log);
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

  /** Stops the node with SIGTERM and waits for it to exit (forcibly after a generous bound). */
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

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
