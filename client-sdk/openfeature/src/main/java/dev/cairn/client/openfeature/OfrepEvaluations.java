package dev.cairn.client.openfeature;

import dev.cairn.client.Auth;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every flag evaluated by the server for one evaluation context, through the tenant's OFREP bulk
 * endpoint ({@code POST /t/{tenant}/ofrep/v1/evaluate/flags}), authenticated as the app: the server
 * judges token claims as always (the context's attributes never override them). Answers are kept
 * per context for a while ({@code cacheFor}) and dropped at once when the client hears that its
 * flags changed, so a per-evaluation context costs one request per distinct context and period, not
 * one per evaluation. Thread-safe; a request blocks its caller up to {@code timeout}.
 */
final class OfrepEvaluations {
  /** One flag as the server evaluated it; {@code errorCode} set when it could not. */
  record Remote(
      String key,
      Object value,
      String variant,
      String reason,
      String errorCode,
      String errorDetails,
      Map<String, Object> metadata) {}

  /** The server could not be asked or did not answer with evaluations. */
  static final class Unavailable extends Exception {
    Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private record Entry(Map<String, Remote> flags, Instant until) {}

  private static final int MAX_CONTEXTS = 256;

  private final URI endpoint;
  private final Auth auth;
  private final Duration cacheFor;
  private final Duration timeout;
  private final Clock clock;
  private final HttpClient http;
  private final Map<Map<String, Object>, Entry> cache =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Map<String, Object>, Entry> eldest) {
          return size() > MAX_CONTEXTS;
        }
      };

  /**
   * @param graphqlEndpoint the tenant's GraphQL endpoint, {@code .../t/{tenant}/graphql}, as given
   *     to the client
   */
  OfrepEvaluations(
      URI graphqlEndpoint, Auth auth, Duration cacheFor, Duration timeout, Clock clock) {
    String path = graphqlEndpoint.getPath();
    if (!path.endsWith("/graphql")) {
      throw new IllegalArgumentException(
          "the GraphQL endpoint "
              + graphqlEndpoint
              + " does not end in /graphql; give the client's endpoint, .../t/{tenant}/graphql");
    }
    this.endpoint =
        graphqlEndpoint.resolve(
            path.substring(0, path.length() - "graphql".length()) + "ofrep/v1/evaluate/flags");
    this.auth = auth;
    this.cacheFor = cacheFor;
    this.timeout = timeout;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  URI endpoint() {
    return endpoint;
  }

  /** Forgets every answer: the flags changed. */
  void invalidate() {
    synchronized (cache) {
      cache.clear();
    }
  }

  /** Every flag for {@code context}, from the cache or the server. */
  Map<String, Remote> all(Map<String, Object> context) throws Unavailable {
    Instant now = clock.instant();
    synchronized (cache) {
      Entry e = cache.get(context);
      if (e != null && now.isBefore(e.until())) {
        return e.flags();
      }
    }
    Map<String, Remote> flags = fetch(context);
    synchronized (cache) {
      cache.put(Map.copyOf(context), new Entry(flags, now.plus(cacheFor)));
    }
    return flags;
  }

  private Map<String, Remote> fetch(Map<String, Object> context) throws Unavailable {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Json.createObjectBuilder()
                        .add("context", Json.createObjectBuilder(context))
                        .build()
                        .toString()));
    if (auth instanceof Auth.ApiKey key) {
      request.header("x-api-key", key.key());
    } else if (auth instanceof Auth.Token token) {
      request.header("Authorization", token.accessToken().get());
    }
    HttpResponse<String> answer;
    try {
      answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new Unavailable("the server could not be reached at " + endpoint + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted while asking " + endpoint, e);
    }
    if (answer.statusCode() != 200) {
      throw new Unavailable(
          endpoint + " answered " + answer.statusCode() + ": " + answer.body(), null);
    }
    Map<String, Remote> out = new LinkedHashMap<>();
    try (JsonReader reader = Json.createReader(new StringReader(answer.body()))) {
      for (JsonObject f : reader.readObject().getJsonArray("flags").getValuesAs(JsonObject.class)) {
        out.put(f.getString("key"), remote(f));
      }
    } catch (RuntimeException e) {
      throw new Unavailable(endpoint + " answered what is not an OFREP bulk evaluation", e);
    }
    return out;
  }

  private static Remote remote(JsonObject f) {
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata =
        f.containsKey("metadata") ? (Map<String, Object>) plain(f.get("metadata")) : Map.of();
    return new Remote(
        f.getString("key"),
        f.containsKey("value") ? plain(f.get("value")) : null,
        f.getString("variant", null),
        f.getString("reason", null),
        f.getString("errorCode", null),
        f.getString("errorDetails", null),
        metadata);
  }

  /** A JSON value as Java: maps, lists, strings, booleans, Long or Double. */
  static Object plain(JsonValue v) {
    return switch (v.getValueType()) {
      case NULL -> null;
      case TRUE -> Boolean.TRUE;
      case FALSE -> Boolean.FALSE;
      case STRING -> ((JsonString) v).getString();
      case NUMBER -> {
        JsonNumber n = (JsonNumber) v;
        yield n.isIntegral() ? (Object) n.longValue() : (Object) n.doubleValue();
      }
      case ARRAY -> {
        List<Object> out = new ArrayList<>();
        ((JsonArray) v).forEach(item -> out.add(plain(item)));
        yield out;
      }
      case OBJECT -> {
        Map<String, Object> out = new LinkedHashMap<>();
        ((JsonObject) v).forEach((k, item) -> out.put(k, plain(item)));
        yield out;
      }
    };
  }
}
