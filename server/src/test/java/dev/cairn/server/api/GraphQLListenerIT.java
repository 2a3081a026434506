package dev.cairn.server.api;

import static dev.cairn.server.api.GraphQLEndpointClient.errorType;
import static dev.cairn.server.api.GraphQLEndpointClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.Deployments;
import dev.cairn.testkit.TestKeycloak;
import dev.cairn.testkit.TestStack;
import jakarta.json.Json;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With {@code cairn.graphql.in-listener} at its default (on), a tenant's GraphQL requests are
 * answered below the Servlet layer (the listener's request counter on {@code /metrics} grows with
 * them) with the Servlet path's statuses, bodies and headers, whatever way the body arrives (one
 * piece, chunked, after {@code 100 Continue}) and whether or not the client offers to upgrade to
 * h2c (declined: the answer is HTTP/1.1 and the connection stays open for the next request); what
 * the listener does not take (another method, an encoded path) is still answered by the servlet,
 * and the counter does not move for it. {@link GraphQLServletPathIT} covers the setting off.
 */
@ExtendWith({CairnStackExtension.class, ArquillianExtension.class})
@RunAsClient
class GraphQLListenerIT {
  private static GraphQLEndpointClient endpoint;

  /** HTTP/1.1 without an h2c offer. */
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive server() {
    Map<String, String> config = TestStack.get().serverConfig();
    // the default, whatever the run's -Dcairn.test.server.* settings say
    config.remove("cairn.graphql.in-listener");
    return Deployments.server(config);
  }

  @BeforeEach
  void tenant(TestKeycloak keycloak) throws Exception {
    synchronized (GraphQLListenerIT.class) {
      if (endpoint == null) {
        endpoint = GraphQLEndpointClient.withNewTenant(base, keycloak, "listener");
      }
    }
  }

