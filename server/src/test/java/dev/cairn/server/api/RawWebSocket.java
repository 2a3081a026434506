package dev.cairn.server.api;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A WebSocket client on a plain socket (RFC 6455) for what a WebSocket library will not do, as an
 * attacker would: choose the source address (any 127.0.0.x reaches the loopback server), see the
 * upgrade's HTTP status and body, send malformed frames. It speaks AppSync's {@code graphql-ws}
 * with the auth headers in the {@code header-} subprotocol. Reads with a timeout, so a server that
 * stops answering fails the test instead of hanging it. Not thread-safe.
 */
public final class RawWebSocket implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String head;
  private final String body;
  private final int status;
  private final List<String> received = new ArrayList<>();
  private Integer closeCode;

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
    this.head = readHead();
    this.status = head.isEmpty() ? -1 : Integer.parseInt(head.split(" ", 3)[1]);
    this.body = status == 101 ? "" : readBody();
  }

  /**
   * Upgrades {@code http} (the realtime URL with an {@code http} scheme) offering {@code
   * graphql-ws} and, when {@code authJson} is not null, the {@code header-} subprotocol carrying
   * it.
   *
   * @param localAddress the source address, or null for any
   */
  public static RawWebSocket open(URI http, String localAddress, String authJson)
      throws IOException {
    Socket socket = new Socket();
    if (localAddress != null) {
      socket.bind(new InetSocketAddress(localAddress, 0));
    }
    socket.connect(new InetSocketAddress(http.getHost(), http.getPort()), 10_000);
    socket.setSoTimeout(20_000);
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    String protocols = "graphql-ws";
    if (authJson != null) {
      protocols +=
          ", header-"
              + Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(authJson.getBytes(StandardCharsets.UTF_8));
    }
    String request =
        "GET "
            + http.getRawPath()
            + " HTTP/1.1\r\nHost: "
            + http.getHost()
            + ":"
            + http.getPort()
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
            + Base64.getEncoder().encodeToString(nonce)
            + "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: "
            + protocols
            + "\r\n\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return new RawWebSocket(socket);
  }

  /** The upgrade's HTTP status (101 when it switched protocols). */
  public int status() {
    return status;
  }

  /** The upgrade's response head and, when it was refused, its body. */
  public String answer() {
    return head + body;
  }

  /** What this socket saw: the upgrade's status line, every text message and the close code. */
  public String transcript() {
    return "upgrade answered "
        + head.lines().findFirst().orElse("nothing")
        + "; received "
        + received
        + "; close code "
        + closeCode;
  }

  /** Writes bytes as they are, e.g. a malformed frame. */
  public void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Sends one masked text frame, as a client must. */
  public void sendText(String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x81);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else {
      frame.write(0x80 | 126);
      frame.write(payload.length >> 8);
      frame.write(payload.length);
    }
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    write(frame.toByteArray());
  }

  /** Sends an AppSync {@code start} of {@code query} with {@code authJson} as its authorization. */
  public void start(String id, String query, String authJson) throws IOException {
    String data =
        Json.createObjectBuilder()
            .add("query", query)
            .add("variables", Json.createObjectBuilder())
            .build()
            .toString();
    sendText(
        "{\"id\":\""
            + id
            + "\",\"type\":\"start\",\"payload\":{\"data\":"
            + Json.createValue(data)
            + ",\"extensions\":{\"authorization\":"
            + authJson
            + "}}}");
  }

  /** The next message of {@code type} within 10 s; null if none came or the connection closed. */
  public JsonObject awaitType(String type) throws IOException {
    return await(m -> type.equals(m.getString("type", "")), Duration.ofSeconds(10));
  }

  /** The next text message matching {@code wanted} within {@code timeout}; null if none. */
  public JsonObject await(Predicate<JsonObject> wanted, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (closeCode == null) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return null;
      }
      socket.setSoTimeout((int) Math.max(1, left));
      String text;
      try {
        text = nextText();
      } catch (SocketTimeoutException e) {
        return null;
      }
      if (text != null) {
        JsonObject message = Json.createReader(new StringReader(text)).readObject();
        if (wanted.test(message)) {
          return message;
        }
      }
    }
    return null;
  }

  /**
   * The close code the server sent within {@code timeout} (1006 when the connection ended without a
   * close frame), or null if it stayed open.
   */
  public Integer awaitClose(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (closeCode == null && System.nanoTime() < deadline) {
      socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      try {
        nextText();
      } catch (SocketTimeoutException e) {
        return null;
      }
    }
    return closeCode;
  }

  /** Reads one frame: a text frame's text, or null for a control frame (a close is kept). */
  private String nextText() throws IOException {
    int first = in.read();
    if (first < 0) {
      closeCode = closeCode == null ? 1006 : closeCode;
      return null;
    }
    int second = in.read();
    long length = second & 0x7F;
    if (length == 126) {
      length = (in.read() << 8) | in.read();
    } else if (length == 127) {
      length = 0;
      for (int i = 0; i < 8; i++) {
        length = (length << 8) | in.read();
      }
    }
    byte[] payload = in.readNBytes((int) length);
    int opcode = first & 0x0F;
    if (opcode == 0x8) {
      closeCode = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
      return null;
    }
    if (opcode != 0x1) {
      return null;
    }
    String text = new String(payload, StandardCharsets.UTF_8);
    received.add(text);
    return text;
  }

  /** Reads the HTTP response head, up to and including the empty line. */
  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : 0;
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** The body of a refused upgrade, by its length or its chunks. */
  private String readBody() throws IOException {
    String lower = head.toLowerCase(Locale.ROOT);
    for (String line : lower.split("\r\n")) {
      if (line.startsWith("content-length:")) {
        int length = Integer.parseInt(line.substring(15).trim());
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
      }
    }
    if (!lower.contains("transfer-encoding: chunked")) {
      return "";
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      int size = Integer.parseInt(line().trim().split(";")[0], 16);
      if (size == 0) {
        line();
        return body.toString(StandardCharsets.UTF_8);
      }
      body.write(in.readNBytes(size));
      line();
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
