package dev.cairn.server.realtime.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link WebSocketConnection} under concurrent senders, on fake container sockets (no servlet
 * container runs in unit tests; the realtime ITs use Payara Micro's): every frame is written once,
 * whole, in each sender's order, by one writer at a time; a sender never waits for a write in
 * progress; a client too slow to read is closed with 1013 whatever the senders do meanwhile.
 */
class WebSocketConnectionConcurrencyTest {
  private final SendThreads sendThreads = new SendThreads(2, Thread::new);
  private final ExecutorService container = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    sendThreads.close();
    container.shutdownNow();
  }

  /**
   * A socket whose output is now and then full: {@code isReady} says false (about one call in
   * {@code fullOneIn}) and the container's thread reports it writable again a moment later, as a
   * Servlet container does. It records the bytes written and any two writes that overlapped.
   */
  /** {@link WebSocketConnectionTest.FakeSocket}'s input, with an output that is sometimes full. */
  private final class FlakySocket extends WebSocketConnectionTest.FakeSocket {
    final AtomicInteger overlaps = new AtomicInteger();
    final AtomicInteger notReady = new AtomicInteger();
    private final AtomicInteger inWrite = new AtomicInteger();
    private final AtomicBoolean full = new AtomicBoolean();
    private final int fullOneIn;
    private volatile WriteListener writer;

    FlakySocket(int fullOneIn) {
      this.fullOneIn = fullOneIn;
    }

    @Override
    public ServletOutputStream getOutputStream() {
      return new ServletOutputStream() {
        @Override
        public boolean isReady() {
          if (full.get()) {
            return false;
          }
          if (fullOneIn > 0 && ThreadLocalRandom.current().nextInt(fullOneIn) == 0) {
            full.set(true);
            notReady.incrementAndGet();
            container.execute(
                () -> {
                  full.set(false);
                  try {
                    writer.onWritePossible();
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
            return false;
          }
          return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
          writer = listener;
        }

        @Override
        public void write(int b) {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          if (inWrite.incrementAndGet() > 1) {
            overlaps.incrementAndGet();
          }
          try {
            synchronized (written) {
              written.write(b, off, len);
            }
          } finally {
            inWrite.decrementAndGet();
          }
        }
      };
    }

    byte[] bytes() {
      synchronized (written) {
        return written.toByteArray();
      }
    }
  }

  /** The payloads of the text frames in {@code bytes}, which must hold whole frames only. */
  private static List<String> textFrames(byte[] bytes) {
    List<String> frames = new ArrayList<>();
    int at = 0;
    while (at < bytes.length) {
      int opcode = bytes[at] & 0x0f;
      int length = bytes[at + 1] & 0x7f;
      assertThat(length).as("short frames only in this test").isLessThan(126);
      if (opcode == 0x1) {
        frames.add(new String(bytes, at + 2, length, StandardCharsets.UTF_8));
      } else {
        frames.add("<opcode " + opcode + ">");
      }
      at += 2 + length;
    }
    assertThat(at).as("the bytes end on a frame boundary").isEqualTo(bytes.length);
    return frames;
  }

  private static String message(int sender, int seq) {
    return String.format(Locale.ROOT, "s%d-%05d", sender, seq);
  }

  @Test
  void framesFromConcurrentSendersAreEachWrittenOnceWholeAndInEachSendersOrder() throws Exception {
    sendConcurrently(sendThreads);
  }

  @Test
  void sendersThatWriteThemselvesTakeTurnsAndKeepEachSendersOrder() throws Exception {
    sendConcurrently(null); // no send threads: whichever sender finds no writer writes
  }

  private void sendConcurrently(SendThreads threadsOrNone) throws Exception {
    int senders = 4;
    int perSender = 5_000;
    WebSocketConnectionTest.Recorder listener = new WebSocketConnectionTest.Recorder(threadsOrNone);
    FlakySocket socket = new FlakySocket(40);
    WebSocketConnection connection = new WebSocketConnection();
    connection.attach(listener, 65_536, 10_000_000);
    connection.init(socket);

    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    AtomicInteger refused = new AtomicInteger();
    for (int s = 0; s < senders; s++) {
      int sender = s;
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < perSender; i++) {
                  if (!connection.send(Frames.text(message(sender, i)))) {
                    refused.incrementAndGet();
                  }
                }
              });
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join(60_000);
    }
    connection.close(CloseCodes.NORMAL, "done"); // written after every frame queued before it

    assertThat(listener.closed.await(60, TimeUnit.SECONDS)).isTrue();
    assertThat(refused).hasValue(0);
    List<String> frames = textFrames(socket.bytes());
    assertThat(frames).hasSize(senders * perSender + 1);
    assertThat(frames.get(frames.size() - 1)).isEqualTo("<opcode 8>");
    int[] next = new int[senders];
    for (String frame : frames.subList(0, frames.size() - 1)) {
      int sender = frame.charAt(1) - '0';
      assertThat(frame)
          .as("sender %d's frames in order, each once", sender)
          .isEqualTo(message(sender, next[sender]));
      next[sender]++;
    }
    assertThat(socket.overlaps).as("two threads wrote at once").hasValue(0);
    assertThat(socket.notReady.get()).as("the socket was full now and then").isPositive();
    assertThat(listener.closes).hasValue(1);
    assertThat(connection.queuedBytes()).isZero();
  }

  /** A socket whose first write blocks until the test lets it go. */
  private static final class StuckSocket extends WebSocketConnectionTest.FakeSocket {
    final CountDownLatch writing = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public ServletOutputStream getOutputStream() {
      ServletOutputStream taking = super.getOutputStream();
      return new ServletOutputStream() {
        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {}

        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          writing.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
          }
          taking.write(b, off, len);
        }
      };
    }
  }

  @Test
  void aSenderNeverWaitsForAWriteInProgress() throws Exception {
    WebSocketConnectionTest.Recorder listener = new WebSocketConnectionTest.Recorder(sendThreads);
    StuckSocket socket = new StuckSocket();
    WebSocketConnection connection = new WebSocketConnection();
    connection.attach(listener, 65_536, 1_000_000);
    connection.init(socket);

    assertThat(connection.send(Frames.text("first"))).isTrue();
    assertThat(socket.writing.await(10, TimeUnit.SECONDS)).as("the send thread writes").isTrue();
    // the send thread is inside the socket's write now; a fan-out queueing more must not wait
    CountDownLatch queued = new CountDownLatch(1);
    Thread fanOut =
        new Thread(
            () -> {
              connection.send(Frames.text("second"));
              connection.send(Frames.text("third"));
              queued.countDown();
            });
    fanOut.start();
    boolean returned = queued.await(10, TimeUnit.SECONDS);
    socket.release.countDown();

    assertThat(returned).as("queueing waited for the write in progress").isTrue();
    connection.close(CloseCodes.NORMAL, "bye");
    assertThat(listener.closed.await(10, TimeUnit.SECONDS)).isTrue();
    String written = socket.text();
    assertThat(written.indexOf("first")).isLessThan(written.indexOf("second"));
    assertThat(written.indexOf("second")).isLessThan(written.indexOf("third"));
    assertThat(written.indexOf("third")).isLessThan(written.indexOf("bye"));
  }

  @Test
  void aClientThatStopsReadingIsClosedWith1013WhileOthersKeepSending() throws Exception {
    WebSocketConnectionTest.Recorder listener =
        new WebSocketConnectionTest.Recorder(
            null); // each sender writes itself: no write is in flight below
    WebSocketConnectionTest.SlowSocket socket = new WebSocketConnectionTest.SlowSocket();
    socket.ready = true;
    WebSocketConnection connection = new WebSocketConnection();
    connection.attach(listener, 65_536, 2_000);
    connection.init(socket);

    assertThat(connection.send(Frames.text("read"))).isTrue(); // written before send returns
    assertThat(socket.text()).contains("read");
    socket.ready = false; // the client stops reading

    List<Thread> senders = new ArrayList<>();
    AtomicInteger accepted = new AtomicInteger();
    for (int s = 0; s < 3; s++) {
      Thread sender =
          new Thread(
              () -> {
                for (int i = 0; i < 200; i++) {
                  if (connection.send(Frames.text("unread-" + "x".repeat(40)))) {
                    accepted.incrementAndGet();
                  }
                }
              });
      sender.start();
      senders.add(sender);
    }
    for (Thread sender : senders) {
      sender.join(30_000);
    }
    assertThat(connection.isOpen()).as("closed once its queue passed the limit").isFalse();
    assertThat(accepted.get()).as("frames queued before the limit").isLessThan(600);
    assertThat(connection.send(Frames.text("after"))).isFalse();

    socket.drained(); // the client reads again: only the close frame is left to write

    assertThat(listener.closed.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(listener.closeCode).isEqualTo(CloseCodes.TRY_AGAIN_LATER);
    assertThat(listener.closes).hasValue(1);
    String written = socket.text();
    assertThat(written).doesNotContain("unread").doesNotContain("after").contains("too slowly");
    assertThat(connection.queuedBytes()).isZero();
  }
}
