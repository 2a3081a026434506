package dev.cairn.server.realtime;

import dev.cairn.server.realtime.websocket.Connection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Records what a session sends, decoding the server's unmasked text frames. */
class RecordingConnection implements Connection {
  final List<String> sent = new ArrayList<>();
  Integer closeCode;
  String closeReason;
  // the session this connection belongs to, for tests that drive it
  RealtimeSession session;

  @Override
  public synchronized boolean send(byte[] frame) {
    int length = frame[1] & 0x7F;
    int offset = 2;
    if (length == 126) {
      length = ((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF);
      offset = 4;
    }
    sent.add(new String(frame, offset, length, StandardCharsets.UTF_8));
    return closeCode == null;
  }

  @Override
  public synchronized void close(int code, String reason) {
    if (closeCode == null) {
      closeCode = code;
      closeReason = reason;
    }
  }

  synchronized String last() {
    return sent.get(sent.size() - 1);
  }

  synchronized List<String> drain() {
    List<String> copy = List.copyOf(sent);
    sent.clear();
    return copy;
  }
}
