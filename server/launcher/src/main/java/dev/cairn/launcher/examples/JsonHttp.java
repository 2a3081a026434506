package dev.cairn.launcher.examples;

import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** The few HTTP calls of the example loader: bearer-authenticated JSON and form posts. */
final class JsonHttp {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A status and body; {@link #json()} parses the body. */
  record Answer(String request, int status, String body) {
    boolean ok() {
      return status / 100 == 2;
    }

    JsonValue json() {
      try (JsonReader reader = Json.createReader(new StringReader(body))) {
        return reader.readValue();
      }
    }

    /** Throws naming the request, the status and the body, unless the status is 2xx. */
    Answer require() {
      if (!ok()) {
        throw new IllegalStateException(request + " answered " + status + ": " + abbreviated());
      }
      return this;
    }

    private String abbreviated() {
      return body.length() > 400 ? body.substring(0, 400) + "..." : body;
    }
  }

  Answer send(String method, String url, String token, String contentType, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(TIMEOUT)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(method + " " + url, response.statusCode(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + url + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + method + " " + url, e);
    }
  }

  /** An access token from a public client's resource-owner password grant. */
  String passwordGrant(String tokenEndpoint, String clientId, String user, String password) {
    String form =
        Map.of(
                "grant_type", "password",
                "client_id", clientId,
                "username", user,
                "password", password)
            .entrySet()
            .stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    return send("POST", tokenEndpoint, null, "application/x-www-form-urlencoded", form)
        .require()
        .json()
        .asJsonObject()
        .getString("access_token");
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
