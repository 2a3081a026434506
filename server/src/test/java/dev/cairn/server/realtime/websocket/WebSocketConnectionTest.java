package dev.cairn.server.realtime.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link WebSocketConnection} on a fake container connection (an in-memory socket that always takes
 * more): no servlet container runs in unit tests; the realtime ITs use Payara Micro's.
 */
class WebSocketConnectionTest {
  /** Send threads that start working only when the test opens the gate. */
  private final CountDownLatch gate = new CountDownLatch(1);

  private final SendThreads threads =
      new SendThreads(
          1,
          work ->
              new Thread(
                  () -> {
                    try {
                      gate.await();
                    } catch (InterruptedException e) {
                      return;
                    }
                    work.run();
                  }));

  @AfterEach
  void stop() {
    gate.countDown();
    threads.close();
  }

  /** Records what was written and signals when the connection reported its close. */
  static final class Recorder implements WebSocketListener {
    final SendThreads threads;
    final CountDownLatch closed = new CountDownLatch(1);
    final AtomicInteger closes = new AtomicInteger();
    volatile int closeCode;

    Recorder(SendThreads threads) {
      this.threads = threads;
    }

    @Override
    public void onOpen(Connection connection) {}

    @Override
    public SendThreads sendThreads() {
      return threads;
    }

    @Override
    public void onText(Connection connection, String message) {}

    @Override
    public void onClose(Connection connection, int code, String reason) {
      closeCode = code;
      closes.incrementAndGet();
      closed.countDown();
    }
  }

  static class FakeSocket implements WebConnection {
    final ByteArrayOutputStream written = new ByteArrayOutputStream();

    @Override
    public ServletInputStream getInputStream() {
      return new ServletInputStream() {
        @Override
        public boolean isFinished() {
          return false;
        }

        @Override
        public boolean isReady() {
          return false;
        }

        @Override
        public void setReadListener(ReadListener listener) {}

        @Override
        public int read() {
          return -1;
        }
      };
    }

    @Override
    public ServletOutputStream getOutputStream() {
      return new ServletOutputStream() {
        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
          try {
            listener.onWritePossible(); // as a container does once the stream is writable
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }

        @Override
        public void write(int b) {
          synchronized (written) {
            written.write(b);
          }
        }

        @Override
        public void write(byte[] b, int off, int len) {
          synchronized (written) {
            written.write(b, off, len);
          }
        }
      };
    }

    String text() {
      synchronized (written) {
        return written.toString(StandardCharsets.ISO_8859_1);
      }
    }

    @Override
    public void close() {}
  }

  private static byte[] text(String message) {
    return Frames.text(message);
  }

  @Test
  void aFrameSentJustBeforeACloseIsWrittenBeforeTheCloseFrame() throws Exception {
    Recorder listener = new Recorder(threads);
    FakeSocket socket = new FakeSocket();
    WebSocketConnection connection = new WebSocketConnection();
    connection.attach(listener, 65_536, 1_000_000);
    connection.init(socket);

    connection.send(text("{\"type\":\"connection_error\"}")); // handed to the send thread
    connection.close(CloseCodes.NORMAL, "unauthorized"); // before that thread ran
    gate.countDown();

    assertThat(listener.closed.await(5, TimeUnit.SECONDS)).isTrue();
    String written = socket.text();
    assertThat(written).contains("connection_error").contains("unauthorized");
    assertThat(written.indexOf("connection_error")).isLessThan(written.indexOf("unauthorized"));
    assertThat(listener.closeCode).isEqualTo(CloseCodes.NORMAL);
  }

