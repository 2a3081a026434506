package dev.cairn.bench;

import dev.cairn.testkit.PayaraNode;
import dev.cairn.testkit.TestStack;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cairn under test, shared by the benchmarks: Payara Micro with the real WAR in its own JVM,
 * configured for the test stack (Keycloak, embedded MongoDB), with one tenant signed up through the
 * admin API, a schema published and an API key created.
 */
final class CairnServer implements AutoCloseable {
  final ChildProcess payara;
  final int port;
  final String base;
  final String tenant;
  final String apiKey;

  private CairnServer(ChildProcess payara, int port, String tenant, String apiKey) {
    this.payara = payara;
    this.port = port;
    this.base = "http://localhost:" + port + "/";
    this.tenant = tenant;
    this.apiKey = apiKey;
  }

  /**
   * Starts Payara Micro with {@code war}, waits until ready, signs up a tenant with {@code schema}.
   */
  static CairnServer start(
      TestStack stack, Path war, String heap, Path runDir, HttpClient http, String schema)
      throws Exception {
    return start(stack, war, heap, runDir, http, schema, "bench", Map.of());
  }

  /**
   * Starts node {@code nodeId} (data under {@code runDir/nodeId} unless {@code config} says
   * otherwise; {@code config} overrides the test stack's settings) and signs up a tenant on it.
   */
  static CairnServer start(
      TestStack stack,
      Path war,
      String heap,
      Path runDir,
      HttpClient http,
      String schema,
      String nodeId,
      Map<String, String> config)
      throws Exception {
    Node payara = startNode(stack, war, heap, runDir, http, nodeId, config);
    int port = payara.port;
    String base = "http://localhost:" + port + "/";
    try {
      String console = stack.keycloak().consoleToken();
      String tenant = "bench-" + UUID.randomUUID().toString().substring(0, 6);
      signUp(http, base, console, tenant);
      admin(http, base + "api/admin/tenants/" + tenant + "/schemas", console, schema);
      String apiKey =
          field(
              admin(http, base + "api/admin/tenants/" + tenant + "/api-keys", console, "{}"),
              "key");
      return new CairnServer(payara.process, port, tenant, apiKey);
    } catch (Exception | Error e) {
      payara.process.close();
      throw e;
    }
  }

  /**
   * Starts another node beside {@code first}, serving the same tenant and API key: {@code config}
   * must point it at the same control-plane database and MongoDB.
   */
  static CairnServer join(
      CairnServer first,
      TestStack stack,
      Path war,
      String heap,
      Path runDir,
      HttpClient http,
      String nodeId,
      Map<String, String> config)
      throws Exception {
    Node payara = startNode(stack, war, heap, runDir, http, nodeId, config);
    return new CairnServer(payara.process, payara.port, first.tenant, first.apiKey);
  }

  private record Node(ChildProcess process, int port) {}

  private static Node startNode(
      TestStack stack,
      Path war,
      String heap,
      Path runDir,
      HttpClient http,
      String nodeId,
      Map<String, String> config)
      throws Exception {
    if (!Files.isRegularFile(war)) {
      throw new IllegalStateException(
          war.toAbsolutePath() + " is missing; run mvn -B package first");
    }
    int port = freePort();
    List<String> jvmOptions = new ArrayList<>(List.of("-Xms" + heap, "-Xmx" + heap));
    String extra = System.getProperty("bench.serverJvmArgs", "").strip();
    if (!extra.isEmpty()) {
      jvmOptions.addAll(List.of(extra.split("\\s+")));
    }
    Map<String, String> settings = new LinkedHashMap<>(stack.serverConfig());
    settings.put(
        "cairn.data.dir", runDir.resolve("bench".equals(nodeId) ? "data" : nodeId).toString());
    settings.put("cairn.node.id", nodeId);
    settings.putAll(config);
    String options = System.getProperty("bench.serverOptions", "").strip();
    List<String> command =
        PayaraNode.command(
            jvmOptions,
            settings,
            port,
            options.isEmpty() ? List.of() : List.of(options.split("\\s+")),
            List.of(war));
    String base = "http://localhost:" + port + "/";
    System.out.println("starting Payara Micro with " + war + " on " + port + "...");
    ChildProcess payara =
        ChildProcess.start(
            "Payara Micro " + nodeId,
            command,
            runDir.resolve("bench".equals(nodeId) ? "payara.log" : "payara-" + nodeId + ".log"));
    try {
      payara.awaitReady(
          () -> PayaraNode.deployed(payara.log()) && status(http, base + "health/ready") == 200,
          Duration.ofSeconds(Long.getLong("bench.serverReadySeconds", 240)));
      return new Node(payara, port);
    } catch (Exception | Error e) {
      payara.close();
      throw e;
    }
  }

  /**
   * Signs the tenant up; retried a few times when the server could not reach Keycloak in time (to
   * fetch its keys, or to provision the tenant's realm: seen on a machine loaded by other builds).
   */
  private static void signUp(HttpClient http, String base, String console, String tenant)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        admin(http, base + "api/admin/tenants", console, "{\"slug\":\"" + tenant + "\"}");
        return;
      } catch (IllegalStateException e) {
        if (attempt == 5
            || !(e.getMessage().contains("JWK set") || e.getMessage().contains("answered 502"))) {
          throw e;
        }
        System.out.println("sign-up attempt " + attempt + " failed, retrying: " + e.getMessage());
        Thread.sleep(2000);
      }
    }
  }

  /** The tenant's GraphQL endpoint. */
  URI graphql() {
    return URI.create(base + "t/" + tenant + "/graphql");
  }

  /** The tenant's MongoDB database (as {@code TenantId.databaseName()} names it). */
  String databaseName() {
    return "cairn_t_" + tenant;
  }

  @Override
  public void close() {
    payara.close();
  }

  static String admin(HttpClient http, String url, String token, String body) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", body.startsWith("{") ? "application/json" : "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          url + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return m.group(1);
  }

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

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
