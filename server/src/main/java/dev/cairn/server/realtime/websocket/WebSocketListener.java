package dev.cairn.server.realtime.websocket;

/**
 * What a WebSocket connection reports to the protocol above it. Calls for one connection never
 * overlap; {@link #onClose} is the last call and comes exactly once.
 */
public interface WebSocketListener {
  void onOpen(Connection connection);

  /**
   * The threads that write this connection's frames, or null to write on the sending thread (queued
   * frames are then written by whoever sends or on the container's write-possible event).
   */
  default SendThreads sendThreads() {
    return null;
  }

  void onText(Connection connection, String message);

  /**
   * The connection is closed, by either side or by an I/O failure.
   *
   * @param code the close code sent or received (1006 when the connection dropped)
   */
  void onClose(Connection connection, int code, String reason);
}
