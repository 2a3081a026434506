package dev.cairn.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/** Makes the write numbered {@code seq} on topic {@code topic}; completes when acknowledged. */
interface Publisher {
  CompletableFuture<Void> publish(int seq, int topic);

  /** A {@code createPost} mutation on a Cairn tenant's GraphQL endpoint, with an API key. */
  static Publisher cairn(HttpClient http, URI graphql, String apiKey) {
    return (seq, topic) -> {
      String body =
          "{\"query\":\"mutation operation($input: CreatePostInput!) { createPost(input: $input) {"
              + " id } }\",\"variables\":{\"input\":{\"title\":\""
              + FanOutProbe.title(seq)
              + "\",\"topic\":"
              + topic
              + "}}}";
      return http.sendAsync(
              HttpRequest.newBuilder(graphql)
                  .header("Content-Type", "application/json")
                  .header("x-api-key", apiKey)
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .thenAccept(
              r -> {
                if (r.statusCode() != 200 || r.body().contains("\"errors\"")) {
                  throw new IllegalStateException(
                      "mutation failed: " + r.statusCode() + " " + r.body());
                }
              });
    };
  }

  /** A publish on the minimal broadcaster. */
  static Publisher broadcaster(HttpClient http, URI base) {
    return (seq, topic) ->
        http.sendAsync(
                HttpRequest.newBuilder(base.resolve("/publish?topic=" + topic + "&seq=" + seq))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.discarding())
            .thenAccept(r -> {});
  }
}
