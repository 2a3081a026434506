package dev.cairn.server.data.conflict;

import dev.cairn.server.TenantId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.bson.BsonInvalidOperationException;
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
 *
 * <p>The calling thread waits at most the configured timeout or the conflict's {@link
 * Conflict#timeLeft()}, whichever is shorter, for the whole answer (connection, headers and body).
 */
public final class CustomWebhook implements ConflictResolver {
  private static final JsonWriterSettings JSON =
      JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

  private final HttpClient http;
  private final Function<TenantId, Optional<URI>> webhooks;
  private final Duration timeout;

  /**
   * @param webhooks the webhook of each tenant (empty: the tenant has none, every conflict is
   *     rejected)
   * @param timeout the most time to wait for one answer of the webhook
   */
  public CustomWebhook(
      HttpClient http, Function<TenantId, Optional<URI>> webhooks, Duration timeout) {
    this.http = http;
    this.webhooks = webhooks;
    this.timeout = timeout;
  }

  @Override
  public Resolution resolve(Conflict conflict) {
    Optional<URI> url = webhooks.apply(conflict.tenant());
    if (url.isEmpty()) {
      return new Resolution.Reject("tenant " + conflict.tenant() + " has no conflict webhook");
    }
    Duration wait = conflict.timeLeft().compareTo(timeout) < 0 ? conflict.timeLeft() : timeout;
    if (wait.isNegative() || wait.isZero()) {
      return new Resolution.Reject("no time was left to call the conflict webhook");
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
            .timeout(wait)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toJson(JSON)))
            .build();
    // sendAsync and a bounded get: the request timeout alone ends with the headers, so a webhook
    // that never finishes its body would hold the request thread for good.
    CompletableFuture<HttpResponse<String>> answer =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> response;
    try {
      response = answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      return tooLate(wait);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof HttpTimeoutException) {
        return tooLate(wait);
      }
      return new Resolution.Reject("conflict webhook unreachable: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      return new Resolution.Reject("interrupted while waiting for the conflict webhook");
    }
    if (response.statusCode() / 100 != 2) {
      return new Resolution.Reject("conflict webhook answered HTTP " + response.statusCode());
    }
    return read(response.body());
  }

  private static Resolution tooLate(Duration wait) {
    return new Resolution.Reject(
        "conflict webhook did not answer within " + wait.toMillis() + " ms");
  }

  private static Resolution read(String json) {
    Document answer;
    try {
      answer = Document.parse(json);
    } catch (JsonParseException | BsonInvalidOperationException e) {
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
