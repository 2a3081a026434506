package dev.cairn.server.data.conflict;

import dev.cairn.server.TenantId;
import dev.cairn.server.outbound.OutboundHttp;
import dev.cairn.server.outbound.OutboundRefusedException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bson.BsonInvalidOperationException;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonParseException;
import org.bson.json.JsonWriterSettings;

/**
 * The tenant's conflict webhook, Cairn's equivalent of AppSync's Lambda conflict handler. POSTs
 * {@code {"operation","model","tenant","incomingVersion","existing","incoming"}} as JSON, signed
 * with the tenant's webhook secret ({@link WebhookSignature}), and expects {@code
 * {"outcome":"RESOLVE","item":{...}}}, {@code {"outcome":"REJECT"}} or {@code
 * {"outcome":"REMOVE"}}. The call goes through {@link OutboundHttp}, so only URLs the outbound
 * policy allows are called (no private addresses, no redirects). A refused URL, a timeout, a
 * non-2xx status, unreadable JSON or an unknown outcome become a {@link Resolution.Reject} whose
 * reason says which without passing on network errors (those are logged) — the write is never
 * guessed.
 *
 * <p>The calling thread waits at most the configured timeout or the conflict's {@link
 * Conflict#timeLeft()}, whichever is shorter, for the whole answer (connection, headers and body).
 */
public final class CustomWebhook implements ConflictResolver {
  private static final Logger LOG = Logger.getLogger(CustomWebhook.class.getName());
  private static final JsonWriterSettings JSON =
      JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

  /** A tenant's webhook: where to call, and the secret its calls are signed with (may be empty). */
  public record Webhook(URI url, Optional<String> secret) {}

  private final OutboundHttp http;
  private final Function<TenantId, Optional<Webhook>> webhooks;
  private final Duration timeout;
  private final Clock clock;

  /**
   * @param http the outbound client; its deadline is the webhook timeout
   * @param webhooks the webhook of each tenant (empty: the tenant has none, every conflict is
   *     rejected)
   * @param timeout the most time to wait for one answer of the webhook
   * @param clock the time of the signature's {@code t}
   */
  public CustomWebhook(
      OutboundHttp http,
      Function<TenantId, Optional<Webhook>> webhooks,
      Duration timeout,
      Clock clock) {
    this.http = http;
    this.webhooks = webhooks;
    this.timeout = timeout;
    this.clock = clock;
  }

  @Override
  public Resolution resolve(Conflict conflict) {
    Optional<Webhook> hook = webhooks.apply(conflict.tenant());
    if (hook.isEmpty()) {
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
    byte[] bytes = body.toJson(JSON).getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    hook.get()
        .secret()
        .ifPresent(
            s ->
                headers.put(
                    WebhookSignature.HEADER, WebhookSignature.sign(s, clock.instant(), bytes)));
    OutboundHttp.Response response;
    try {
      response = http.post(hook.get().url(), headers, bytes, wait);
    } catch (SocketTimeoutException e) {
      return new Resolution.Reject(
          "conflict webhook did not answer within " + wait.toMillis() + " ms");
    } catch (OutboundRefusedException e) {
      LOG.log(
          Level.INFO,
          "conflict webhook of tenant " + conflict.tenant() + " refused: " + e.getMessage());
      return new Resolution.Reject(
          "the conflict webhook's URL is not allowed by this server's outbound policy");
    } catch (IOException e) {
      LOG.log(Level.INFO, "conflict webhook of tenant " + conflict.tenant() + " failed: " + e);
      return new Resolution.Reject("conflict webhook unreachable");
    }
    if (!response.ok()) {
      return new Resolution.Reject("conflict webhook answered HTTP " + response.status());
    }
    return read(response.text());
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
