package dev.cairn.server.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP load balancer for multi-node ITs, standing in for the production one (nginx in {@code
 * docker/}, which cannot run on the build machines): each connection goes round-robin to a backend
 * port marked up, the next one when a backend refuses, and is cut when its backend goes away, as a
 * stopping node cuts it. HTTP and WebSocket pass through as bytes.
 */
final class TcpBalancer implements AutoCloseable {
  private final ServerSocket server;
  private final List<Integer> up = new CopyOnWriteArrayList<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicInteger next = new AtomicInteger();

  TcpBalancer() throws IOException {
    server = new ServerSocket();
    server.bind(new InetSocketAddress("127.0.0.1", 0));
    threads.execute(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  /** Sends new connections to {@code backend} too (a node that passed its health check). */
  void up(int backend) {
    if (!up.contains(backend)) {
      up.add(backend);
    }
  }

  /** Sends no new connection to {@code backend} (a node that is stopping). */
  void down(int backend) {
    up.remove(Integer.valueOf(backend));
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        threads.execute(() -> route(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void route(Socket client) {
    open.add(client);
    Socket backend = connect();
    if (backend == null) {
      closeQuietly(client);
      return;
    }
    open.add(backend);
    threads.execute(() -> pipe(client, backend));
    pipe(backend, client);
  }

  private Socket connect() {
    List<Integer> candidates = List.copyOf(up);
    for (int i = 0; i < candidates.size(); i++) {
      int port = candidates.get(Math.floorMod(next.getAndIncrement(), candidates.size()));
      try {
        return new Socket("127.0.0.1", port);
      } catch (IOException refused) {
        // the next backend, as nginx's proxy_next_upstream does
      }
    }
    return null;
  }

  private void pipe(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side went away: cut the other
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private void closeQuietly(Socket socket) {
    open.remove(socket);
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    open.forEach(this::closeQuietly);
    threads.shutdownNow();
  }
}
