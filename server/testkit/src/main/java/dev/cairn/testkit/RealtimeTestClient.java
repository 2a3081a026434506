package dev.cairn.testkit;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A realtime client speaking AppSync's protocol over the JDK's WebSocket, for ITs. */
public final class RealtimeTestClient implements AutoCloseable {
  private final BlockingQueue<JsonObject> source;
  private final List<JsonObject> seen = new ArrayList<>();
  private final WebSocket socket;

  private RealtimeTestClient(WebSocket socket, BlockingQueue<JsonObject> source) {
    this.socket = socket;
    this.source = source;
  }

  /** Connects with auth in the {@code header-} subprotocol, as current Amplify clients do. */
  public static RealtimeTestClient connect(URI realtime, String authHeadersJson) throws Exception {
    String header =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(authHeadersJson.getBytes(StandardCharsets.UTF_8));
    return open(realtime, "graphql-ws", "header-" + header);
  }

  /** Connects with auth in the {@code ?header=&payload=} query, as legacy clients do. */
  public static RealtimeTestClient connectLegacy(URI realtime, String authHeadersJson)
      throws Exception {
    String header =
        Base64.getEncoder().encodeToString(authHeadersJson.getBytes(StandardCharsets.UTF_8));
    URI withQuery =
        URI.create(
            realtime
                + "?header="
                + URLEncoder.encode(header, StandardCharsets.UTF_8)
                + "&payload=e30%3D");
    return open(withQuery, "graphql-ws");
  }

  private static RealtimeTestClient open(URI uri, String... protocols) throws Exception {
    BlockingQueue<JsonObject> queue = new LinkedBlockingQueue<>();
    WebSocket.Builder builder =
        HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    builder.subprotocols(protocols[0], Arrays.copyOfRange(protocols, 1, protocols.length));
    StringBuilder partial = new StringBuilder();
    WebSocket socket =
        builder
            .buildAsync(
                uri,
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                      queue.add(
                          Json.createReader(new StringReader(partial.toString())).readObject());
                      partial.setLength(0);
                    }
                    ws.request(1);
                    return null;
                  }
                })
            .get(10, TimeUnit.SECONDS);
    return new RealtimeTestClient(socket, queue);
  }

  public String subprotocol() {
    return socket.getSubprotocol();
  }

  public void send(String json) {
    socket.sendText(json, true).join();
  }

  /** The next message matching {@code wanted} within {@code timeout}, or null. */
  public JsonObject await(Predicate<JsonObject> wanted, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      JsonObject message = source.poll(left, TimeUnit.NANOSECONDS);
      if (message == null) {
        return null;
      }
      seen.add(message);
      if (wanted.test(message)) {
        return message;
      }
    }
  }

  public JsonObject awaitType(String type) throws InterruptedException {
    return await(m -> type.equals(m.getString("type", "")), Duration.ofSeconds(10));
  }

  /** Sends {@code connection_init}; the server's {@code connection_ack}, or null within 10 s. */
  public JsonObject init() throws InterruptedException {
    send("{\"type\":\"connection_init\"}");
    return awaitType("connection_ack");
  }

  /** Every message taken so far, including those skipped by {@link #await}. */
  public List<JsonObject> seen() {
    return seen;
  }

  public void start(String id, String query, String variablesJson, String authorizationJson) {
    String data =
        Json.createObjectBuilder()
            .add("query", query)
            .add("variables", Json.createReader(new StringReader(variablesJson)).readObject())
            .build()
            .toString();
    send(
        "{\"id\":\""
            + id
            + "\",\"type\":\"start\",\"payload\":{\"data\":"
            + Json.createValue(data)
            + ",\"extensions\":{\"authorization\":"
            + authorizationJson
            + "}}}");
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
  }
}
