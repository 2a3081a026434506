package dev.cairn.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.Deployments;
import dev.cairn.testkit.TestKeycloak;
import dev.cairn.testkit.TestStack;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With {@code cairn.graphql.in-listener} on, a tenant's GraphQL requests are answered below the
 * Servlet layer (the listener's request counter on {@code /metrics} grows with them) with the
 * Servlet path's statuses, bodies and headers, whatever way the body arrives (one piece, chunked,
 * after {@code 100 Continue}); what the listener does not take (another method, an encoded path) is
 * still answered by the servlet, and the counter does not move for it.
 */
@ExtendWith({CairnStackExtension.class, ArquillianExtension.class})
@RunAsClient
class GraphQLListenerIT {
  static final String SCHEMA =
      "type Post @model @auth(rules: [{ allow: public }]) { id: ID! title: String! }";
  private static final Pattern COUNTER =
      Pattern.compile(
          "(?m)^(?:application_)?cairn_graphql_listener_requests_total(?:\\{[^}]*\\})?\\s+([0-9.eE+]+)");

  private static String tenant;
  private static String apiKey;

  /** HTTP/1.1, as the listener takes only HTTP/1.x (the JDK client would offer h2c otherwise). */
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive server() {
    WebArchive war =
        ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/cairn-server.war"));
    Map<String, String> config = TestStack.get().serverConfig();
    config.put("cairn.graphql.in-listener", "true");
    return Deployments.configure(war, config);
  }

  @BeforeEach
  void tenant(TestKeycloak keycloak) throws Exception {
    synchronized (GraphQLListenerIT.class) {
      if (tenant == null) {
        String console = keycloak.consoleToken();
        String slug = "listener-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(admin("api/admin/tenants", console, "{\"slug\":\"" + slug + "\"}").statusCode())
            .isEqualTo(201);
        HttpResponse<String> schema =
            admin("api/admin/tenants/" + slug + "/schemas", console, SCHEMA);
        assertThat(schema.statusCode()).as(schema.body()).isEqualTo(201);
        HttpResponse<String> key = admin("api/admin/tenants/" + slug + "/api-keys", console, "{}");
        assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
        apiKey = Json.createReader(new StringReader(key.body())).readObject().getString("key");
        tenant = slug;
      }
    }
  }

  @Test
  void graphQLRequestsAreAnsweredBelowTheServletLayerAsTheServletAnswersThem() throws Exception {
    double before = listenerRequests();
    String create =
        "{\"query\":\"mutation m($input: CreatePostInput!) { createPost(input: $input) { id title"
            + " } }\",\"variables\":{\"input\":{\"title\":\"hello\"}}}";

    HttpResponse<String> whole =
        http.send(
            graphqlPost(HttpRequest.BodyPublishers.ofString(create))
                .header("X-Request-Id", "listener-it-1")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> chunked =
        http.send(
            graphqlPost(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(create.getBytes(StandardCharsets.UTF_8))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> afterContinue =
        http.send(
            graphqlPost(HttpRequest.BodyPublishers.ofString(create)).expectContinue(true).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> badKey =
        http.send(
            HttpRequest.newBuilder(graphql())
                .header("Content-Type", "application/json")
                .header("x-api-key", "da2-not-a-key")
                .POST(HttpRequest.BodyPublishers.ofString(create))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> empty =
        http.send(
            graphqlPost(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> notJson =
        http.send(
            graphqlPost(HttpRequest.BodyPublishers.ofString("[1]")).build(),
            HttpResponse.BodyHandlers.ofString());

    for (HttpResponse<String> created : new HttpResponse[] {whole, chunked, afterContinue}) {
      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
      assertThat(json(created.body()).getJsonObject("data").getJsonObject("createPost"))
          .containsEntry("title", Json.createValue("hello"));
      assertThat(created.headers().firstValue("Content-Type"))
          .hasValue("application/json;charset=UTF-8");
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
    assertThat(listenerRequests()).isGreaterThanOrEqualTo(before + 6);
  }

  @Test
  void aBrowsersPreflightAndCorsHeadersAreAnsweredBelowTheServletLayer() throws Exception {
    double before = listenerRequests();

    HttpResponse<String> preflight =
        http.send(
            HttpRequest.newBuilder(graphql())
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-api-key")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> fromApp =
        http.send(
            graphqlPost(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ __typename }\"}"))
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
    assertThat(listenerRequests()).isGreaterThanOrEqualTo(before + 2);
  }

  @Test
  void whatTheListenerDoesNotTakeIsStillAnsweredByTheServlet() throws Exception {
    double before = listenerRequests();

    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(graphql()).header("x-api-key", apiKey).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> encoded =
        http.send(
            HttpRequest.newBuilder(URI.create(base.toString()).resolve("t/NOT%5FA%5FSLUG/graphql"))
                .header("Content-Type", "application/json")
                .header("x-api-key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ __typename }\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    assertThat(errorType(get)).isEqualTo("BadRequestException");
    assertThat(encoded.statusCode()).as(encoded.body()).isEqualTo(404);
    assertThat(errorType(encoded)).isEqualTo("NotFound");
    assertThat(listenerRequests()).isEqualTo(before);
  }

  private HttpRequest.Builder graphqlPost(HttpRequest.BodyPublisher body) {
    return HttpRequest.newBuilder(graphql())
        .header("Content-Type", "application/json")
        .header("x-api-key", apiKey)
        .POST(body);
  }

  private double listenerRequests() throws Exception {
    HttpResponse<String> metrics =
        http.send(
            HttpRequest.newBuilder(URI.create(base.toString()).resolve("/metrics"))
                .header("Authorization", "Bearer " + TestStack.METRICS_TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    Matcher m = COUNTER.matcher(metrics.body());
    assertThat(m.find())
        .as(
            "the listener's counter on /metrics; its lines naming cairn: %s",
            metrics.body().lines().filter(l -> l.contains("cairn")).toList())
        .isTrue();
    return Double.parseDouble(m.group(1));
  }

  private static String errorType(HttpResponse<String> response) {
    return json(response.body()).getJsonArray("errors").getJsonObject(0).getString("errorType");
  }

  private static JsonObject json(String body) {
    return Json.createReader(new StringReader(body)).readObject();
  }

  private URI graphql() {
    return URI.create(base.toString()).resolve("t/" + tenant + "/graphql");
  }

  private HttpResponse<String> admin(String path, String token, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