  @Test
  void aClientTooSlowForItsQueueIsClosedWith1013AndItsQueueDropped() throws Exception {
    Recorder listener = new Recorder(null);
    FakeSocket socket = new FakeSocket();
    WebSocketConnection connection = new WebSocketConnection();
    connection.attach(listener, 65_536, 100);
    // not initialised: nothing can be written yet, so frames wait in the queue

    boolean first = connection.send(text("x".repeat(60)));
    boolean overflow = connection.send(text("y".repeat(60)));
    connection.init(socket);

    assertThat(first).isTrue();
    assertThat(overflow).isFalse();
    assertThat(listener.closed.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(listener.closeCode).isEqualTo(CloseCodes.TRY_AGAIN_LATER);
    assertThat(socket.text()).doesNotContain("xxxx").contains("too slowly");
  }

  /** A socket whose client sends the frames the test hands to {@link #receive}. */
  static final class InboundSocket extends FakeSocket {
    private volatile ReadListener reader;
    private volatile byte[] inbound = new byte[0];
    private volatile int position;

    @Override
    public ServletInputStream getInputStream() {
      return new ServletInputStream() {
        @Override
        public boolean isFinished() {
          return false;
        }

        @Override
        public boolean isReady() {
          return position < inbound.length;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          reader = listener;
        }

        @Override
        public int read() {
          return position < inbound.length ? inbound[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
          int n = Math.min(len, inbound.length - position);
          System.arraycopy(inbound, position, b, off, n);
          position += n;
          return n;
        }
      };
    }

    /** The client sends one masked text frame; the container reports it on this thread. */
    void receive(String message) throws IOException {
      inbound = maskedText(message);
      position = 0;
      reader.onDataAvailable();
    }

    /** The container reports a broken connection, as it does on a read or write failure. */
    void fail() {
      reader.onError(new IOException("connection reset"));
    }
  }

  private static byte[] maskedText(String message) {
    byte[] payload = message.getBytes(StandardCharsets.UTF_8);
    byte[] frame = new byte[6 + payload.length]; // messages under 126 bytes
    frame[0] = (byte) 0x81;
    frame[1] = (byte) (0x80 | payload.length);
    byte[] mask = {1, 2, 3, 4};
    System.arraycopy(mask, 0, frame, 2, 4);
    for (int i = 0; i < payload.length; i++) {
      frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
    }
    return frame;
  }

  /** Records the order of listener calls and whether any two ever overlapped. */
  static final class CallLog implements WebSocketListener {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger overlaps = new AtomicInteger();
    final CountDownLatch inText = new CountDownLatch(1);
    final CountDownLatch releaseText = new CountDownLatch(1);
    final CountDownLatch closed = new CountDownLatch(1);
    volatile Runnable duringText = () -> {};

    private void enter(String call) {
      if (inside.incrementAndGet() > 1) {
        overlaps.incrementAndGet();
      }
      calls.add(call);
    }

    @Override
    public void onOpen(Connection connection) {}

    @Override
    public void onText(Connection connection, String message) {
      enter("text " + message);
      try {
        inText.countDown();
        duringText.run();
        releaseText.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        calls.add("end " + message);
        inside.decrementAndGet();
      }
    }

    @Override
    public void onClose(Connection connection, int code, String reason) {
      enter("close " + code);
      inside.decrementAndGet();
      closed.countDown();
    }
  }

  @Test
  void aConnectionThatFailsWhileTheReaderIsInOnTextReportsItsCloseOnlyAfterOnTextReturns()
      throws Exception {
    CallLog listener = new CallLog();
    InboundSocket socket = new InboundSocket();
    WebSocketConnection connection = new WebSocketConnection();
    connection.attach(listener, 65_536, 1_000_000);
    connection.init(socket);
    Thread reader =
        new Thread(
            () -> {
              try {
                socket.receive("start");
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    reader.start();
    assertThat(listener.inText.await(5, TimeUnit.SECONDS)).isTrue();

    socket.fail(); // on this thread, while the reader is inside onText
    assertThat(listener.closed.getCount()).as("no onClose beside a running onText").isEqualTo(1);

    listener.releaseText.countDown();
    assertThat(listener.closed.await(5, TimeUnit.SECONDS)).isTrue();
    reader.join(5_000);
    assertThat(listener.calls).containsExactly("text start", "end start", "close 1006");
    assertThat(listener.overlaps).hasValue(0);
  }

  @Test
  void aCloseFromInsideOnTextIsReportedAfterOnTextReturnsAndNoTextFollowsIt() throws Exception {
    CallLog listener = new CallLog();
    InboundSocket socket = new InboundSocket();
    WebSocketConnection connection = new WebSocketConnection();
    connection.attach(listener, 65_536, 1_000_000);
    connection.init(socket);
    listener.releaseText.countDown();
    listener.duringText = () -> connection.close(CloseCodes.NORMAL, "bye");

    socket.receive("first");
    socket.receive("second");

    assertThat(listener.closed.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(listener.calls).containsExactly("text first", "end first", "close 1000");
    assertThat(listener.overlaps).hasValue(0);
  }

  /** A socket whose every write fails, as a connection the client has reset does. */
  static final class BrokenSocket extends FakeSocket {
    @Override
    public ServletOutputStream getOutputStream() {
      return new ServletOutputStream() {
        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {}

        @Override
        public void write(int b) throws IOException {
          throw new IOException("connection reset by peer");
        }
      };
    }
  }

  /**
   * The deadlock CI met (RealtimeAttacksIT, connection_ack never sent): a send thread's write fails
   * while another thread holds the session's lock and sends. Before, the send thread called onClose
   * (which takes the session's lock) while holding the connection's, and the other thread waited
   * for the connection's lock while holding the session's; that send thread then never wrote for
   * any of its connections again.
   */
  @Test
  void aWriteFailingOnASendThreadWhileTheSessionSendsDoesNotDeadlock() throws Exception {
    Object session = new Object();
    CountDownLatch inOnClose = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    WebSocketListener listener =
        new WebSocketListener() {
          @Override
          public void onOpen(Connection connection) {}

          @Override
          public SendThreads sendThreads() {
            return sendThreads;
          }

          @Override
          public void onText(Connection connection, String message) {}

          @Override
          public void onClose(Connection connection, int code, String reason) {
            inOnClose.countDown();
            synchronized (session) {
              closed.countDown();
            }
          }
        };
    WebSocketConnection connection = new WebSocketConnection();
    connection.attach(listener, 65_536, 1_000_000);
    connection.init(new BrokenSocket());

    Thread recheck =
        new Thread(
            () -> {
              synchronized (session) { // as RealtimeSession.recheck ending a subscription does
                connection.send(text("{\"type\":\"error\"}")); // the send thread's write fails
                try {
                  inOnClose.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  return;
                }
                connection.send(text("{\"type\":\"complete\"}"));
              }
            });
    recheck.setDaemon(true);
    recheck.start();
    recheck.join(5_000);

    assertThat(recheck.isAlive()).as("the sending thread is stuck").isFalse();
    assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
  }

  private final SendThreads sendThreads = new SendThreads(1, Thread::new);

  @AfterEach
  void stopSendThreads() {
    sendThreads.close();
  }

  /** A socket that takes bytes only while the test says it is ready, as a full TCP buffer does. */
  static final class SlowSocket extends FakeSocket {
    volatile boolean ready;
    private volatile WriteListener writer;

    @Override
    public ServletOutputStream getOutputStream() {
      ServletOutputStream taking = super.getOutputStream();
      return new ServletOutputStream() {
        @Override
        public boolean isReady() {
          return ready;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
          writer = listener;
        }

        @Override
        public void write(int b) throws IOException {
          taking.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          taking.write(b, off, len);
        }
      };
    }

    /** The client reads again: the container reports the socket writable. */
    void drained() throws IOException {
      ready = true;
      writer.onWritePossible();
    }
  }

  @Test
  void framesWaitWhileTheSocketTakesNothingAndFollowInOrderWhenItDoes() throws Exception {
    Recorder listener = new Recorder(null);
    SlowSocket socket = new SlowSocket();
    WebSocketConnection connection = new WebSocketConnection();
    connection.attach(listener, 65_536, 1_000_000);
    connection.init(socket);

    assertThat(connection.send(text("one"))).isTrue();
    assertThat(connection.send(text("two"))).isTrue();
    assertThat(socket.text()).isEmpty();
    assertThat(connection.queuedBytes()).isEqualTo(10);

    socket.drained();

    assertThat(socket.text()).contains("one").contains("two");
    assertThat(socket.text().indexOf("one")).isLessThan(socket.text().indexOf("two"));
    assertThat(connection.queuedBytes()).isZero();
    assertThat(listener.closed.getCount()).isEqualTo(1);
  }

  @Test
  void aCloseWhileFramesWaitFollowsThemAndIsReportedOnceWhenWritten() throws Exception {
    Recorder listener = new Recorder(null);
    SlowSocket socket = new SlowSocket();
    WebSocketConnection connection = new WebSocketConnection();
    connection.attach(listener, 65_536, 1_000_000);
    connection.init(socket);

    connection.send(text("{\"type\":\"error\"}"));
    connection.close(CloseCodes.NORMAL, "bye");
    assertThat(connection.send(text("late"))).as("nothing is queued after a close").isFalse();
    assertThat(listener.closed.getCount())
        .as("not closed before the close frame is written")
        .isEqualTo(1);

    socket.drained();

    assertThat(listener.closed.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(listener.closeCode).isEqualTo(CloseCodes.NORMAL);
    String written = socket.text();
    assertThat(written.indexOf("error")).isLessThan(written.indexOf("bye"));
    assertThat(written).doesNotContain("late");
    assertThat(connection.isOpen()).isFalse();
  }
}
