package dev.cairn.server.realtime.grizzly;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.WriteHandler;
import org.glassfish.grizzly.asyncqueue.AsyncQueueWriter;
import org.glassfish.grizzly.asyncqueue.MessageCloner;
import org.glassfish.grizzly.asyncqueue.WritableMessage;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.nio.NIOTransport;

/**
 * A Grizzly connection seen through the Servlet API's non-blocking {@link WebConnection}, so that
 * {@link dev.cairn.server.realtime.websocket.WebSocketConnection} runs unchanged on a connection
 * that {@link RealtimeListener} took below the Servlet layer. Reads are pushed in by {@link
 * FrameFilter} ({@link #received}, {@link #closed}); writes are gathered until {@code flush} and
 * then handed to Grizzly's asynchronous write queue as one buffer: straight to the transport's
 * queue when the connection's filters leave written bytes as they are (no TLS), since the filter
 * chain's write path (a context, every filter's {@code handleWrite}, the idle timeout's
 * bookkeeping) was two thirds of a send thread's samples; through the chain otherwise. {@code
 * isReady} is false while that queue is over Grizzly's limit; the write listener hears when it
 * drains.
 *
 * <p>Like a Servlet container's streams, the output stream is used by one thread at a time (the
 * WebSocket connection's writer); the input stream is used only by the reading thread.
 */
public final class GrizzlyWebConnection implements WebConnection {
  private final Connection<?> connection;
  private final In in = new In();
  private final Out out = new Out();
  private final ClassLoader application;

  /** The transport's write queue, or null to write through the connection's filter chain. */
  private final AsyncQueueWriter<SocketAddress> transportWriter;

  /**
   * @param writeToTransport whether frames go straight to the transport's write queue: only when no
   *     filter of the connection's chain changes written bytes (not TLS)
   */
  public GrizzlyWebConnection(
      Connection<?> connection, boolean writeToTransport, ClassLoader application) {
    this.connection = connection;
    this.application = application;
    this.transportWriter =
        writeToTransport && connection.getTransport() instanceof NIOTransport nio
            ? nio.getAsyncQueueIO().getWriter()
            : null;
  }

  @Override
  public ServletInputStream getInputStream() {
    return in;
  }

  @Override
  public ServletOutputStream getOutputStream() {
    return out;
  }

  /** Closes once what was written is sent. */
  @Override
  public void close() {
    connection.close();
  }

  /** Bytes from the client, on a Grizzly worker thread. */
  void received(Buffer buffer) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(application);
    try {
      in.deliver(buffer);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** The TCP connection closed (by either side). */
  void closed() {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(application);
    try {
      in.end();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private final class In extends ServletInputStream {
    private ReadListener listener;
    private Buffer current;
    private boolean finished;

    void deliver(Buffer buffer) {
      if (listener == null) {
        return;
      }
      current = buffer;
      try {
        listener.onDataAvailable();
      } catch (IOException | RuntimeException e) {
        listener.onError(e);
      } finally {
        current = null;
      }
    }

    void end() {
      if (finished || listener == null) {
        return;
      }
      finished = true;
      try {
        listener.onAllDataRead();
      } catch (IOException | RuntimeException e) {
        listener.onError(e);
      }
    }

    @Override
    public boolean isFinished() {
      return finished;
    }

    @Override
    public boolean isReady() {
      return current != null && current.hasRemaining();
    }

    @Override
    public void setReadListener(ReadListener readListener) {
      this.listener = readListener;
    }

    @Override
    public int read() {
      return isReady() ? current.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (!isReady()) {
        return finished ? -1 : 0;
      }
      int n = Math.min(len, current.remaining());
      current.get(b, off, n);
      return n;
    }
  }

  @SuppressWarnings("unchecked")
  private Connection<SocketAddress> toTransport() {
    return (Connection<SocketAddress>) connection; // an NIO connection's addresses are sockets'
  }

  private final class Out extends ServletOutputStream implements WriteHandler {
    private final List<byte[]> pending = new ArrayList<>(2);
    private int pendingBytes;
    private WriteListener listener;

    /** Whether Grizzly is to tell when its write queue takes more. */
    private volatile boolean waiting;

    /** The thread registering for that notice, which Grizzly may give at once on that thread. */
    private volatile Thread registering;

    @Override
    public boolean isReady() {
      if (connection.canWrite()) {
        return true;
      }
      flushPending();
      if (waiting) {
        return false;
      }
      waiting = true;
      registering = Thread.currentThread();
      try {
        connection.notifyCanWrite(this);
      } finally {
        registering = null;
      }
      return !waiting; // told at once: the queue already drained
    }

    /** Set before the connection is opened; no notice is due until {@code isReady} is false. */
    @Override
    public void setWriteListener(WriteListener writeListener) {
      this.listener = writeListener;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b) {
      pending.add(b);
      pendingBytes += b.length;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      byte[] copy = new byte[len];
      System.arraycopy(b, off, copy, 0, len);
      write(copy);
    }

    @Override
    public void flush() {
      flushPending();
    }

    private void flushPending() {
      if (pending.isEmpty()) {
        return;
      }
      byte[] bytes;
      if (pending.size() == 1) {
        bytes = pending.get(0);
      } else {
        bytes = new byte[pendingBytes];
        int at = 0;
        for (byte[] frame : pending) {
          System.arraycopy(frame, 0, bytes, at, frame.length);
          at += frame.length;
        }
      }
      pending.clear();
      pendingBytes = 0;
      Buffer buffer = Buffers.wrap(connection.getMemoryManager(), bytes);
      if (transportWriter != null) {
        transportWriter.write(
            toTransport(), null, buffer, null, (MessageCloner<WritableMessage>) null);
      } else {
        connection.write(buffer);
      }
    }

    @Override
    public void onWritePossible() {
      waiting = false;
      if (registering == Thread.currentThread()) {
        return; // isReady answers true instead
      }
      WriteListener notify = listener;
      if (notify != null) {
        callInApplication(notify, null);
      }
    }

    @Override
    public void onError(Throwable t) {
      WriteListener notify = listener;
      if (notify != null) {
        callInApplication(notify, t);
      }
    }

    private void callInApplication(WriteListener notify, Throwable failure) {
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(application);
      try {
        if (failure == null) {
          notify.onWritePossible();
        } else {
          notify.onError(failure);
        }
      } catch (IOException | RuntimeException e) {
        notify.onError(e);
      } finally {
        thread.setContextClassLoader(previous);
      }
    }
  }
}
