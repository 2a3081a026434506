package dev.cairn.client.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One AppSync realtime WebSocket ({@code graphql-ws} subprotocol, auth in a {@code
 * header-<base64url JSON>} subprotocol, APPSYNC.md §1.3), delivering whole JSON frames. Callbacks
 * arrive on the HTTP client's threads; the caller hands them to its own thread. Thread-safe.
 */
final class RealtimeConnection implements WebSocket.Listener {
  private final Consumer<Map<String, Object>> onMessage;
  private final Consumer<String> onClosed;
  private final StringBuilder partial = new StringBuilder();
  private volatile WebSocket socket;
  private volatile boolean closed;

  private RealtimeConnection(Consumer<Map<String, Object>> onMessage, Consumer<String> onClosed) {
    this.onMessage = onMessage;
    this.onClosed = onClosed;
  }

  /** The realtime URL of a GraphQL endpoint: {@code <endpoint>/realtime}, {@code ws(s)://}. */
  static URI realtimeUri(URI endpoint) {
    String url = endpoint.toString();
    url = url.replaceFirst("^https://", "wss://").replaceFirst("^http://", "ws://");
    return URI.create(url + (url.endsWith("/") ? "realtime" : "/realtime"));
  }

  static String headerSubprotocol(Map<String, String> authHeaders) {
    return "header-"
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(Json.write(authHeaders).getBytes(StandardCharsets.UTF_8));
  }

  static CompletableFuture<RealtimeConnection> open(
      HttpClient http,
      URI endpoint,
      Map<String, String> authHeaders,
      Consumer<Map<String, Object>> onMessage,
      Consumer<String> onClosed) {
    RealtimeConnection connection = new RealtimeConnection(onMessage, onClosed);
    return http.newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(15))
        .subprotocols("graphql-ws", headerSubprotocol(authHeaders))
        .buildAsync(realtimeUri(endpoint), connection)
        .thenApply(
            ws -> {
              connection.socket = ws;
              return connection;
            });
  }

  void send(Map<String, Object> message) {
    WebSocket ws = socket;
    if (ws != null && !closed) {
      synchronized (this) {
        ws.sendText(Json.write(message), true).join();
      }
    }
  }

  void close() {
    closed = true;
    WebSocket ws = socket;
    if (ws != null) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(t -> null);
      ws.abort();
    }
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      String text = partial.toString();
      partial.setLength(0);
      try {
        onMessage.accept(Json.parseObject(text));
      } catch (IllegalArgumentException e) {
        // A malformed frame is skipped; the connection stays.
      }
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closedBy("closed by the server: " + statusCode + " " + reason);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closedBy("connection failed: " + error);
  }

  private void closedBy(String reason) {
    if (!closed) {
      closed = true;
      onClosed.accept(reason);
    }
  }
}
