package dev.cairn.server.realtime;

import dev.cairn.server.realtime.websocket.Frames;
import java.nio.charset.StandardCharsets;

/**
 * Builds the WebSocket frame of one delivery, {@code {"type":"data","id":"<id>","payload":<json>}},
 * straight into one frame ({@link Frames#text(byte[]...)}, one allocation): the payload is rendered
 * and encoded once per change and render key, and only the small envelope differs per subscriber.
 * The envelope is the text {@code JsonOutput} writes for the same message, cut around the id and
 * the payload so that neither is copied again (RealtimeMessagesTest pins it).
 */
final class DataFrames {
  private DataFrames() {}

  /**
   * @param prefix the UTF-8 bytes of {@code {"type":"data","id":"} (or {@code next})
   * @param escapedId the subscription id, JSON-escaped, as UTF-8
   * @param payload the rendered payload JSON as UTF-8
   */
  static byte[] frame(byte[] prefix, byte[] escapedId, byte[] payload) {
    return Frames.text(prefix, escapedId, MIDDLE, payload, END);
  }

  static byte[] prefix(String type) {
    return ("{\"type\":\"" + type + "\",\"id\":\"").getBytes(StandardCharsets.UTF_8);
  }

  private static final byte[] MIDDLE = "\",\"payload\":".getBytes(StandardCharsets.UTF_8);
  private static final byte[] END = {'}'};
}
