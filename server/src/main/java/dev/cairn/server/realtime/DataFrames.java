package dev.cairn.server.realtime;

import java.nio.charset.StandardCharsets;

/**
 * Builds the WebSocket frame of one delivery, {@code {"type":"data","id":"<id>","payload":<json>}},
 * straight into bytes with one allocation: the payload is rendered and encoded once per change and
 * render key, and only the small envelope differs per subscriber.
 */
final class DataFrames {
  private DataFrames() {}

  /**
   * @param prefix the UTF-8 bytes of {@code {"type":"data","id":"} (or {@code next})
   * @param escapedId the subscription id, JSON-escaped, as UTF-8
   * @param payload the rendered payload JSON as UTF-8
   */
  static byte[] frame(byte[] prefix, byte[] escapedId, byte[] payload) {
    int length = prefix.length + escapedId.length + MIDDLE.length + payload.length + 1;
    int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
    byte[] frame = new byte[header + length];
    frame[0] = (byte) 0x81;
    if (header == 2) {
      frame[1] = (byte) length;
    } else if (header == 4) {
      frame[1] = 126;
      frame[2] = (byte) (length >> 8);
      frame[3] = (byte) length;
    } else {
      frame[1] = 127;
      for (int i = 0; i < 8; i++) {
        frame[2 + i] = (byte) (((long) length) >> (56 - 8 * i));
      }
    }
    int p = header;
    System.arraycopy(prefix, 0, frame, p, prefix.length);
    p += prefix.length;
    System.arraycopy(escapedId, 0, frame, p, escapedId.length);
    p += escapedId.length;
    System.arraycopy(MIDDLE, 0, frame, p, MIDDLE.length);
    p += MIDDLE.length;
    System.arraycopy(payload, 0, frame, p, payload.length);
    frame[p + payload.length] = '}';
    return frame;
  }

  static byte[] prefix(String type) {
    return ("{\"type\":\"" + type + "\",\"id\":\"").getBytes(StandardCharsets.UTF_8);
  }

  private static final byte[] MIDDLE = "\",\"payload\":".getBytes(StandardCharsets.UTF_8);
}