  @Test
  void graphQLRequestsAreAnsweredBelowTheServletLayerAsTheServletAnswersThem() throws Exception {
    double before = endpoint.listenerRequestsPresent();
    String create = GraphQLEndpointClient.CREATE_POST;

    HttpResponse<String> whole =
        http.send(
            endpoint
                .graphqlPost(HttpRequest.BodyPublishers.ofString(create))
                .header("X-Request-Id", "listener-it-1")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> chunked =
        http.send(
            endpoint
                .graphqlPost(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(create.getBytes(StandardCharsets.UTF_8))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> afterContinue =
        http.send(
            endpoint
                .graphqlPost(HttpRequest.BodyPublishers.ofString(create))
                .expectContinue(true)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> badKey =
        http.send(
            HttpRequest.newBuilder(endpoint.graphql())
                .header("Content-Type", "application/json")
                .header("x-api-key", "da2-not-a-key")
                .POST(HttpRequest.BodyPublishers.ofString(create))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> empty =
        http.send(
            endpoint.graphqlPost(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> notJson =
        http.send(
            endpoint.graphqlPost(HttpRequest.BodyPublishers.ofString("[1]")).build(),
            HttpResponse.BodyHandlers.ofString());

    for (HttpResponse<String> created : new HttpResponse[] {whole, chunked, afterContinue}) {
      assertCreated(created);
      assertThat(created.headers().firstValue("X-Request-Id")).isPresent();
    }
    assertThat(whole.headers().firstValue("X-Request-Id")).hasValue("listener-it-1");
    assertThat(badKey.statusCode()).isEqualTo(401);
    assertThat(errorType(badKey)).isEqualTo("UnauthorizedException");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(json(empty.body()).getJsonArray("errors").getJsonObject(0).getString("message"))
        .contains("at most 1048576 bytes");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(errorType(notJson)).isEqualTo("BadRequestException");
    assertThat(endpoint.listenerRequestsPresent()).isGreaterThanOrEqualTo(before + 6);
  }

  @Test
  void theJdkClientsOfferToUpgradeToH2cIsDeclinedAndAnsweredInHttp11() throws Exception {
    double before = endpoint.listenerRequestsPresent();
    String create = GraphQLEndpointClient.CREATE_POST;
    // the JDK client's default: HTTP/2, offered as an h2c upgrade on each plain request until one
    // is accepted
    HttpClient offersH2c = HttpClient.newHttpClient();

    HttpResponse<String> whole =
        offersH2c.send(
            endpoint.graphqlPost(HttpRequest.BodyPublishers.ofString(create)).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> chunked =
        offersH2c.send(
            endpoint
                .graphqlPost(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(create.getBytes(StandardCharsets.UTF_8))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> again =
        offersH2c.send(
            endpoint.graphqlPost(HttpRequest.BodyPublishers.ofString(create)).build(),
            HttpResponse.BodyHandlers.ofString());

    for (HttpResponse<String> created : new HttpResponse[] {whole, chunked, again}) {
      assertCreated(created);
      assertThat(created.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
      assertThat(created.headers().firstValue("Upgrade")).isEmpty();
    }
    assertThat(endpoint.listenerRequestsPresent()).isGreaterThanOrEqualTo(before + 3);
  }

  @Test
  void aDeclinedH2cOfferLeavesTheConnectionOpenForTheNextRequestInHttp11() throws Exception {
    byte[] body = GraphQLEndpointClient.CREATE_POST.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST "
            + endpoint.graphql().getRawPath()
            + " HTTP/1.1\r\n"
            + "Host: "
            + base.getHost()
            + ":"
            + base.getPort()
            + "\r\n"
            + "Connection: Upgrade, HTTP2-Settings\r\n"
            + "Upgrade: h2c\r\n"
            + "HTTP2-Settings: AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA\r\n"
            + "Content-Type: application/json\r\n"
            + "x-api-key: "
            + endpoint.apiKey
            + "\r\n"
            + "Content-Length: "
            + body.length
            + "\r\n\r\n";
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(300_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      for (int i = 0; i < 2; i++) {
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();

        RawResponse answer = RawResponse.read(in);

        assertThat(answer.statusLine).as("answer %d", i + 1).startsWith("HTTP/1.1 200 ");
        assertThat(answer.headers).doesNotContainKey("upgrade");
        assertThat(answer.headers.getOrDefault("connection", ""))
            .doesNotContainIgnoringCase("close");
        assertThat(json(answer.body).getJsonObject("data").getJsonObject("createPost"))
            .containsEntry("title", Json.createValue("hello"));
      }
    }
  }

  @Test
  void aBrowsersPreflightAndCorsHeadersAreAnsweredBelowTheServletLayer() throws Exception {
    double before = endpoint.listenerRequestsPresent();

    HttpResponse<String> preflight =
        http.send(
            HttpRequest.newBuilder(endpoint.graphql())
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-api-key")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> fromApp =
        http.send(
            endpoint
                .graphqlPost(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ __typename }\"}"))
                .header("Origin", "https://app.example.com")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("POST");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers"))
        .hasValue("content-type,x-api-key");
    assertThat(fromApp.statusCode()).as(fromApp.body()).isEqualTo(200);
    assertThat(fromApp.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(fromApp.headers().firstValue("Access-Control-Expose-Headers"))
        .hasValue(BrowserCorsFilter.EXPOSED);
    assertThat(endpoint.listenerRequestsPresent()).isGreaterThanOrEqualTo(before + 2);
  }

  @Test
  void whatTheListenerDoesNotTakeIsStillAnsweredByTheServlet() throws Exception {
    double before = endpoint.listenerRequestsPresent();

    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(endpoint.graphql())
                .header("x-api-key", endpoint.apiKey)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> encoded =
        http.send(
            HttpRequest.newBuilder(URI.create(base.toString()).resolve("t/NOT%5FA%5FSLUG/graphql"))
                .header("Content-Type", "application/json")
                .header("x-api-key", endpoint.apiKey)
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ __typename }\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    assertThat(errorType(get)).isEqualTo("BadRequestException");
    assertThat(encoded.statusCode()).as(encoded.body()).isEqualTo(404);
    assertThat(errorType(encoded)).isEqualTo("NotFound");
    assertThat(endpoint.listenerRequestsPresent()).isEqualTo(before);
  }

  private static void assertCreated(HttpResponse<String> created) {
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    assertThat(json(created.body()).getJsonObject("data").getJsonObject("createPost"))
        .containsEntry("title", Json.createValue("hello"));
    assertThat(created.headers().firstValue("Content-Type"))
        .hasValue("application/json;charset=UTF-8");
  }

  /** An HTTP/1.1 answer with a {@code Content-Length} body, read off a raw socket. */
  private record RawResponse(String statusLine, Map<String, String> headers, String body) {
    static RawResponse read(InputStream in) throws IOException {
      String status = line(in);
      Map<String, String> headers = new HashMap<>();
      for (String line = line(in); !line.isEmpty(); line = line(in)) {
        int colon = line.indexOf(':');
        headers.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
      int length = Integer.parseInt(headers.get("content-length"));
      byte[] body = in.readNBytes(length);
      assertThat(body).hasSize(length);
      return new RawResponse(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
      StringBuilder line = new StringBuilder();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new EOFException("the server closed the connection; read so far: " + line);
        }
        if (b != '\r') {
          line.append((char) b);
        }
      }
      return line.toString();
    }
  }
}
