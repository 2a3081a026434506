package dev.cairn.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.ClassTenant;
import dev.cairn.testkit.Deployments;
import dev.cairn.testkit.HeadlessChromium;
import dev.cairn.testkit.TestStack;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * A web app served from another origin than Cairn's uses a tenant's GraphQL endpoint from a real
 * headless Chromium, as an Amplify web app does: the browser's preflight is answered, the answer is
 * readable, and so is an error's status; native clients (no {@code Origin}) see no CORS headers.
 */
@ExtendWith({CairnStackExtension.class, ArquillianExtension.class})
@RunAsClient
class BrowserCorsIT {
  static final String SCHEMA =
      "type Post @model @auth(rules: [{ allow: public }]) { id: ID! title: String! }";
  static final String FETCH =
      """
      const done = arguments[arguments.length - 1];
      fetch(arguments[0], {
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'x-api-key': arguments[1]},
        body: arguments[2],
      })
        .then((r) => r.text().then((body) => done({status: r.status, body,
          requestId: r.headers.get('x-request-id')})))
        .catch((e) => done({error: String(e)}));
      """;

  @RegisterExtension
  static final ClassTenant TENANT = ClassTenant.signUp("cors-", SCHEMA).withApiKey();

  private final HttpClient http = HttpClient.newHttpClient();
  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive server() {
    WebArchive war =
        ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/cairn-server.war"));
    return Deployments.configure(war, TestStack.get().serverConfig());
  }

  @Test
  void aPreflightFromAnyOriginIsAnsweredAndNeverAllowsCredentials() throws Exception {
    HttpResponse<String> preflight =
        http.send(
            HttpRequest.newBuilder(graphql())
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-api-key,x-amz-user-agent")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> nativeClient =
        http.send(
            HttpRequest.newBuilder(graphql())
                .header("Content-Type", "application/json")
                .header("x-api-key", TENANT.apiKey())
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ __typename }\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("POST");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers"))
        .hasValue("content-type,x-api-key,x-amz-user-agent");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    assertThat(nativeClient.statusCode()).as(nativeClient.body()).isEqualTo(200);
    assertThat(nativeClient.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void aWebAppOnAnotherOriginReadsAnswersAndErrorsInARealBrowser() throws Exception {
    HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    app.createContext(
        "/",
        exchange -> {
          byte[] page =
              "<!doctype html><title>app</title><p>a web app".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, page.length);
          exchange.getResponseBody().write(page);
          exchange.close();
        });
    app.start();
    WebDriver browser = HeadlessChromium.start();
    try {
      String origin = "http://127.0.0.1:" + app.getAddress().getPort();
      assertThat(origin).isNotEqualTo(graphql().resolve("/").toString().replaceAll("/$", ""));
      browser.get(origin + "/");
      browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(120));
      JavascriptExecutor js = (JavascriptExecutor) browser;
      String create =
          "{\"query\":\"mutation { createPost(input: {id: \\\"from-browser\\\", title: \\\"t\\\"})"
              + " { id title } }\"}";

      Map<String, Object> created = fetch(js, TENANT.apiKey(), create);
      Map<String, Object> wrongKey = fetch(js, "da2-nope", create);

      assertThat(created).as("fetch from %s", origin).doesNotContainKey("error");
      assertThat(created.get("status")).isEqualTo(200L);
      assertThat((String) created.get("body")).contains("\"id\":\"from-browser\"");
      assertThat((String) created.get("requestId")).isNotBlank();
      assertThat(wrongKey).doesNotContainKey("error");
      assertThat(wrongKey.get("status")).isEqualTo(401L);
      assertThat((String) wrongKey.get("body")).contains("UnauthorizedException");
    } finally {
      browser.quit();
      app.stop(0);
    }
  }

  /** What the page's {@code fetch} of the GraphQL endpoint saw: status, body, or its error. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> fetch(JavascriptExecutor js, String key, String body) {
    return (Map<String, Object>) js.executeAsyncScript(FETCH, graphql().toString(), key, body);
  }

  private URI graphql() {
    return URI.create(base.toString()).resolve("t/" + TENANT.slug() + "/graphql");
  }
}
