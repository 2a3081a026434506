package dev.cairn.server.realtime.websocket;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes client-to-server WebSocket frames incrementally (RFC 6455 §5): bytes may arrive split
 * anywhere. Enforces what a server must: frames masked, no reserved bits, control frames short and
 * unfragmented, continuation frames only inside a fragmented message, text valid UTF-8, and a
 * message size limit. A violation is reported once through {@link Sink#onViolation} and the decoder
 * ignores everything after it. Not thread-safe: feed it from one reader at a time.
 */
final class FrameDecoder {
  /** What the decoder finds. */
  interface Sink {
    void onText(String message);

    void onPing(byte[] payload);

    void onPong(byte[] payload);

    /** A close frame; {@code code} is 1005 when the frame carried none. */
    void onClose(int code, String reason);

    /** The peer broke the protocol; close the connection with {@code code}. */
    void onViolation(int code, String reason);
  }

  private static final int MAX_CONTROL_PAYLOAD = 125;

  private final int maxMessageBytes;
  private final Sink sink;

  private final byte[] header = new byte[14];
  private int headerFilled;
  private int headerNeeded = 2;
  private boolean inPayload;
  private boolean failed;

  private boolean fin;
  private int opcode;
  private long payloadLength;
  private long payloadRead;
  private final byte[] mask = new byte[4];

  private int messageOpcode = -1;
  private final ByteArrayOutputStream message = new ByteArrayOutputStream();
  private ByteArrayOutputStream control;

  FrameDecoder(int maxMessageBytes, Sink sink) {
    this.maxMessageBytes = maxMessageBytes;
    this.sink = sink;
  }

  void feed(byte[] data, int offset, int length) {
    int i = offset;
    int end = offset + length;
    while (i < end && !failed) {
      if (!inPayload) {
        int take = Math.min(headerNeeded - headerFilled, end - i);
        System.arraycopy(data, i, header, headerFilled, take);
        headerFilled += take;
        i += take;
        if (headerFilled == headerNeeded) {
          parseHeader();
        }
      } else {
        int take = (int) Math.min(payloadLength - payloadRead, end - i);
        ByteArrayOutputStream target = isControl(opcode) ? control : message;
        for (int k = 0; k < take; k++) {
          target.write(data[i + k] ^ mask[(int) ((payloadRead + k) & 3)]);
        }
        payloadRead += take;
        i += take;
        if (payloadRead == payloadLength) {
          endOfFrame();
        }
      }
    }
  }

  private void parseHeader() {
    if (headerNeeded == 2) {
      fin = (header[0] & 0x80) != 0;
      opcode = header[0] & 0x0F;
      if ((header[0] & 0x70) != 0) {
        fail(CloseCodes.PROTOCOL_ERROR, "reserved bits set without a negotiated extension");
        return;
      }
      if ((header[1] & 0x80) == 0) {
        fail(CloseCodes.PROTOCOL_ERROR, "client frames must be masked");
        return;
      }
      int len7 = header[1] & 0x7F;
      headerNeeded = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + 4;
      if (headerFilled < headerNeeded) {
        return;
      }
    }
    int len7 = header[1] & 0x7F;
    int p = 2;
    if (len7 == 126) {
      payloadLength = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
      p = 4;
    } else if (len7 == 127) {
      if ((header[2] & 0x80) != 0) {
        // RFC 6455 §5.2: the most significant bit of a 64-bit length MUST be 0. Read as a signed
        // long it would be negative, pass every size check and never be consumed.
        fail(CloseCodes.PROTOCOL_ERROR, "64-bit payload length with the most significant bit set");
        return;
      }
      long l = 0;
      for (int k = 0; k < 8; k++) {
        l = (l << 8) | (header[2 + k] & 0xFF);
      }
      payloadLength = l;
      p = 10;
    } else {
      payloadLength = len7;
    }
    System.arraycopy(header, p, mask, 0, 4);
    if (!checkFrame()) {
      return;
    }
    payloadRead = 0;
    headerFilled = 0;
    headerNeeded = 2;
    inPayload = true;
    if (isControl(opcode)) {
      control = new ByteArrayOutputStream((int) payloadLength);
    }
    if (payloadLength == 0) {
      endOfFrame();
    }
  }

  private boolean checkFrame() {
    if (isControl(opcode)) {
      if (!fin || payloadLength > MAX_CONTROL_PAYLOAD) {
        return fail(
            CloseCodes.PROTOCOL_ERROR, "control frames must be final and at most 125 bytes");
      }
      if (opcode != Frames.OP_CLOSE && opcode != Frames.OP_PING && opcode != Frames.OP_PONG) {
        return fail(CloseCodes.PROTOCOL_ERROR, "unknown control opcode " + opcode);
      }
      return true;
    }
    if (opcode == Frames.OP_CONTINUATION) {
      if (messageOpcode < 0) {
        return fail(CloseCodes.PROTOCOL_ERROR, "continuation frame without a message to continue");
      }
    } else if (opcode == Frames.OP_TEXT || opcode == Frames.OP_BINARY) {
      if (messageOpcode >= 0) {
        return fail(CloseCodes.PROTOCOL_ERROR, "new message before the previous one was finished");
      }
      if (opcode == Frames.OP_BINARY) {
        return fail(
            CloseCodes.UNSUPPORTED_DATA, "binary messages are not supported; send JSON text");
      }
      messageOpcode = opcode;
    } else {
      return fail(CloseCodes.PROTOCOL_ERROR, "unknown opcode " + opcode);
    }
    if (payloadLength > maxMessageBytes - message.size()) {
      return fail(CloseCodes.MESSAGE_TOO_BIG, "message larger than " + maxMessageBytes + " bytes");
    }
    return true;
  }

  private void endOfFrame() {
    inPayload = false;
    if (isControl(opcode)) {
      byte[] payload = control.toByteArray();
      control = null;
      switch (opcode) {
        case Frames.OP_PING -> sink.onPing(payload);
        case Frames.OP_PONG -> sink.onPong(payload);
        default -> closeFrame(payload);
      }
      return;
    }
    if (!fin) {
      return;
    }
    byte[] bytes = message.toByteArray();
    message.reset();
    messageOpcode = -1;
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      sink.onText(text);
    } catch (CharacterCodingException e) {
      fail(CloseCodes.INVALID_PAYLOAD, "text message is not valid UTF-8");
    }
  }

  private void closeFrame(byte[] payload) {
    if (payload.length == 1) {
      fail(CloseCodes.PROTOCOL_ERROR, "close frame with a one-byte payload");
      return;
    }
    int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    String reason =
        payload.length > 2
            ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8)
            : "";
    failed = true; // nothing may follow a close frame
    sink.onClose(code, reason);
  }

  private boolean fail(int code, String reason) {
    failed = true;
    sink.onViolation(code, reason);
    return false;
  }

  private static boolean isControl(int opcode) {
    return (opcode & 0x08) != 0;
  }
}
