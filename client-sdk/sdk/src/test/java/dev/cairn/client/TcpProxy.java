package dev.cairn.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy in front of the real server, so a test can cut the network: {@link #cut()} resets
 * every open connection and refuses new ones until {@link #restore()}. It keeps what the server
 * sent ({@link #fromServer()}: unmasked WebSocket frames and HTTP answers, readable as text) and
 * what the clients sent ({@link #fromClient()}, or per connection with WebSocket frames unmasked:
 * {@link #fromClients()}). Two one-shot cuts land at an exact point of the byte stream: {@link
 * #cutResponseAt} part-way through an answer, {@link #cutAnswerTo} after a request reached the
 * server and before its answer reaches the client. Closing stops it.
 */
final class TcpProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private final ByteArrayOutputStream fromServer = new ByteArrayOutputStream();
  private final ByteArrayOutputStream fromClient = new ByteArrayOutputStream();
  private final List<ByteArrayOutputStream> fromClients = new CopyOnWriteArrayList<>();
  private final AtomicReference<Trigger> responseCut = new AtomicReference<>();
  private final AtomicReference<Trigger> requestCut = new AtomicReference<>();

  /** An armed one-shot cut: {@code marker} and which occurrence of it fires it. */
  private static final class Trigger {
    final String marker;
    final int occurrence;
    final CountDownLatch fired = new CountDownLatch(1);
    int seen;

    Trigger(String marker, int occurrence) {
      this.marker = marker;
      this.occurrence = occurrence;
    }
  }

  /** One client connection and its upstream: the state a cut needs. */
  private static final class Link {
    final Socket client;
    final Socket upstream;
    final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    volatile boolean answerDoomed;
    volatile CountDownLatch doomedFired;
    String requestTail = "";
    String responseTail = "";

    Link(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }
  }

  TcpProxy(String host, int port) throws IOException {
    this.target = new InetSocketAddress(host, port);
    this.server = new ServerSocket(0);
    Thread accept = new Thread(this::acceptLoop, "tcp-proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Resets every connection now and refuses new ones. */
  void cut() {
    cut = true;
    for (Socket s : open) {
      reset(s);
    }
    open.clear();
  }

  void restore() {
    cut = false;
  }

  /**
   * Arms a cut part-way through an answer: when the server's bytes (all connections, from now on)
   * reach the {@code occurrence}-th appearance of {@code marker}, the bytes before it are passed on
   * and that connection is reset in both directions. The latch opens when it fired.
   */
  CountDownLatch cutResponseAt(String marker, int occurrence) {
    Trigger trigger = new Trigger(marker, occurrence);
    responseCut.set(trigger);
    return trigger.fired;
  }

  /**
   * Arms a cut of the answer to the next request that contains {@code marker}: the request goes to
   * the server whole; the first bytes of the server's answer on that connection are dropped and the
   * connection is reset, so the server did the work and the client never hears of it. The latch
   * opens when it fired.
   */
  CountDownLatch cutAnswerTo(String marker) {
    Trigger trigger = new Trigger(marker, 1);
    requestCut.set(trigger);
    return trigger.fired;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (cut) {
          reset(client);
          continue;
        }
        Socket upstream;
        try {
          upstream = new Socket(target.getHostString(), target.getPort());
        } catch (IOException refused) {
          reset(client); // the server is down: the client hears so at once
          continue;
        }
        open.add(client);
        open.add(upstream);
        Link link = new Link(client, upstream);
        fromClients.add(link.sent);
        pipe(link, true);
        pipe(link, false);
      } catch (IOException e) {
        // closed or refused; keep accepting
      }
    }
  }

  /** Everything the server sent so far, decoded as ISO-8859-1. */
  String fromServer() {
    synchronized (fromServer) {
      return fromServer.toString(StandardCharsets.ISO_8859_1);
    }
  }

  /** Everything the clients sent so far (HTTP requests, masked WebSocket frames), ISO-8859-1. */
  String fromClient() {
    synchronized (fromClient) {
      return fromClient.toString(StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * What clients sent so far, per connection: HTTP requests as they are, and on a connection
   * upgraded to a WebSocket the text of each frame, unmasked.
   */
  String fromClients() {
    StringBuilder text = new StringBuilder();
    for (ByteArrayOutputStream sent : fromClients) {
      byte[] bytes;
      synchronized (sent) {
        bytes = sent.toByteArray();
      }
      text.append(WebSocketFrames.clientText(bytes)).append('\n');
    }
    return text.toString();
  }

  private void pipe(Link link, boolean upstream) {
    Socket from = upstream ? link.client : link.upstream;
    Socket to = upstream ? link.upstream : link.client;
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16384];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  if (upstream ? !request(link, buffer, n, out) : !response(link, buffer, n, out)) {
                    reset(link.client);
                    reset(link.upstream);
                    return;
                  }
                }
              } catch (IOException e) {
                // a cut or a close
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "tcp-proxy-pipe");
    t.setDaemon(true);
    t.start();
  }

  /** Passes request bytes on; arms the link's answer cut when they complete the marker. */
  private boolean request(Link link, byte[] buffer, int n, OutputStream out) throws IOException {
    out.write(buffer, 0, n);
    out.flush();
    String chunk = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
    synchronized (fromClient) {
      fromClient.write(buffer, 0, n);
    }
    synchronized (link.sent) {
      link.sent.write(buffer, 0, n);
    }
    Trigger trigger = requestCut.get();
    if (trigger != null) {
      String text = link.requestTail + chunk;
      if (text.contains(trigger.marker) && requestCut.compareAndSet(trigger, null)) {
        link.doomedFired = trigger.fired;
        link.answerDoomed = true;
      }
      link.requestTail = tail(text, trigger.marker.length());
    }
    return true;
  }

  /** Passes answer bytes on, up to a response cut; false when the connection must be reset now. */
  private boolean response(Link link, byte[] buffer, int n, OutputStream out) throws IOException {
    if (link.answerDoomed) {
      link.doomedFired.countDown();
      return false;
    }
    String chunk = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
    Trigger trigger = responseCut.get();
    int passOn = n;
    boolean fire = false;
    if (trigger != null) {
      String carried = link.responseTail;
      String text = carried + chunk;
      synchronized (trigger) {
        for (int at = text.indexOf(trigger.marker);
            at >= 0;
            at = text.indexOf(trigger.marker, at + 1)) {
          if (at + trigger.marker.length() <= carried.length()) {
            continue; // counted with the previous chunk
          }
          if (++trigger.seen == trigger.occurrence && responseCut.compareAndSet(trigger, null)) {
            passOn = Math.max(0, at - carried.length());
            fire = true;
            break;
          }
        }
      }
      link.responseTail = tail(text, trigger.marker.length() - 1);
    }
    out.write(buffer, 0, passOn);
    out.flush();
    synchronized (fromServer) {
      fromServer.write(buffer, 0, passOn);
    }
    if (fire) {
      trigger.fired.countDown();
      return false;
    }
    return true;
  }

  private static String tail(String text, int length) {
    return text.length() <= length ? text : text.substring(text.length() - length);
  }

  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0);
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  private void closeQuietly(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    cut();
    server.close();
  }
}
