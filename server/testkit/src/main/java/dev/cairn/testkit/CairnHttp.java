package dev.cairn.testkit;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The HTTP calls integration tests make to a running Cairn: its admin API with a console token
 * (signing a tenant up, publishing a schema, making an API key) and a tenant's GraphQL endpoint.
 * Answers come back as they are, so that a test asserts on status and body itself; the {@code
 * expect} forms fail with the method, path and answer when the status is not the one expected.
 */
public final class CairnHttp {
  /** Bounds one call; generous because a schema activation on a loaded machine takes seconds. */
  private static final Duration TIMEOUT = Duration.ofSeconds(180);

  /**
   * One client for every call of the test JVM (it is thread-safe), so a helper is cheap to make.
   */
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final URI base;

  private CairnHttp(URI base) {
    this.base = base;
  }

  /** The Cairn at {@code base} ({@code http://host:port/}, as Arquillian injects it). */
  public static CairnHttp at(URL base) {
    return at(URI.create(base.toString()));
  }

  /** The Cairn at {@code base} ({@code http://host:port/}). */
  public static CairnHttp at(URI base) {
    return new CairnHttp(base);
  }

  public URI base() {
    return base;
  }

  /** The GraphQL endpoint of {@code tenant}. */
  public URI graphqlEndpoint(String tenant) {
    return base.resolve("t/" + tenant + "/graphql");
  }

  /** The realtime (WebSocket) endpoint of {@code tenant}. */
  public URI realtimeEndpoint(String tenant) {
    return URI.create(
        base.toString().replaceFirst("^http", "ws") + "t/" + tenant + "/graphql/realtime");
  }

  /**
   * Calls the admin API: {@code path} relative to the base (e.g. {@code api/admin/tenants}), the
   * body JSON when it starts with <code>{</code>, text (a schema) otherwise and none when empty;
   * {@code token} a console access token, or null to send none.
   */
  public HttpResponse<String> admin(String method, String path, String token, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
    if (body.isEmpty()) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", body.startsWith("{") ? "application/json" : "text/plain")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Like {@link #admin}, failing unless the answer has {@code status}; returns its body. */
  public String expect(int status, String method, String path, String token, String body)
      throws IOException, InterruptedException {
    HttpResponse<String> response = admin(method, path, token, body);
    if (response.statusCode() != status) {
      throw new AssertionError(
          method
              + " "
              + path
              + " answered "
              + response.statusCode()
              + ", not "
              + status
              + ": "
              + response.body());
    }
    return response.body();
  }

  /**
   * Signs up a tenant named {@code prefix} and a random suffix and publishes {@code schema} as its
   * active schema; returns the slug.
   */
  public String signUp(String token, String prefix, String schema)
      throws IOException, InterruptedException {
    String slug = prefix + UUID.randomUUID().toString().substring(0, 8);
    expect(201, "POST", "api/admin/tenants", token, "{\"slug\":\"" + slug + "\"}");
    expect(201, "POST", "api/admin/tenants/" + slug + "/schemas", token, schema);
    return slug;
  }

  /** Makes an API key of {@code tenant}; returns the key. */
  public String apiKey(String token, String tenant) throws IOException, InterruptedException {
    return json(expect(201, "POST", "api/admin/tenants/" + tenant + "/api-keys", token, "{}"))
        .getString("key");
  }

  /**
   * Posts a GraphQL operation to {@code tenant}'s endpoint with {@code headers} (e.g. {@code
   * x-api-key} or {@code Authorization}); {@code variables} is a JSON object, or null for none.
   */
  public HttpResponse<String> graphql(
      String tenant, Map<String, String> headers, String query, String variables)
      throws IOException, InterruptedException {
    return HTTP.send(
        graphqlRequest(tenant, headers, query, variables), HttpResponse.BodyHandlers.ofString());
  }

  /** The request {@link #graphql} sends, for a test that sends it itself (e.g. many at once). */
  public HttpRequest graphqlRequest(
      String tenant, Map<String, String> headers, String query, String variables) {
    JsonObjectBuilder body = Json.createObjectBuilder().add("query", query);
    if (variables != null) {
      body.add("variables", json(variables));
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(graphqlEndpoint(tenant))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json; charset=UTF-8")
            .POST(HttpRequest.BodyPublishers.ofString(body.build().toString()));
    headers.forEach(request::header);
    return request.build();
  }

  /** Parses a JSON object (an answer's body). */
  public static JsonObject json(String body) {
    try (JsonReader reader = Json.createReader(new StringReader(body))) {
      return reader.readObject();
    }
  }
}
