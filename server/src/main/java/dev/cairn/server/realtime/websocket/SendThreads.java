package dev.cairn.server.realtime.websocket;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A few threads (one per core) that write the queued frames of many connections, so the one thread
 * that fans a change out only queues frames and never waits for a socket. Each connection is
 * assigned to one thread for its life; a connection is handed to its thread once when its queue
 * goes from empty to non-empty, and the thread then writes everything queued by then with one
 * flush. Thread-safe.
 */
public final class SendThreads implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SendThreads.class.getName());

  private final Worker[] workers;
  private int next;

  /**
   * @param count how many threads, at least 1
   * @param factory makes the threads (a container-managed factory in the server)
   */
  public SendThreads(int count, ThreadFactory factory) {
    workers = new Worker[Math.max(1, count)];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new Worker();
      Thread thread = factory.newThread(workers[i]);
      thread.setName("cairn-realtime-send-" + i);
      thread.setDaemon(true);
      workers[i].thread = thread;
    }
    for (Worker worker : workers) {
      worker.thread.start();
    }
  }

  /** The thread a new connection is written by; round robin. */
  synchronized Worker assign() {
    Worker worker = workers[next];
    next = (next + 1) % workers.length;
    return worker;
  }

  /** Stops the threads; frames still queued are not written. */
  @Override
  public void close() {
    for (Worker worker : workers) {
      worker.running = false;
      LockSupport.unpark(worker.thread);
    }
  }

  /** One sending thread and the connections waiting for it. */
  static final class Worker implements Runnable {
    private final ConcurrentLinkedQueue<WebSocketConnection> ready = new ConcurrentLinkedQueue<>();
    private volatile boolean sleeping;
    private volatile boolean running = true;
    private Thread thread;

    /** Hands over a connection whose queue just became non-empty. */
    void schedule(WebSocketConnection connection) {
      ready.offer(connection);
      if (sleeping) {
        LockSupport.unpark(thread);
      }
    }

    @Override
    public void run() {
      while (running) {
        WebSocketConnection connection = ready.poll();
        if (connection != null) {
          try {
            connection.writeQueued();
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "writing to a WebSocket connection failed", e);
          }
          continue;
        }
        // schedule() offers and then reads `sleeping`; this writes `sleeping` and then polls:
        // one of the two sees the other, so a connection is never left waiting.
        sleeping = true;
        if (ready.isEmpty() && running) {
          LockSupport.park(this);
        }
        sleeping = false;
      }
    }
  }
}
