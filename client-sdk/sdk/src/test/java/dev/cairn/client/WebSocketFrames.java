package dev.cairn.client;

import java.nio.charset.StandardCharsets;

/**
 * Reads what a client sent on one TCP connection as text: an HTTP request as it is; after a
 * WebSocket upgrade, the payload of each frame unmasked (RFC 6455 §5.2–5.3), so a test can see the
 * GraphQL documents the SDK sent. A frame cut off at the end is left out.
 */
final class WebSocketFrames {
  private WebSocketFrames() {}

  static String clientText(byte[] bytes) {
    String raw = new String(bytes, StandardCharsets.ISO_8859_1);
    int headersEnd = raw.indexOf("\r\n\r\n");
    if (headersEnd < 0 || !raw.toLowerCase(java.util.Locale.ROOT).contains("upgrade: websocket")) {
      return raw;
    }
    StringBuilder text = new StringBuilder(raw.substring(0, headersEnd + 4));
    int at = headersEnd + 4;
    while (at + 2 <= bytes.length) {
      boolean masked = (bytes[at + 1] & 0x80) != 0;
      long length = bytes[at + 1] & 0x7f;
      int header = 2;
      if (length == 126) {
        if (at + 4 > bytes.length) {
          break;
        }
        length = ((bytes[at + 2] & 0xff) << 8) | (bytes[at + 3] & 0xff);
        header = 4;
      } else if (length == 127) {
        if (at + 10 > bytes.length) {
          break;
        }
        length = 0;
        for (int i = 0; i < 8; i++) {
          length = (length << 8) | (bytes[at + 2 + i] & 0xff);
        }
        header = 10;
      }
      int maskAt = at + header;
      int payloadAt = maskAt + (masked ? 4 : 0);
      if (payloadAt + length > bytes.length) {
        break;
      }
      byte[] payload = new byte[(int) length];
      for (int i = 0; i < length; i++) {
        byte b = bytes[payloadAt + i];
        payload[i] = masked ? (byte) (b ^ bytes[maskAt + (i % 4)]) : b;
      }
      int opcode = bytes[at] & 0x0f;
      if (opcode == 0 || opcode == 1) {
        text.append(new String(payload, StandardCharsets.UTF_8)).append('\n');
      }
      at = payloadAt + (int) length;
    }
    return text.toString();
  }
}
