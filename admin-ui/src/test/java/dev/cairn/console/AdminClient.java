package dev.cairn.console;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The admin REST API as a test sees it, with a console user's real token: to set tenants up quickly
 * and to check what the server holds after the browser acted.
 */
final class AdminClient {
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final String token;

  AdminClient(String serverUrl, String token) {
    this.base = serverUrl + "/api/admin/";
    this.token = token;
  }

  record Answer(int status, JsonValue json) {
    JsonObject object() {
      return json.asJsonObject();
    }

    JsonArray array() {
      return json.asJsonArray();
    }
  }

  Answer call(String method, String path, String contentType, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonValue json = JsonValue.NULL;
      if (!r.body().isBlank()) {
        try (JsonReader reader = Json.createReader(new StringReader(r.body()))) {
          json = reader.readValue();
        }
      }
      return new Answer(r.statusCode(), json);
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Answer get(String path) {
    return call("GET", path, null, null);
  }

  Answer postJson(String path, String json) {
    return call("POST", path, "application/json", json);
  }

  Answer postText(String path, String text) {
    return call("POST", path, "text/plain", text);
  }

  /** Signs a tenant up and returns its slug. */
  String signUp(String slug) {
    Answer a = postJson("tenants", "{\"slug\":\"" + slug + "\",\"name\":\"" + slug + "\"}");
    if (a.status() != 201) {
      throw new IllegalStateException(
          "signup of " + slug + " answered " + a.status() + ": " + a.json());
    }
    return slug;
  }
}
