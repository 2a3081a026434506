package dev.cairn.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.PayaraNode;
import dev.cairn.testkit.TestKeycloak;
import dev.cairn.testkit.TestStack;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The node's drain after SIGTERM covers the console WAR: a console page request in flight is waited
 * for (and its admin API call passes the server WAR's drain), new console requests get 503, and the
 * node exits once both WARs are idle. The node is Payara Micro with both real WARs as a child
 * process of the test (Arquillian's container cannot be sent SIGTERM), signed into through the real
 * Keycloak's login form.
 */
@ExtendWith(CairnStackExtension.class)
class ConsoleDrainIT {
  private static final Pattern LOGIN_FORM =
      Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

  @Test
  void onSigtermAConsoleRequestInFlightFinishesNewOnesGet503AndTheNodeExits(TestKeycloak keycloak)
      throws Exception {
    Map<String, String> config = TestStack.get().serverConfig();
    config.put("cairn.shutdown.drain-seconds", "60");
    // Payara Micro with the server WAR at / and the console at /console
    try (PayaraNode node =
        PayaraNode.start(
            config,
            Path.of("target"),
            TestStack.freePort(),
            List.of(),
            List.of(Path.of("target", "cairn-console.war")))) {
      int port = node.port();
      String console = "http://localhost:" + port + "/console";
      keycloak.allowRedirect("cairn-console", "cairn-console", console + "/*");
      String session = signIn(console);

      try (Socket socket = new Socket("localhost", port)) {
        socket.setSoTimeout(90_000);
        // A form post to the console home: its body is read before the page runs, so the request
        // is in flight until the rest is sent. The home then asks the admin API for the tenants.
        byte[] body = ("filler=" + "x".repeat(64)).getBytes(StandardCharsets.US_ASCII);
        int half = body.length / 2;
        OutputStream out = socket.getOutputStream();
        out.write(
            ("POST /console/index.xhtml HTTP/1.1\r\nHost: localhost:"
                    + port
                    + "\r\nCookie: JSESSIONID="
                    + session
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                    + body.length
                    + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.write(body, 0, half);
        out.flush();
        assertThat(
                PayaraNode.within(
                    Duration.ofSeconds(60),
                    () -> Math.min(node.drainCount("inFlight.console"), 1),
                    1))
            .as("the half-sent console request is in flight: %s", node.readiness().body())
            .isEqualTo(1);

        node.sigterm();

        assertThat(
                PayaraNode.within(Duration.ofSeconds(30), () -> node.readiness().statusCode(), 503))
            .as("readiness DOWN while draining")
            .isEqualTo(503);
        HttpResponse<String> refused =
            http.send(
                HttpRequest.newBuilder(URI.create(console + "/index.xhtml"))
                    .header("Cookie", "JSESSIONID=" + session)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(node.isAlive()).as("the node waits for the console's request").isTrue();

        out.write(body, half, body.length - half);
        out.flush();
        String answer =
            new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(answer)
            .as("the console home asked the admin API for the tenants and sent the user on")
            .startsWith("HTTP/1.1 302")
            .containsPattern("(?i)\r\nLocation: [^\r]*(signup\\.xhtml|tenant/dashboard\\.xhtml)");
      }
      assertThat(node.awaitExit(Duration.ofSeconds(90)))
          .as("the node exits once both WARs are idle")
          .hasValue(143);
      assertThat(Files.readString(node.log(), StandardCharsets.ISO_8859_1))
          .as("the drain ended because every request finished, not at its bound")
          .contains("drained: every request finished");
    }
  }

  /**
   * Signs in on Keycloak's login form as the demo user, as a browser would (redirects followed,
   * cookies kept per host and port: {@link java.net.CookieManager} mixes up Keycloak's and the
   * console's, both on {@code localhost}); the console session's id.
   */
  private String signIn(String console) throws Exception {
    Map<String, Map<String, String>> jar = new HashMap<>();
    HttpResponse<String> login = browse(jar, URI.create(console + "/"), null);
    Matcher form = LOGIN_FORM.matcher(login.body());
    assertThat(form.find()).as("Keycloak's login form: %s", login.body()).isTrue();
    String credentials =
        "username="
            + URLEncoder.encode(TestKeycloak.DEMO_USER, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(TestKeycloak.DEMO_PASSWORD, StandardCharsets.UTF_8)
            + "&credentialId=";
    HttpResponse<String> landed =
        browse(jar, URI.create(form.group(1).replace("&amp;", "&")), credentials);
    assertThat(landed.statusCode())
        .as("signed in: %s %s", landed.uri(), landed.body())
        .isEqualTo(200);
    assertThat(landed.uri().toString()).startsWith(console + "/");
    String session = jar.getOrDefault(landed.uri().getAuthority(), Map.of()).get("JSESSIONID");
    assertThat(session).as("the console's session cookie: %s", jar).isNotNull();
    return session;
  }

  /** GETs {@code uri} (POSTs {@code form} when given) and follows redirects with {@code jar}. */
  private HttpResponse<String> browse(Map<String, Map<String, String>> jar, URI uri, String form)
      throws Exception {
    for (int hop = 0; hop < 10; hop++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
      Map<String, String> cookies = jar.computeIfAbsent(uri.getAuthority(), a -> new HashMap<>());
      if (!cookies.isEmpty()) {
        request.header(
            "Cookie",
            cookies.entrySet().stream()
                .map(c -> c.getKey() + "=" + c.getValue())
                .collect(Collectors.joining("; ")));
      }
      if (form != null) {
        request
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
      }
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      for (String set : response.headers().allValues("Set-Cookie")) {
        String pair = set.split(";", 2)[0];
        int eq = pair.indexOf('=');
        String value = pair.substring(eq + 1).trim();
        if (value.isEmpty() || set.toLowerCase(Locale.ROOT).contains("max-age=0")) {
          cookies.remove(pair.substring(0, eq).trim());
        } else {
          cookies.put(pair.substring(0, eq).trim(), value);
        }
      }
      Optional<String> location = response.headers().firstValue("Location");
      if (response.statusCode() / 100 != 3 || location.isEmpty()) {
        return response;
      }
      uri = uri.resolve(location.get());
      form = null;
    }
    throw new AssertionError("more than 10 redirects from " + uri);
  }
}
