package dev.cairn.server.realtime.websocket;

import java.nio.charset.StandardCharsets;

/**
 * Encodes server-to-client WebSocket frames (RFC 6455 §5.2): final, unmasked, no extensions. A
 * frame is built once and may be sent to any number of connections.
 */
public final class Frames {
  static final int OP_CONTINUATION = 0x0;
  static final int OP_TEXT = 0x1;
  static final int OP_BINARY = 0x2;
  static final int OP_CLOSE = 0x8;
  static final int OP_PING = 0x9;
  static final int OP_PONG = 0xA;

  private Frames() {}

  /** A text frame carrying {@code text} as UTF-8. */
  public static byte[] text(String text) {
    return frame(OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A text frame whose UTF-8 payload is {@code parts} one after the other, built with one
   * allocation (a message assembled from pieces encoded once and shared, such as a data frame's
   * envelope and its payload).
   */
  public static byte[] text(byte[]... parts) {
    return frame(OP_TEXT, parts);
  }

  /** A close frame with a status code and a reason (truncated to fit a control frame). */
  public static byte[] close(int code, String reason) {
    byte[] utf8 = reason.getBytes(StandardCharsets.UTF_8);
    int length = Math.min(utf8.length, 123);
    byte[] payload = new byte[2 + length];
    payload[0] = (byte) (code >> 8);
    payload[1] = (byte) code;
    System.arraycopy(utf8, 0, payload, 2, length);
    return frame(OP_CLOSE, payload);
  }

  static byte[] pong(byte[] payload) {
    return frame(OP_PONG, payload);
  }

  static byte[] frame(int opcode, byte[]... parts) {
    long total = 0;
    for (byte[] part : parts) {
      total += part.length;
    }
    if (total > Integer.MAX_VALUE - 10) {
      throw new IllegalArgumentException("a frame of " + total + " bytes is too large");
    }
    int length = (int) total;
    int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
    byte[] frame = new byte[header + length];
    frame[0] = (byte) (0x80 | opcode);
    if (header == 2) {
      frame[1] = (byte) length;
    } else if (header == 4) {
      frame[1] = 126;
      frame[2] = (byte) (length >> 8);
      frame[3] = (byte) length;
    } else {
      frame[1] = 127;
      long l = length;
      for (int i = 0; i < 8; i++) {
        frame[2 + i] = (byte) (l >> (56 - 8 * i));
      }
    }
    int position = header;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, frame, position, part.length);
      position += part.length;
    }
    return frame;
  }
}
