package dev.cairn.client.internal;

import dev.cairn.client.Auth;
import dev.cairn.client.CairnException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GraphQL over HTTP as AppSync takes it: {@code POST} of {@code {query, variables}} (plus {@code
 * extensions} when Cairn's own are asked for), auth as {@code x-api-key} or a raw-JWT {@code
 * Authorization} header. Classifies failures: network errors, HTTP 429 and 5xx are retryable;
 * 401/403 are {@code Unauthorized}. Thread-safe.
 */
public final class GraphQLHttp {
  private final HttpClient http;
  private final URI endpoint;
  private final Auth auth;
  private final Duration timeout;

  public GraphQLHttp(HttpClient http, URI endpoint, Auth auth, Duration timeout) {
    this.http = http;
    this.endpoint = endpoint;
    this.auth = auth;
    this.timeout = timeout;
  }

  /**
   * A response with a 2xx status: its {@code data}, {@code errors} and {@code extensions} (each
   * possibly empty).
   */
  public record Response(
      Map<String, Object> data, List<Map<String, Object>> errors, Map<String, Object> extensions) {
    public Response(Map<String, Object> data, List<Map<String, Object>> errors) {
      this(data, errors, Map.of());
    }

    public boolean ok() {
      return errors.isEmpty();
    }

    /** The first error's {@code errorType}, or null. */
    public String errorType() {
      return errors.isEmpty() ? null : (String) errors.get(0).get("errorType");
    }

    public String errorMessage() {
      return errors.isEmpty() ? null : String.valueOf(errors.get(0).get("message"));
    }
  }

  /**
   * Sends one operation.
   *
   * @throws CairnException retryable for network failures, 429 and 5xx; {@code Unauthorized} for
   *     401/403; non-retryable for other non-2xx answers
   */
  public Response send(String query, Map<String, Object> variables) {
    return send(query, variables, Map.of());
  }

  /**
   * Sends one operation with request {@code extensions} (left out when empty), e.g. {@code
   * {"cairnSyncEstimate": true}}; a server that does not know them ignores them.
   *
   * @throws CairnException as {@link #send(String, Map)}
   */
  @SuppressWarnings("unchecked")
  public Response send(
      String query, Map<String, Object> variables, Map<String, Object> extensions) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("query", query);
    body.put("variables", variables);
    if (!extensions.isEmpty()) {
      body.put("extensions", extensions);
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/json; charset=UTF-8")
            .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
    authHeaders().forEach(request::header);
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new CairnException("Network", "cannot reach " + endpoint + ": " + e, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CairnException("Network", "interrupted", true, e);
    }
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      throw new CairnException(
          "Unauthorized",
          "the server refused the credentials (HTTP " + status + "): " + response.body(),
          false,
          null);
    }
    if (status == 429 || status >= 500) {
      throw new CairnException(
          "Network", "the server answered HTTP " + status + "; retrying later", true, null);
    }
    if (status < 200 || status >= 300) {
      throw new CairnException(
          "BadRequest", "the server answered HTTP " + status + ": " + response.body(), false, null);
    }
    Map<String, Object> json;
    try {
      json = Json.parseObject(response.body());
    } catch (IllegalArgumentException e) {
      throw new CairnException("Network", "unreadable answer: " + e.getMessage(), true, e);
    }
    Object data = json.get("data");
    Object errors = json.get("errors");
    Object answered = json.get("extensions");
    return new Response(
        data instanceof Map ? (Map<String, Object>) data : Map.of(),
        errors instanceof List ? (List<Map<String, Object>>) errors : List.of(),
        answered instanceof Map ? (Map<String, Object>) answered : Map.of());
  }

  /** The auth headers for an HTTP request (also used on the realtime connection). */
  public Map<String, String> authHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    if (auth instanceof Auth.ApiKey key) {
      headers.put("x-api-key", key.key());
    } else if (auth instanceof Auth.Token token) {
      String jwt;
      try {
        jwt = token.accessToken().get();
      } catch (RuntimeException e) {
        // No token now is not the server refusing a write: keep everything queued and retry.
        throw new CairnException(
            "Unauthorized", "the token supplier failed: " + e.getMessage(), true, e);
      }
      if (jwt == null || jwt.isBlank()) {
        throw new CairnException(
            "Unauthorized", "the token supplier returned no token", true, null);
      }
      headers.put("Authorization", jwt.startsWith("Bearer ") ? jwt.substring(7) : jwt);
    }
    return headers;
  }

  public URI endpoint() {
    return endpoint;
  }
}
