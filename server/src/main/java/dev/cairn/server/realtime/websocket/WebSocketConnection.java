package dev.cairn.server.realtime.websocket;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One server-side WebSocket connection on top of a Servlet HTTP upgrade, with non-blocking reads
 * and writes on the container's own connection (same port and URL as the HTTP API).
 *
 * <p>Why not the container's Jakarta WebSocket (Tyrus): measured on Payara Micro, each Tyrus send
 * costs ~55 µs of CPU because it reschedules an idle-timeout task on every send; a frame written
 * here costs ~11 µs (see the realtime benchmark). Frames are encoded once by the caller and shared
 * by every connection they go to.
 *
 * <p>Sending never blocks: frames go to a bounded per-connection queue. When the listener names
 * {@link SendThreads}, the queue is written by one of those threads (all frames queued by then, one
 * flush), so the thread that fans a change out to thousands of connections only queues; otherwise
 * the sending thread writes at once. Either way a queue the socket cannot take is drained when the
 * container reports that it can take more. A client that lets the queue grow past its limit is
 * closed with 1013 ("try again later"), so a slow client never slows others or exhausts memory.
 * Thread-safe: any thread may send or close.
 *
 * <p>The listener's calls never overlap, as {@link WebSocketListener} promises: they are made under
 * a listener lock, and a close that happens while the reader thread is in {@code onText} (a send
 * thread's write failed, the container destroyed the connection) is reported by whichever thread
 * holds that lock when it lets go, so no thread ever waits for the listener and {@code onClose}
 * never runs beside or inside {@code onText}. No {@code onText} follows {@code onClose}.
 */
public final class WebSocketConnection implements HttpUpgradeHandler, Connection {
  private static final Logger LOG = Logger.getLogger(WebSocketConnection.class.getName());
  private static final int ABNORMAL = 1006;
  // Bytes are decoded before onDataAvailable returns, so a per-thread buffer is safe and keeps an
  // idle connection from holding one of its own.
  private static final ThreadLocal<byte[]> READ_BUFFERS =
      ThreadLocal.withInitial(() -> new byte[8192]);

  private WebSocketListener listener;
  private int maxQueuedBytes;
  private FrameDecoder decoder;
  private SendThreads.Worker sender;

  private WebConnection connection;
  private ServletOutputStream out;
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>(4);
  private long queuedBytes;
  private boolean closeSent;
  private boolean closed;
  private int closeCode = ABNORMAL;
  private String closeReason = "connection dropped";

  /** Held while the listener is called; never held while waiting for {@code this}'s monitor. */
  private final ReentrantLock listenerLock = new ReentrantLock();

  /** Set once the connection is closed; the close is reported to the listener after that. */
  private volatile boolean closeDue;

  /** Whether {@code onClose} was called; guarded by {@link #listenerLock}. */
  private boolean closeReported;

  /** Called by the container; use {@link #attach} right after {@code request.upgrade(...)}. */
  public WebSocketConnection() {}

  /**
   * Sets what this connection reports to and its limits. Must be called before the container
   * initialises the connection, i.e. in the request that upgraded.
   */
  public void attach(WebSocketListener listener, int maxMessageBytes, int maxQueuedBytes) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.maxQueuedBytes = maxQueuedBytes;
    this.decoder = new FrameDecoder(maxMessageBytes, new Sink());
    SendThreads threads = listener.sendThreads();
    this.sender = threads == null ? null : threads.assign();
  }

  @Override
  public void init(WebConnection webConnection) {
    this.connection = webConnection;
    try {
      ServletInputStream in = webConnection.getInputStream();
      out = webConnection.getOutputStream();
      listener.onOpen(this);
      out.setWriteListener(new Writer());
      in.setReadListener(new Reader(in));
    } catch (IOException e) {
      abort(e);
    }
  }

  /**
   * Queues an encoded frame (from {@link Frames}); the array is not copied and must not change.
   *
   * @return false if the connection is closing or closed, or was just closed as too slow
   */
  @Override
  public boolean send(byte[] frame) {
    try {
      return queue(frame);
    } finally {
      reportClose();
    }
  }

  private boolean queue(byte[] frame) {
    synchronized (this) {
      if (closeSent || closed) {
        return false;
      }
      if (queuedBytes + frame.length > maxQueuedBytes) {
        startClose(
            CloseCodes.TRY_AGAIN_LATER, "send queue full: the client reads too slowly", true);
        return false;
      }
      queue.add(frame);
      queuedBytes += frame.length;
      if (queue.size() > 1 || out == null) {
        return true; // a write is pending (by the sender or on write-possible), or not yet open
      }
      if (sender == null) {
        return drain();
      }
    }
    sender.schedule(this);
    return true;
  }

  /** Writes what is queued; called by this connection's sending thread. */
  void writeQueued() {
    synchronized (this) {
      if (!closed && out != null) {
        drain();
      }
    }
    reportClose();
  }

  /** Closes after the frames already queued (e.g. a {@code connection_error}) are written. */
  @Override
  public void close(int code, String reason) {
    synchronized (this) {
      startClose(code, reason, false);
    }
    reportClose();
  }

  /** Bytes waiting to be written; for limits and tests. */
  public synchronized long queuedBytes() {
    return queuedBytes;
  }

  public synchronized boolean isOpen() {
    return !closeSent && !closed;
  }

  /**
   * @param dropQueued whether the close frame jumps the queue, dropping what was waiting (a client
   *     too slow to read it); otherwise it follows the queued frames
   */
  private void startClose(int code, String reason, boolean dropQueued) {
    if (closeSent || closed) {
      return;
    }
    closeSent = true;
    closeCode = code;
    closeReason = reason;
    if (dropQueued) {
      queue.clear();
      queuedBytes = 0;
    }
    byte[] frame = Frames.close(code, reason);
    queue.add(frame);
    queuedBytes += frame.length;
    if (out != null) {
      drain();
    }
  }

  /** Writes while the socket takes more; must hold the lock. */
  private boolean drain() {
    try {
      while (!queue.isEmpty() && out.isReady()) {
        byte[] frame = queue.poll();
        queuedBytes -= frame.length;
        out.write(frame);
      }
      if (out.isReady()) {
        out.flush();
        if (closeSent && queue.isEmpty()) {
          finish();
        }
      }
      return true;
    } catch (IOException e) {
      abort(e);
      return false;
    }
  }

  private void finish() {
    if (closed) {
      return;
    }
    closed = true;
    queue.clear();
    queuedBytes = 0;
    try {
      connection.close();
    } catch (Exception e) {
      LOG.log(Level.FINE, "closing the web connection", e);
    }
    closeDue = true;
  }

  /**
   * Reports a close to the listener unless this thread or another is in a listener call; that
   * thread reports it when the call returns. Never called while holding {@code this}'s monitor.
   */
  private void reportClose() {
    while (closeDue && !listenerLock.isHeldByCurrentThread() && listenerLock.tryLock()) {
      try {
        if (closeReported) {
          return;
        }
        closeReported = true;
        int code;
        String reason;
        synchronized (this) {
          code = closeCode;
          reason = closeReason;
        }
        listener.onClose(this, code, reason);
      } finally {
        listenerLock.unlock();
      }
    }
  }

  private void deliverText(String message) {
    listenerLock.lock();
    try {
      if (!closeReported) {
        listener.onText(this, message);
      }
    } finally {
      listenerLock.unlock();
    }
    reportClose();
  }

  private void abort(Throwable t) {
    LOG.log(Level.FINE, "WebSocket connection failed", t);
    synchronized (this) {
      if (!closeSent) {
        closeCode = ABNORMAL;
        closeReason = "connection dropped";
      }
      closeSent = true;
      if (connection != null) {
        finish();
      }
    }
    if (!Thread.holdsLock(this)) { // otherwise the caller reports it once it lets go
      reportClose();
    }
  }

  @Override
  public void destroy() {
    synchronized (this) {
      if (!closed) {
        closed = true;
        queue.clear();
        queuedBytes = 0;
        closeDue = true;
      }
    }
    reportClose();
  }

  private final class Writer implements WriteListener {
    @Override
    public void onWritePossible() {
      synchronized (WebSocketConnection.this) {
        if (!closed) {
          drain();
        }
      }
      reportClose();
    }

    @Override
    public void onError(Throwable t) {
      abort(t);
    }
  }

  private final class Reader implements ReadListener {
    private final ServletInputStream in;

    Reader(ServletInputStream in) {
      this.in = in;
    }

    @Override
    public void onDataAvailable() throws IOException {
      byte[] buffer = READ_BUFFERS.get();
      while (in.isReady()) {
        int n = in.read(buffer);
        if (n < 0) {
          return;
        }
        decoder.feed(buffer, 0, n);
      }
    }

    @Override
    public void onAllDataRead() {
      abort(new IOException("the client closed the TCP connection"));
    }

    @Override
    public void onError(Throwable t) {
      abort(t);
    }
  }

  private final class Sink implements FrameDecoder.Sink {
    @Override
    public void onText(String message) {
      deliverText(message);
    }

    @Override
    public void onPing(byte[] payload) {
      send(Frames.pong(payload));
    }

    @Override
    public void onPong(byte[] payload) {}

    @Override
    public void onClose(int code, String reason) {
      close(code == 1005 ? CloseCodes.NORMAL : code, reason);
    }

    @Override
    public void onViolation(int code, String reason) {
      close(code, reason);
    }
  }
}
