package dev.cairn.server.realtime.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
      closed.countDown();
    }
  }

  static final class FakeSocket implements WebConnection {
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
}
