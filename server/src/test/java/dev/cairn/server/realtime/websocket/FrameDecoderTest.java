package dev.cairn.server.realtime.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
  private final List<String> events = new ArrayList<>();
  private final FrameDecoder decoder =
      new FrameDecoder(
          1024,
          new FrameDecoder.Sink() {
            @Override
            public void onText(String message) {
              events.add("text:" + message);
            }

            @Override
            public void onPing(byte[] payload) {
              events.add("ping:" + new String(payload, StandardCharsets.UTF_8));
            }

            @Override
            public void onPong(byte[] payload) {
              events.add("pong");
            }

            @Override
            public void onClose(int code, String reason) {
              events.add("close:" + code + ":" + reason);
            }

            @Override
            public void onViolation(int code, String reason) {
              events.add("violation:" + code + ":" + reason);
            }
          });

  @Test
  void decodesTheMaskedHelloOfRfc6455() {
    // RFC 6455 §5.7: a single-frame masked text message "Hello".
    byte[] frame = {
      (byte) 0x81, (byte) 0x85, 0x37, (byte) 0xfa, 0x21, 0x3d, 0x7f, (byte) 0x9f, 0x4d, 0x51, 0x58
    };

    decoder.feed(frame, 0, frame.length);

    assertThat(events).containsExactly("text:Hello");
  }

  @Test
  void decodesAMessageSplitAcrossReadsAtEveryByte() {
    byte[] frames =
        concat(
            clientFrame(0x1, true, "{\"type\":\"connection_init\"}"), clientFrame(0x1, true, "é€"));

    for (byte b : frames) {
      decoder.feed(new byte[] {b}, 0, 1);
    }

    assertThat(events).containsExactly("text:{\"type\":\"connection_init\"}", "text:é€");
  }

  @Test
  void joinsFragmentsAndAnswersPingsInterleavedWithThem() {
    byte[] frames =
        concat(
            clientFrame(0x1, false, "Hel"),
            clientFrame(0x9, true, "are you there"),
            clientFrame(0x0, true, "lo"));

    decoder.feed(frames, 0, frames.length);

    assertThat(events).containsExactly("ping:are you there", "text:Hello");
  }

  @Test
  void decodesSixteenBitLengths() {
    String big = "x".repeat(300);
    byte[] frame = clientFrame(0x1, true, big);

    decoder.feed(frame, 0, frame.length);

    assertThat(events).containsExactly("text:" + big);
  }

  @Test
  void reportsTheCloseCodeAndReason() {
    byte[] payload = concat(new byte[] {0x03, (byte) 0xE8}, "bye".getBytes(StandardCharsets.UTF_8));
    byte[] frame = clientFrame(0x8, true, payload);

    decoder.feed(frame, 0, frame.length);

    assertThat(events).containsExactly("close:1000:bye");
  }

  @Test
  void refusesUnmaskedFrames() {
    byte[] frame = {(byte) 0x81, 0x02, 'h', 'i'};

    decoder.feed(frame, 0, frame.length);

    assertThat(events).containsExactly("violation:1002:client frames must be masked");
  }

  @Test
  void refusesAMessageOverTheLimitBeforeReadingIt() {
    byte[] frame = clientFrame(0x1, true, "y".repeat(1025));

    decoder.feed(frame, 0, frame.length);

    assertThat(events).containsExactly("violation:1009:message larger than 1024 bytes");
  }

  @Test
  void refusesASixtyFourBitLengthWithTheTopBitSetInsteadOfLoopingForever() {
    // Regression: read as a signed long this length was negative, passed the size checks and made
    // feed() spin forever on a container thread, before any credential was checked.
    byte[] frame = {
      (byte) 0x81, (byte) 0xFF, (byte) 0x80, 0, 0, 0, 0, 0, 0, 1, 0x12, 0x34, 0x56, 0x78, 'x'
    };

    decoder.feed(frame, 0, frame.length);

    assertThat(events)
        .containsExactly("violation:1002:64-bit payload length with the most significant bit set");
  }

  @Test
  void refusesAHugeSixtyFourBitLengthAsTooBigBeforeReadingIt() {
    byte[] frame = {
      (byte) 0x81, (byte) 0xFF, 0x7F, -1, -1, -1, -1, -1, -1, -1, 0x12, 0x34, 0x56, 0x78, 'x'
    };

    decoder.feed(frame, 0, frame.length);

    assertThat(events).containsExactly("violation:1009:message larger than 1024 bytes");
  }

  @Test
  void refusesBinaryMessages() {
    byte[] frame = clientFrame(0x2, true, new byte[] {1, 2, 3});

    decoder.feed(frame, 0, frame.length);

    assertThat(events).singleElement().asString().startsWith("violation:1003:");
  }

  @Test
  void refusesTextThatIsNotUtf8() {
    byte[] frame = clientFrame(0x1, true, new byte[] {(byte) 0xC3, 0x28});

    decoder.feed(frame, 0, frame.length);

    assertThat(events).containsExactly("violation:1007:text message is not valid UTF-8");
  }

  @Test
  void refusesAContinuationWithoutAStartAndIgnoresWhatFollows() {
    byte[] frames = concat(clientFrame(0x0, true, "orphan"), clientFrame(0x1, true, "later"));

    decoder.feed(frames, 0, frames.length);

    assertThat(events)
        .containsExactly("violation:1002:continuation frame without a message to continue");
  }

  @Test
  void refusesFragmentedControlFrames() {
    byte[] frame = clientFrame(0x9, false, "x");

    decoder.feed(frame, 0, frame.length);

    assertThat(events).singleElement().asString().startsWith("violation:1002:control frames");
  }

  static byte[] clientFrame(int opcode, boolean fin, String text) {
    return clientFrame(opcode, fin, text.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] clientFrame(int opcode, boolean fin, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write((fin ? 0x80 : 0) | opcode);
    if (payload.length < 126) {
      out.write(0x80 | payload.length);
    } else {
      out.write(0x80 | 126);
      out.write(payload.length >> 8);
      out.write(payload.length & 0xFF);
    }
    byte[] mask = {0x12, 0x34, 0x56, 0x78};
    out.writeBytes(mask);
    for (int i = 0; i < payload.length; i++) {
      out.write(payload[i] ^ mask[i % 4]);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
