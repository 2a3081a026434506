package dev.cairn.server.realtime;

import dev.cairn.server.TenantId;
import dev.cairn.server.realtime.websocket.CloseCodes;
import dev.cairn.server.realtime.websocket.Frames;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

/**
 * The standard GraphQL over WebSocket protocol ({@code graphql-transport-ws}), for ordinary GraphQL
 * clients: {@code connection_init} (auth headers in its payload) → {@code connection_ack}; {@code
 * subscribe} → {@code next} / {@code error}; {@code complete} both ways; {@code ping}/{@code pong}.
 * Protocol violations close the socket with the 44xx codes the protocol defines.
 */
final class TransportWsSession extends RealtimeSession {
  static final String PROTOCOL = "graphql-transport-ws";

  private static final byte[] PING = Frames.text(Json.message("type", "ping"));
  private static final String PONG = Json.message("type", "pong");
  private static final String CONNECTION_ACK = Json.message("type", "connection_ack");
  private static final byte[] NEXT = DataFrames.prefix("next");

  TransportWsSession(
      TenantId tenant,
      SubscriptionBackend backend,
      SubscriptionRegistry registry,
      RealtimeLimits limits,
      Map<String, String> connectHeaders,
      Clock clock,
      Admission admission,
      String remoteAddress) {
    super(tenant, backend, registry, limits, connectHeaders, clock, admission, remoteAddress);
  }

  @Override
  public String protocol() {
    return PROTOCOL;
  }

  @Override
  protected byte[] dataPrefix() {
    return NEXT;
  }

  @Override
  protected byte[] keepAliveFrame() {
    return PING;
  }

  @Override
  protected void handle(JsonObject message) {
    String type = Json.string(message, "type");
    if (type == null) {
      malformed("a message needs a `type`");
      return;
    }
    switch (type) {
      case "connection_init" -> init(Json.object(message, "payload"));
      case "subscribe" -> subscribe(Json.string(message, "id"), Json.object(message, "payload"));
      case "complete" -> {
        String id = Json.string(message, "id");
        if (id != null) {
          unsubscribe(id);
        }
      }
      case "ping" -> send(PONG);
      case "pong" -> {}
      default -> malformed("unknown message type `" + type + "`");
    }
  }

  private void init(JsonObject payload) {
    if (isInitialized()) {
      closeBecause(
          4429,
          "Too many initialisation requests",
          "a second connection_init (graphql-transport-ws)",
          Level.INFO);
      return;
    }
    Map<String, String> headers =
        payload == null || payload.isEmpty() ? connectHeaders : ConnectAuth.strings(payload);
    Subscriber subscriber;
    try {
      subscriber = backend.authenticate(tenant, headers);
    } catch (RealtimeException e) {
      closeBecause(
          4403,
          "Forbidden: " + e.getMessage(),
          "connection_init not authenticated (" + e.errorType() + "): " + e.getMessage(),
          Level.INFO);
      return;
    }
    String refused = admit(subscriber);
    if (refused != null) {
      closeBecause(
          CloseCodes.TRY_AGAIN_LATER,
          "over the tenant's connection limit",
          "refused: " + refused,
          Level.WARNING);
      return;
    }
    markInitialized();
    send(CONNECTION_ACK);
  }

  private void subscribe(String id, JsonObject payload) {
    if (!isInitialized()) {
      closeBecause(4401, "Unauthorized", "subscribe before connection_init", Level.INFO);
      return;
    }
    if (id == null || payload == null || Json.string(payload, "query") == null) {
      malformed("`subscribe` needs an `id` and a `payload` with a `query`");
      return;
    }
    if (hasSubscription(id)) {
      closeBecause(
          4409,
          "Subscriber for " + id + " already exists",
          "a second subscribe with id " + id,
          Level.INFO);
      return;
    }
    JsonObject authorization = Json.object(Json.object(payload, "extensions"), "authorization");
    try {
      subscribe(
          id,
          Json.string(payload, "query"),
          variables(Json.object(payload, "variables")),
          authorization == null ? Map.of() : ConnectAuth.strings(authorization));
    } catch (RealtimeException e) {
      subscriptionEnded(id, e.errorType(), e.getMessage());
    }
  }

  @Override
  protected void subscriptionEnded(String id, String errorType, String message) {
    Map<String, Object> error =
        Json.members("message", message, "extensions", Json.members("errorType", errorType));
    send(Json.message("type", "error", "id", id, "payload", List.of(error)));
  }

  @Override
  protected void credentialsEnded(String message) {
    closeBecause(
        4403,
        "Forbidden: credentials ended",
        "the credentials it authenticated with ended: " + message,
        Level.INFO);
  }

  @Override
  protected void malformed(String why) {
    closeBecause(4400, why, "protocol violation: " + why, Level.INFO);
  }

  @Override
  protected void initTimedOut() {
    closeBecause(
        4408,
        "Connection initialisation timeout",
        "no connection_init within " + limits.initTimeout().toSeconds() + " s of connecting",
        Level.INFO);
  }
}
