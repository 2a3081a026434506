package dev.cairn.server.realtime;

import dev.cairn.server.ErrorType;
import dev.cairn.server.TenantId;
import dev.cairn.server.graphql.AppSyncResponse;
import dev.cairn.server.realtime.websocket.CloseCodes;
import dev.cairn.server.realtime.websocket.Frames;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

/**
 * AppSync's realtime protocol ({@code graphql-ws} subprotocol, APPSYNC.md §5): {@code
 * connection_init} → {@code connection_ack} + {@code ka}; {@code start} → {@code start_ack} /
 * {@code data} / {@code error}; {@code stop} → {@code complete}; {@code connection_error} when the
 * connection's own auth fails. Every {@code start} is authorized from its own {@code
 * extensions.authorization}, since clients refresh tokens per subscription.
 */
final class AppSyncSession extends RealtimeSession {
  static final String PROTOCOL = "graphql-ws";

  /** How long the client waits for data or ka before reconnecting; AppSync's own figure. */
  static final long CONNECTION_TIMEOUT_MS = 300_000;

  private static final byte[] KA = Frames.text(Json.message("type", "ka"));
  private static final String CONNECTION_ACK =
      Json.message(
          "type",
          "connection_ack",
          "payload",
          Json.members("connectionTimeoutMs", CONNECTION_TIMEOUT_MS));
  private static final byte[] DATA = DataFrames.prefix("data");

  AppSyncSession(
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
    return DATA;
  }

  @Override
  protected byte[] keepAliveFrame() {
    return KA;
  }

  @Override
  protected void handle(JsonObject message) {
    String type = Json.string(message, "type");
    String id = Json.string(message, "id");
    if (type == null) {
      malformed("a message needs a `type`");
      return;
    }
    switch (type) {
      case "connection_init" -> init();
      case "start" -> start(id, Json.object(message, "payload"));
      case "stop" -> stop(id);
      default ->
          error(
              id,
              ErrorType.UNSUPPORTED_OPERATION.wireName(),
              "unknown message type `" + type + "`");
    }
  }

  private void init() {
    Subscriber subscriber;
    try {
      subscriber = backend.authenticate(tenant, connectHeaders);
    } catch (RealtimeException e) {
      connectionError(e.errorType(), e.getMessage(), 401);
      closeBecause(
          CloseCodes.NORMAL,
          "unauthorized",
          "connection_init not authenticated (" + e.errorType() + "): " + e.getMessage(),
          Level.INFO);
      return;
    }
    String refused = admit(subscriber);
    if (refused != null) {
      // 429: the client retries with backoff (it gives up only on 400, 401 and 403)
      connectionError(ErrorType.LIMIT_EXCEEDED.wireName(), refused, 429);
      closeBecause(
          CloseCodes.TRY_AGAIN_LATER,
          "over the tenant's connection limit",
          "refused: " + refused,
          Level.WARNING);
      return;
    }
    markInitialized();
    send(CONNECTION_ACK);
    connection.send(KA);
  }

  private void connectionError(String errorType, String message, int code) {
    Map<String, Object> error =
        Json.members("errorType", errorType, "message", message, "errorCode", code);
    send(
        Json.message(
            "type", "connection_error", "payload", Json.members("errors", List.of(error))));
  }

  /**
   * AppSync's {@code error} for the subscription. With {@code UnauthorizedException} (or a message
   * containing "Token expired") the Amplify client closes the socket and reconnects with fresh
   * credentials (APPSYNC.md §5).
   */
  @Override
  protected void subscriptionEnded(String id, String errorType, String message) {
    error(id, errorType, message);
  }

  @Override
  protected void credentialsEnded(String message) {
    closeBecause(
        CloseCodes.NORMAL,
        "credentials ended; reconnect with fresh ones",
        "the credentials it authenticated with ended: " + message,
        Level.INFO);
  }

  private void start(String id, JsonObject payload) {
    if (id == null || id.isEmpty()) {
      error(null, ErrorType.BAD_REQUEST.wireName(), "a `start` needs an `id`");
      return;
    }
    if (!isInitialized()) {
      error(id, ErrorType.BAD_REQUEST.wireName(), "send `connection_init` before `start`");
      return;
    }
    String data = Json.string(payload, "data");
    if (data == null) {
      error(
          id,
          ErrorType.BAD_REQUEST.wireName(),
          "`payload.data` must be a JSON string {query, variables}");
      return;
    }
    JsonObject request;
    try (JsonReader reader = Json.reader(data)) {
      request = reader.readObject();
    } catch (JsonException | ClassCastException e) {
      error(
          id,
          ErrorType.BAD_REQUEST.wireName(),
          "`payload.data` is not a JSON object: " + e.getMessage());
      return;
    }
    String query = Json.string(request, "query");
    if (query == null) {
      error(id, ErrorType.BAD_REQUEST.wireName(), "`payload.data` has no `query`");
      return;
    }
    JsonObject authorization = Json.object(Json.object(payload, "extensions"), "authorization");
    try {
      subscribe(
          id,
          query,
          variables(Json.object(request, "variables")),
          authorization == null ? Map.of() : ConnectAuth.strings(authorization));
    } catch (RealtimeException e) {
      error(id, e.errorType(), e.getMessage());
      return;
    }
    send(Json.message("type", "start_ack", "id", id));
    started(id);
  }

  private void stop(String id) {
    if (id != null) {
      unsubscribe(id);
      send(Json.message("type", "complete", "id", id));
    }
  }

  private void error(String id, String errorType, String message) {
    Map<String, Object> payload =
        Json.members("errors", AppSyncResponse.errors(errorType, message));
    send(
        id == null
            ? Json.message("type", "error", "payload", payload)
            : Json.message("type", "error", "id", id, "payload", payload));
  }

  @Override
  protected void malformed(String why) {
    error(null, ErrorType.BAD_REQUEST.wireName(), why);
  }

  @Override
  protected void initTimedOut() {
    closeBecause(
        CloseCodes.POLICY_VIOLATION,
        "no connection_init within the time allowed",
        "no connection_init within " + limits.initTimeout().toSeconds() + " s of connecting",
        Level.INFO);
  }
}
