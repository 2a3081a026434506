package dev.cairn.server.realtime.websocket;

/** The sending side of a WebSocket connection, as the protocols above it use it. Thread-safe. */
public interface Connection {
  /** Queues an encoded frame (from {@link Frames}); false if the connection is closing. */
  boolean send(byte[] frame);

  /** Queues a text message. */
  default boolean sendText(String text) {
    return send(Frames.text(text));
  }

  /** Sends a close frame and closes the connection once it is written. */
  void close(int code, String reason);
}
