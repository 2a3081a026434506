package dev.cairn.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testkit.TestKeycloak;
import dev.cairn.testkit.TestStack;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@link GraphQLListenerIT} and {@link GraphQLServletPathIT} share: a tenant with a public
 * {@code Post} model and an API key, and the listener's request counter on {@code /metrics}.
 */
final class GraphQLEndpointClient {
  static final String SCHEMA =
      "type Post @model @auth(rules: [{ allow: public }]) { id: ID! title: String! }";
  static final String CREATE_POST =
      "{\"query\":\"mutation m($input: CreatePostInput!) { createPost(input: $input) { id title"
          + " } }\",\"variables\":{\"input\":{\"title\":\"hello\"}}}";
  private static final Pattern COUNTER =
      Pattern.compile(
          "(?m)^(?:application_)?cairn_graphql_listener_requests_total(?:\\{[^}]*\\})?\\s+([0-9.eE+]+)");

  /** HTTP/1.1 without an h2c offer, for the admin API and {@code /metrics}. */
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final URL base;
  final String tenant;
  final String apiKey;

  private GraphQLEndpointClient(URL base, String tenant, String apiKey) {
    this.base = base;
    this.tenant = tenant;
    this.apiKey = apiKey;
  }

  /** Signs up a tenant named {@code prefix-<random>} with {@link #SCHEMA} and an API key. */
  static GraphQLEndpointClient withNewTenant(URL base, TestKeycloak keycloak, String prefix)
      throws Exception {
    GraphQLEndpointClient admin = new GraphQLEndpointClient(base, null, null);
    String console = keycloak.consoleToken();
    String slug = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> created =
        admin.admin("api/admin/tenants", console, "{\"slug\":\"" + slug + "\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    HttpResponse<String> schema =
        admin.admin("api/admin/tenants/" + slug + "/schemas", console, SCHEMA);
    assertThat(schema.statusCode()).as(schema.body()).isEqualTo(201);
    HttpResponse<String> key =
        admin.admin("api/admin/tenants/" + slug + "/api-keys", console, "{}");
    assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
    String apiKey = json(key.body()).getString("key");
    return new GraphQLEndpointClient(base, slug, apiKey);
  }

  URI graphql() {
    return URI.create(base.toString()).resolve("t/" + tenant + "/graphql");
  }

  HttpRequest.Builder graphqlPost(HttpRequest.BodyPublisher body) {
    return HttpRequest.newBuilder(graphql())
        .header("Content-Type", "application/json")
        .header("x-api-key", apiKey)
        .POST(body);
  }

  /**
   * The listener's request counter on {@code /metrics}, empty when it is not there (the listener
   * never answered in this deployment).
   */
  OptionalDouble listenerRequests() throws Exception {
    HttpResponse<String> metrics =
        http.send(
            HttpRequest.newBuilder(URI.create(base.toString()).resolve("/metrics"))
                .header("Authorization", "Bearer " + TestStack.METRICS_TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    Matcher m = COUNTER.matcher(metrics.body());
    return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
  }

  /** {@link #listenerRequests()}, failing with the lines naming Cairn when it is not there. */
  double listenerRequestsPresent() throws Exception {
    OptionalDouble counted = listenerRequests();
    assertThat(counted)
        .as("the listener's counter cairn_graphql_listener_requests_total on /metrics")
        .isPresent();
    return counted.getAsDouble();
  }

  static String errorType(HttpResponse<String> response) {
    return json(response.body()).getJsonArray("errors").getJsonObject(0).getString("errorType");
  }

  static JsonObject json(String body) {
    return Json.createReader(new StringReader(body)).readObject();
  }

  HttpResponse<String> admin(String path, String token, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
