package dev.cairn.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A base sync of {@link BenchPost}s over HTTP with nothing stored: {@code syncPosts(limit,
 * nextToken, lastSync: 0)} pages until {@code nextToken} is null, records counted in the response
 * text (as {@link SyncBench} pages). What the server and the network take of a client's sync.
 */
final class RawSync {
  private static final String SYNC =
      "query operation($nextToken: String) { syncPosts(limit: %d, nextToken: $nextToken,"
          + " lastSync: 0) { items { id title body rating tags createdAt updatedAt _version"
          + " _lastChangedAt _deleted } nextToken startedAt } }";
  private static final Pattern NEXT_TOKEN =
      Pattern.compile("\"nextToken\"\\s*:\\s*(null|\"((?:[^\"\\\\]|\\\\.)*)\")");
  private static final Pattern ITEM = Pattern.compile("\"_lastChangedAt\"\\s*:");

  private final HttpClient http;
  private final URI graphql;
  private final String apiKey;
  private final String query;

  RawSync(HttpClient http, URI graphql, String apiKey, int pageSize) {
    this.http = http;
    this.graphql = graphql;
    this.apiKey = apiKey;
    this.query = String.format(SYNC, pageSize);
  }

  /** {records, nanos}. */
  long[] run() throws Exception {
    long count = 0;
    String token = null;
    long t0 = System.nanoTime();
    do {
      String body =
          "{\"query\":\""
              + query
              + "\",\"variables\":{\"nextToken\":"
              + (token == null ? "null" : "\"" + token + "\"")
              + "}}";
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(graphql)
                  .header("Content-Type", "application/json")
                  .header("x-api-key", apiKey)
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      String json = r.body();
      if (r.statusCode() != 200 || json.contains("\"errors\"")) {
        throw new IllegalStateException(
            "sync failed: "
                + r.statusCode()
                + " "
                + json.substring(0, Math.min(500, json.length())));
      }
      Matcher items = ITEM.matcher(json);
      while (items.find()) {
        count++;
      }
      Matcher next = NEXT_TOKEN.matcher(json);
      if (!next.find()) {
        throw new IllegalStateException("no nextToken in a page");
      }
      token = next.group(2);
    } while (token != null);
    return new long[] {count, System.nanoTime() - t0};
  }
}
