package dev.cairn.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of the real server, so a test can cut the network: {@link #cut()} resets
 * every open connection and refuses new ones until {@link #restore()}. It keeps what the server
 * sent ({@link #fromServer()}: unmasked WebSocket frames and HTTP answers, readable as text).
 * Closing stops it.
 */
final class TcpProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private final java.io.ByteArrayOutputStream fromServer = new java.io.ByteArrayOutputStream();
  private final java.util.List<java.io.ByteArrayOutputStream> fromClients =
      new java.util.concurrent.CopyOnWriteArrayList<>();

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
      try {
        s.setSoLinger(true, 0);
        s.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
    open.clear();
  }

  void restore() {
    cut = false;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (cut) {
          client.setSoLinger(true, 0);
          client.close();
          continue;
        }
        Socket upstream = new Socket(target.getHostString(), target.getPort());
        open.add(client);
        open.add(upstream);
        java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();
        fromClients.add(sent);
        pipe(client, upstream, sent);
        pipe(upstream, client, fromServer);
      } catch (IOException e) {
        // closed or refused; keep accepting
      }
    }
  }

  /** Everything the server sent so far, decoded as ISO-8859-1. */
  String fromServer() {
    synchronized (fromServer) {
      return fromServer.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * What clients sent so far, per connection: HTTP requests as they are, and on a connection
   * upgraded to a WebSocket the text of each frame, unmasked.
   */
  String fromClients() {
    StringBuilder text = new StringBuilder();
    for (java.io.ByteArrayOutputStream sent : fromClients) {
      byte[] bytes;
      synchronized (sent) {
        bytes = sent.toByteArray();
      }
      text.append(WebSocketFrames.clientText(bytes)).append('\n');
    }
    return text.toString();
  }

  private void pipe(Socket from, Socket to, java.io.ByteArrayOutputStream record) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16384];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  out.write(buffer, 0, n);
                  out.flush();
                  synchronized (record) {
                    record.write(buffer, 0, n);
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
