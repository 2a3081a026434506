package dev.cairn.bench;

import dev.cairn.launcher.RuntimeArtifacts;
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
import java.util.List;
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
    if (!Files.isRegularFile(war)) {
      throw new IllegalStateException(
          war.toAbsolutePath() + " is missing; run mvn -B package first");
    }
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(ChildProcess.java());
    command.add("-Xms" + heap);
    command.add("-Xmx" + heap);
    String extra = System.getProperty("bench.serverJvmArgs", "").strip();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    stack.serverConfig().forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-Dcairn.data.dir=" + runDir.resolve("data"));
    command.add("-Dcairn.node.id=bench");
    command.addAll(
        List.of(
            "-jar",
            RuntimeArtifacts.load().payaraMicroJar().toString(),
            "--nocluster",
            "--port",
            Integer.toString(port),
            "--deploy",
            war.toAbsolutePath().toString()));
    String base = "http://localhost:" + port + "/";
    System.out.println("starting Payara Micro with " + war + " on " + port + "...");
    ChildProcess payara = ChildProcess.start("Payara Micro", command, runDir.resolve("payara.log"));
    try {
      payara.awaitReady(
          () ->
              payara.log().matches("(?s).*Payara Micro .* ready in [0-9,.]+ \\(ms\\).*")
                  && status(http, base + "health/ready") == 200,
          Duration.ofMinutes(4));
      String console = stack.keycloak().consoleToken();
      String tenant = "bench-" + UUID.randomUUID().toString().substring(0, 6);
      signUp(http, base, console, tenant);
      admin(http, base + "api/admin/tenants/" + tenant + "/schemas", console, schema);
      String apiKey =
          field(
              admin(http, base + "api/admin/tenants/" + tenant + "/api-keys", console, "{}"),
              "key");
      return new CairnServer(payara, port, tenant, apiKey);
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

  private static String admin(HttpClient http, String url, String token, String body)
      throws Exception {
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
