package dev.cairn.server.realtime.websocket;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The server side of the WebSocket opening handshake (RFC 6455 §4.2): checks the upgrade request
 * and computes the answer. Pure; the caller writes the response.
 */
public final class Handshake {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  /** An acceptable upgrade: the {@code Sec-WebSocket-Accept} value and the offered subprotocols. */
  public record Accepted(String accept, List<String> offeredProtocols) {}

  /** A refused upgrade: the HTTP status to answer and why. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private Handshake() {}

  /**
   * Checks an upgrade request.
   *
   * @param method the HTTP method
   * @param header the request's header values by name (case-insensitive), null when absent
   * @throws Refused naming what is wrong, with 400, 405 or 426 (unsupported version)
   */
  public static Accepted check(String method, Function<String, String> header) throws Refused {
    if (!"GET".equals(method)) {
      throw new Refused(405, "a WebSocket upgrade must be a GET request");
    }
    if (!containsToken(header.apply("Upgrade"), "websocket")) {
      throw new Refused(400, "missing `Upgrade: websocket`");
    }
    if (!containsToken(header.apply("Connection"), "upgrade")) {
      throw new Refused(400, "missing `Connection: Upgrade`");
    }
    if (!"13".equals(trim(header.apply("Sec-WebSocket-Version")))) {
      throw new Refused(426, "only WebSocket version 13 is supported");
    }
    String key = trim(header.apply("Sec-WebSocket-Key"));
    if (key == null || !isNonceOf16Bytes(key)) {
      throw new Refused(400, "Sec-WebSocket-Key must be 16 random bytes in base64");
    }
    return new Accepted(accept(key), tokens(header.apply("Sec-WebSocket-Protocol")));
  }

  /** The {@code Sec-WebSocket-Accept} value for a key. */
  static String accept(String key) {
    try {
      byte[] sha1 =
          MessageDigest.getInstance("SHA-1")
              .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every Java runtime", e);
    }
  }

  /** The first of {@code supported} (in the server's order of preference) that was offered. */
  public static Optional<String> select(List<String> offered, List<String> supported) {
    return supported.stream().filter(offered::contains).findFirst();
  }

  private static boolean isNonceOf16Bytes(String key) {
    try {
      return Base64.getDecoder().decode(key).length == 16;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean containsToken(String value, String token) {
    return value != null && tokens(value.toLowerCase(Locale.ROOT)).contains(token);
  }

  private static List<String> tokens(String value) {
    List<String> tokens = new ArrayList<>();
    if (value != null) {
      for (String t : value.split(",")) {
        if (!t.isBlank()) {
          tokens.add(t.trim());
        }
      }
    }
    return tokens;
  }

  private static String trim(String s) {
    return s == null ? null : s.trim();
  }
}
