package dev.cairn.console.api;

import dev.cairn.console.lifecycle.ConsoleDrain;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.omnifaces.util.Faces;

/**
 * The server's admin REST API ({@code /api/admin/...}), called with the signed-in console user's
 * access token, so the server authorizes and audits every call as that user: the console holds no
 * rights of its own. Answers are JSON-P values; a refusal is an {@link AdminApiException} carrying
 * the server's problem document. Thread-safe; call it while a Faces request is being handled, or,
 * from elsewhere (a push feed), with a {@link Caller} captured during one.
 */
@ApplicationScoped
public class AdminApi {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Inject OpenIdContext openId;
  @Inject ApiSettings settings;
  @Inject ConsoleDrain drain;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * A console user's calls outside a Faces request: the server's base URL and the user's current
   * access token (refreshed by the supplier when needed).
   */
  public record Caller(String serverUrl, Supplier<String> accessToken) {}

  /** The server's base URL as seen from the current Faces request, for a {@link Caller}. */
  public String serverUrl() {
    return settings.serverUrl(Faces.getRequest());
  }

  /** GETs a JSON object as {@code caller}, outside a Faces request. */
  public JsonObject getObject(Caller caller, String path) {
    return send(caller.serverUrl(), caller.accessToken().get(), "GET", path, null, null)
        .asJsonObject();
  }

  /**
   * One path segment, encoded (slugs and ids are safe already; names typed by people may not be).
   */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  public JsonValue get(String path) {
    return send("GET", path, null, null);
  }

  public JsonObject getObject(String path) {
    return get(path).asJsonObject();
  }

  public JsonArray getArray(String path) {
    return get(path).asJsonArray();
  }

  /** POSTs a JSON body ({@code null} for none). */
  public JsonValue post(String path, JsonValue body) {
    return send("POST", path, "application/json", body == null ? "" : body.toString());
  }

  /** POSTs plain text, e.g. a schema's SDL. */
  public JsonValue postText(String path, String text) {
    return send("POST", path, "text/plain; charset=utf-8", text);
  }

  /** PUTs plain text, e.g. a {@code flags.yaml}. */
  public JsonValue putText(String path, String text) {
    return send("PUT", path, "text/plain; charset=utf-8", text);
  }

  public JsonValue put(String path, JsonValue body) {
    return send("PUT", path, "application/json", body.toString());
  }

  public JsonValue delete(String path) {
    return send("DELETE", path, null, null);
  }

  private JsonValue send(String method, String path, String contentType, String body) {
    HttpServletRequest request = Faces.getRequest();
    return send(
        settings.serverUrl(request),
        openId.getAccessToken().getToken(),
        method,
        path,
        contentType,
        body);
  }

  private JsonValue send(
      String serverUrl,
      String accessToken,
      String method,
      String path,
      String contentType,
      String body) {
    URI uri = URI.create(serverUrl + "/api/admin/" + path);
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + accessToken)
            .header("Accept", "application/json");
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    if (settings.sameNode()) {
      // While the node drains, the server admits this call only if the console vouches for it.
      builder.header(ConsoleDrain.PASS_HEADER, drain.requests().pass());
    }
    builder.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    HttpResponse<String> response;
    try {
      response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AdminApiException(
          503,
          "Server unreachable",
          "the Cairn server at " + uri.getAuthority() + " did not answer (" + e + "); try again",
          List.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AdminApiException(503, "Interrupted", "the call was interrupted", List.of());
    }
    JsonValue json = parse(response.body());
    if (response.statusCode() / 100 != 2) {
      throw problem(response.statusCode(), json);
    }
    return json;
  }

  private static JsonValue parse(String body) {
    if (body == null || body.isBlank()) {
      return JsonValue.NULL;
    }
    try (JsonReader reader = Json.createReader(new StringReader(body))) {
      return reader.readValue();
    } catch (JsonException e) {
      return Json.createValue(body);
    }
  }

  private static AdminApiException problem(int status, JsonValue json) {
    if (json.getValueType() != JsonValue.ValueType.OBJECT) {
      return new AdminApiException(
          status, "HTTP " + status, "the server answered HTTP " + status, List.of());
    }
    JsonObject p = json.asJsonObject();
    JsonArray errors = p.getJsonArray("errors");
    List<String> items =
        errors == null
            ? List.of()
            : errors.stream()
                .map(v -> v instanceof JsonString s ? s.getString() : v.toString())
                .toList();
    return new AdminApiException(
        status,
        p.getString("title", "HTTP " + status),
        p.getString("detail", "the server answered HTTP " + status),
        items);
  }
}
