package dev.cairn.server.realtime.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Feeds the decoder tens of thousands of generated and mutated inputs, split into reads at random
 * places, and checks that every {@code feed()} returns, reports at most one violation with a close
 * code a server may send, and reports nothing after it.
 *
 * <p>A seeded generator rather than a coverage-guided fuzzer: Jazzer's JUnit integration only
 * replays its stored corpus under {@code mvn verify} (fuzzing needs {@code JAZZER_FUZZ=1} and one
 * test per run), whereas this runs the same tens of thousands of structured cases in every build,
 * in a few seconds, and names the seed of any case that fails so it can be replayed.
 */
class FrameDecoderFuzzTest {
  private static final int CASES = 40_000;
  private static final int MAX_MESSAGE = 4096;
  private static final Set<Integer> SERVER_CLOSE_CODES =
      Set.of(
          CloseCodes.PROTOCOL_ERROR,
          CloseCodes.UNSUPPORTED_DATA,
          CloseCodes.INVALID_PAYLOAD,
          CloseCodes.MESSAGE_TOO_BIG);

  private static ExecutorService worker;

  @BeforeAll
  static void startWorker() {
    worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "frame-fuzz"));
  }

  @AfterAll
  static void stopWorker() {
    worker.shutdownNow();
  }

  @Test
  void everyGeneratedOrMutatedInputEndsInFramesOrOneViolation() throws Exception {
    for (int seed = 0; seed < CASES; seed++) {
      Random random = new Random(seed);
      Case c = generate(random);
      if (random.nextInt(3) > 0) {
        mutate(c.bytes, random);
      }
      Recorder recorder = runBounded(c.bytes, random, seed);
      recorder.assertWellFormed(seed, c.bytes);
    }
  }

  @Test
  void validFramesSplitAnywhereDecodeToExactlyTheMessagesSent() throws Exception {
    for (int seed = 0; seed < CASES / 4; seed++) {
      Random random = new Random(seed);
      Case c = generateValid(random);
      Recorder recorder = runBounded(c.bytes, random, seed);
      assertThat(recorder.events).as("seed %d", seed).containsExactlyElementsOf(c.expected);
    }
  }

  /** Runs {@code feed()} on a worker so a decoder that stops making progress fails, not hangs. */
  private static Recorder runBounded(byte[] input, Random random, int seed) throws Exception {
    Recorder recorder = new Recorder();
    FrameDecoder decoder = new FrameDecoder(MAX_MESSAGE, recorder);
    List<int[]> reads = splits(input.length, random);
    Future<?> done =
        worker.submit(
            () -> {
              for (int[] read : reads) {
                decoder.feed(input, read[0], read[1]);
              }
            });
    try {
      done.get(5, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      done.cancel(true);
      fail("seed %d: feed() did not return within 5 s for %s", seed, hex(input));
    } catch (ExecutionException e) {
      fail("seed %d: feed() threw %s for %s", seed, e.getCause(), hex(input));
    }
    return recorder;
  }

  private static List<int[]> splits(int length, Random random) {
    List<int[]> reads = new ArrayList<>();
    int at = 0;
    while (at < length) {
      int n = random.nextBoolean() ? length - at : 1 + random.nextInt(length - at);
      reads.add(new int[] {at, n});
      at += n;
    }
    return reads;
  }

  private record Case(byte[] bytes, List<String> expected) {}

  private static Case generate(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> new Case(randomBytes(random, random.nextInt(64)), List.of());
      case 1 -> new Case(lengthForms(random), List.of());
      default -> generateValid(random);
    };
  }

  /** A frame header with any of the three length forms and any length value, then a few bytes. */
  private static byte[] lengthForms(Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int opcode = new int[] {0x0, 0x1, 0x2, 0x8, 0x9, 0xA, 0x3, 0xB}[random.nextInt(8)];
    out.write((random.nextBoolean() ? 0x80 : 0) | opcode);
    boolean masked = random.nextInt(8) > 0;
    int form = random.nextInt(3);
    int len7 = form == 0 ? random.nextInt(126) : form == 1 ? 126 : 127;
    out.write((masked ? 0x80 : 0) | len7);
    if (form == 1) {
      out.write(random.nextInt(256));
      out.write(random.nextInt(256));
    } else if (form == 2) {
      long length = random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(MAX_MESSAGE * 2);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (length >>> shift) & 0xFF);
      }
    }
    if (masked) {
      out.writeBytes(randomBytes(random, 4));
    }
    out.writeBytes(randomBytes(random, random.nextInt(200)));
    return out.toByteArray();
  }

  /** Valid client traffic: fragmented text, pings and pongs between fragments, maybe a close. */
  private static Case generateValid(Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> expected = new ArrayList<>();
    int messages = 1 + random.nextInt(4);
    for (int m = 0; m < messages; m++) {
      String text = randomText(random);
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      int fragments = 1 + random.nextInt(3);
      int from = 0;
      for (int f = 0; f < fragments; f++) {
        int to = f == fragments - 1 ? utf8.length : from + random.nextInt(utf8.length - from + 1);
        byte[] part = java.util.Arrays.copyOfRange(utf8, from, to);
        out.writeBytes(frame(f == 0 ? 0x1 : 0x0, f == fragments - 1, part, random));
        from = to;
        if (f == fragments - 1) {
          expected.add("text:" + text);
        }
        if (random.nextInt(4) == 0) {
          String ping = "p" + random.nextInt(1000);
          out.writeBytes(frame(0x9, true, ping.getBytes(StandardCharsets.UTF_8), random));
          expected.add("ping:" + ping);
        }
      }
    }
    if (random.nextBoolean()) {
      out.writeBytes(frame(0x8, true, new byte[] {0x03, (byte) 0xE8, 'o', 'k'}, random));
      expected.add("close:1000:ok");
    }
    return new Case(out.toByteArray(), expected);
  }

  private static String randomText(Random random) {
    String[] pieces = {"{\"type\":\"ka\"}", "é", "€", "𝄞", "x", " ", "\"", "日本"};
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(4) == 0 ? random.nextInt(600) : random.nextInt(20);
    for (int i = 0; i < length; i++) {
      text.append(pieces[random.nextInt(pieces.length)]);
    }
    String s = text.toString();
    return s.getBytes(StandardCharsets.UTF_8).length <= MAX_MESSAGE ? s : "";
  }

  /** A masked client frame using whichever length form the payload needs (and sometimes 64-bit). */
  private static byte[] frame(int opcode, boolean fin, byte[] payload, Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write((fin ? 0x80 : 0) | opcode);
    boolean wide = random.nextInt(5) == 0;
    if (payload.length < 126 && !wide) {
      out.write(0x80 | payload.length);
    } else if (payload.length < 65536 && !(wide && random.nextBoolean())) {
      out.write(0x80 | 126);
      out.write(payload.length >> 8);
      out.write(payload.length & 0xFF);
    } else {
      out.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) ((long) payload.length >>> shift) & 0xFF);
      }
    }
    byte[] mask = randomBytes(random, 4);
    out.writeBytes(mask);
    for (int i = 0; i < payload.length; i++) {
      out.write(payload[i] ^ mask[i % 4]);
    }
    return out.toByteArray();
  }

  /** Bit flips, byte overwrites, truncation and duplication: what a hostile peer would try. */
  private static void mutate(byte[] bytes, Random random) {
    if (bytes.length == 0) {
      return;
    }
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int at = random.nextInt(bytes.length);
      switch (random.nextInt(3)) {
        case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
        case 1 -> bytes[at] = (byte) random.nextInt(256);
        default -> bytes[at] = (byte) (random.nextBoolean() ? 0xFF : 0x80);
      }
    }
  }

  private static byte[] randomBytes(Random random, int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 64));
  }

  private static final class Recorder implements FrameDecoder.Sink {
    final List<String> events = new ArrayList<>();
    int violations;
    int ends;
    boolean afterEnd;

    @Override
    public void onText(String message) {
      record("text:" + message);
    }

    @Override
    public void onPing(byte[] payload) {
      record("ping:" + new String(payload, StandardCharsets.UTF_8));
    }

    @Override
    public void onPong(byte[] payload) {
      record("pong");
    }

    @Override
    public void onClose(int code, String reason) {
      record("close:" + code + ":" + reason);
      ends++;
    }

    @Override
    public void onViolation(int code, String reason) {
      record("violation:" + code + ":" + reason);
      assertThat(SERVER_CLOSE_CODES).as("close code of %s", reason).contains(code);
      violations++;
      ends++;
    }

    private void record(String event) {
      if (ends > 0) {
        afterEnd = true;
      }
      events.add(event);
    }

    void assertWellFormed(int seed, byte[] input) {
      assertThat(afterEnd).as("seed %d: events after a close or violation", seed).isFalse();
      assertThat(violations).as("seed %d: at most one violation", seed).isLessThanOrEqualTo(1);
      int textBytes =
          events.stream()
              .filter(e -> e.startsWith("text:"))
              .mapToInt(e -> e.substring(5).getBytes(StandardCharsets.UTF_8).length)
              .sum();
      assertThat(textBytes)
          .as("seed %d: text out of thin air", seed)
          .isLessThanOrEqualTo(input.length);
    }
  }
}
