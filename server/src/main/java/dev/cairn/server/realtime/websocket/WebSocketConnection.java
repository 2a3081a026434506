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
 * <p>One thread at a time is the connection's writer and alone touches the output stream; the
 * monitor guards only the queue and that role and is never held while writing (a fan-out thread
 * queueing a frame waited seconds for send threads descheduled mid-write on a loaded machine when
 * the write was made under it). Frames are written in the order they were queued, each once.
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

  /** No thread writes; the next to queue a frame becomes the writer. */
  private static final int IDLE = 0;

  /** One thread writes (or a send thread is due to): only it touches the output stream. */
  private static final int WRITING = 1;

  /** The socket took no more; the container's write-possible notice becomes the writer. */
  private static final int BLOCKED = 2;

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

  /** Who writes the queue: {@link #IDLE}, {@link #WRITING} or {@link #BLOCKED}; under the lock. */
  private int writer = IDLE;

  /** A write-possible notice came while a thread was the writer; under the lock. */
  private boolean writePossible;

  /** The connection was marked closed and its container connection is yet to be closed. */
  private boolean socketToClose;

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
      ServletOutputStream stream = webConnection.getOutputStream();
      synchronized (this) {
        out = stream;
      }
      listener.onOpen(this);
      out.setWriteListener(new Writer());
      in.setReadListener(new Reader(in));
    } catch (IOException e) {
      abort(e);
      return;
    }
    boolean writeNow;
    synchronized (this) {
      writeNow = claimWriter(); // frames queued before the stream was there
    }
    if (writeNow) {
      write();
    }
  }

  /**
   * Queues an encoded frame (from {@link Frames}); the array is not copied and must not change.
   *
   * @return false if the connection is closing or closed, or was just closed as too slow
   */
  @Override
  public boolean send(byte[] frame) {
    boolean queued;
    boolean writeNow;
    synchronized (this) {
      queued = queue(frame);
      writeNow = claimWriter();
    }
    if (writeNow) {
      write();
    }
    reportClose();
    return queued;
  }

  /**
   * Adds a frame to the queue, or closes a connection whose queue would grow past its limit; must
   * hold the lock, which is held only for this (never while writing).
   *
   * @return whether it was queued
   */
  private boolean queue(byte[] frame) {
    if (closeSent || closed) {
      return false;
    }
    if (queuedBytes + frame.length > maxQueuedBytes) {
      startClose(CloseCodes.TRY_AGAIN_LATER, "send queue full: the client reads too slowly", true);
      return false;
    }
    queue.add(frame);
    queuedBytes += frame.length;
    return true;
  }

  /**
   * Makes this thread the connection's writer if none is and there is something to write; must hold
   * the lock, and call {@link #write} once it lets go if this answers true. Otherwise the writer
   * there is (or the container's write-possible notice, when the socket is full) writes what was
   * queued.
   */
  private boolean claimWriter() {
    if (writer != IDLE || out == null || closed || queue.isEmpty()) {
      return false;
    }
    writer = WRITING;
    return true;
  }

  /** As this connection's new writer: writes at once, or hands over to its send thread. */
  private void write() {
    if (sender == null) {
      writeLoop();
    } else {
      sender.schedule(this);
    }
  }

  /** Writes what is queued; called by this connection's sending thread, its writer. */
  void writeQueued() {
    writeLoop();
    reportClose();
  }

  /** Closes after the frames already queued (e.g. a {@code connection_error}) are written. */
  @Override
  public void close(int code, String reason) {
    boolean writeNow;
    synchronized (this) {
      startClose(code, reason, false);
      writeNow = claimWriter();
    }
    if (writeNow) {
      write();
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
   * Queues the close frame; must hold the lock, and see that it is written ({@link #claimWriter}).
   *
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
  }

  /**
   * Writes while the socket takes more, by the one thread that is this connection's writer ({@link
   * #writer} is {@code WRITING} for it): frames are taken from the queue under the monitor, one at
   * a time, and written and flushed outside it, so a thread queueing a frame never waits for a
   * socket. Returns when the queue is empty (written and flushed; the connection closes once its
   * close frame is), when the socket takes no more (the container's write-possible notice writes
   * on), or when the connection is closed.
   */
  private void writeLoop() {
    boolean unflushed = false;
    try {
      while (true) {
        if (!out.isReady()) {
          synchronized (this) {
            if (!writePossible) {
              writer = BLOCKED; // the container's onWritePossible takes over
              return;
            }
            writePossible = false; // the notice came meanwhile: ask again
          }
          continue;
        }
        byte[] frame;
        synchronized (this) {
          if (closed) {
            writer = IDLE;
            return;
          }
          frame = queue.poll();
          if (frame != null) {
            queuedBytes -= frame.length;
          } else if (!unflushed) {
            writer = IDLE;
            if (closeSent) {
              finish(); // the close frame was the last one queued, and it is written
            }
            break;
          }
        }
        if (frame != null) {
          out.write(frame);
          unflushed = true;
        } else {
          out.flush();
          unflushed = false;
        }
      }
    } catch (IOException | RuntimeException e) {
      synchronized (this) {
        writer = IDLE;
      }
      abort(e);
      return;
    }
    closeIfFinished();
  }

  /**
   * Marks the connection closed; must hold the lock; {@link #closeIfFinished} closes the socket.
   */
  private void finish() {
    if (closed) {
      return;
    }
    closed = true;
    queue.clear();
    queuedBytes = 0;
    closeDue = true;
    socketToClose = true;
  }

  /** Closes the container's connection once {@link #finish} marked it, outside the monitor. */
  private void closeIfFinished() {
    synchronized (this) {
      if (!socketToClose) {
        return;
      }
      socketToClose = false;
    }
    try {
      connection.close();
    } catch (Exception e) {
      LOG.log(Level.FINE, "closing the web connection", e);
    }
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
    closeIfFinished();
    reportClose();
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
      boolean write;
      synchronized (WebSocketConnection.this) {
        if (writer == WRITING) {
          writePossible = true; // the writer may be just past an isReady that said false
          write = false;
        } else {
          write = !closed && (writer == BLOCKED || !queue.isEmpty());
          if (write) {
            writer = WRITING;
          }
        }
      }
      if (write) {
        writeLoop();
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
