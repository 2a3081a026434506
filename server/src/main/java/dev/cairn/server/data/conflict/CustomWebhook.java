package dev.cairn.server.data.conflict;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonParseException;
import org.bson.json.JsonWriterSettings;

/**
 * The tenant's conflict webhook, Cairn's equivalent of AppSync's Lambda conflict handler. POSTs
 * {@code {"operation","model","tenant","incomingVersion","existing","incoming"}} as JSON and
 * expects {@code {"outcome":"RESOLVE","item":{...}}}, {@code {"outcome":"REJECT"}} or {@code
 * {"outcome":"REMOVE"}}. A timeout, a non-2xx status, unreadable JSON or an unknown outcome become
 * a {@link Resolution.Reject} whose reason says which — the write is never guessed.
 */
public final class CustomWebhook implements ConflictResolver {
  private static final JsonWriterSettings JSON =
      JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

  private final HttpClient http;
  private final Function<dev.cairn.server.TenantId, java.util.Optional<URI>> webhooks;
  private final Duration timeout;

  /**
   * @param webhooks the webhook of each tenant (empty: the tenant has none, every conflict is
   *     rejected)
   * @param timeout how long to wait for the webhook's answer
   */
  public CustomWebhook(
      HttpClient http,
      Function<dev.cairn.server.TenantId, java.util.Optional<URI>> webhooks,
      Duration timeout) {
    this.http = http;
    this.webhooks = webhooks;
    this.timeout = timeout;
  }

  @Override
  public Resolution resolve(Conflict conflict) {
    java.util.Optional<URI> url = webhooks.apply(conflict.tenant());
    if (url.isEmpty()) {
      return new Resolution.Reject("tenant " + conflict.tenant() + " has no conflict webhook");
    }
    Document body =
        new Document("operation", conflict.operation().name())
            .append("model", conflict.model().name())
            .append("tenant", conflict.tenant().slug())
            .append("incomingVersion", conflict.incomingVersion())
            .append("existing", conflict.current())
            .append("incoming", new Document(conflict.incoming()));
    HttpRequest request =
        HttpRequest.newBuilder(url.get())
            .timeout(timeout)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toJson(JSON)))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.net.http.HttpTimeoutException e) {
      return new Resolution.Reject(
          "conflict webhook did not answer within " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      return new Resolution.Reject("conflict webhook unreachable: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Resolution.Reject("interrupted while waiting for the conflict webhook");
    }
    if (response.statusCode() / 100 != 2) {
      return new Resolution.Reject("conflict webhook answered HTTP " + response.statusCode());
    }
    return read(response.body());
  }

  private static Resolution read(String json) {
    Document answer;
    try {
      answer = Document.parse(json);
    } catch (JsonParseException | org.bson.BsonInvalidOperationException e) {
      return new Resolution.Reject("conflict webhook answered something that is not a JSON object");
    }
    Object outcome = answer.get("outcome");
    if ("REJECT".equals(outcome)) {
      return new Resolution.Reject("conflict webhook rejected the write");
    }
    if ("REMOVE".equals(outcome)) {
      return new Resolution.Remove();
    }
    if ("RESOLVE".equals(outcome) && answer.get("item") instanceof Document item) {
      Map<String, Object> changes = new LinkedHashMap<>(item);
      return new Resolution.Apply(changes, "resolved by webhook");
    }
    return new Resolution.Reject(
        "conflict webhook answered outcome `"
            + outcome
            + "`; expected RESOLVE with an item, REJECT or REMOVE");
  }
}
