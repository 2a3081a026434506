package dev.cairn.server.api;

import dev.cairn.server.observability.RequestContextFilter;
import dev.cairn.server.realtime.grizzly.FrameFilter;
import dev.cairn.server.realtime.grizzly.GrizzlyWebConnection;
import dev.cairn.server.realtime.websocket.WebSocketConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.attributes.AttributeHolder;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.utils.IdleTimeoutFilter;

/**
 * Takes realtime upgrades below the Servlet layer: a Grizzly filter in the HTTP listener's chain,
 * after the HTTP parser and before the HTTP server (so before Catalina). A request to {@code
 * /t/{tenant}/graphql/realtime} carrying {@code Upgrade: websocket} is answered here as {@link
 * RealtimeUpgrade} says: a refusal is written with {@code Connection: close}; an accepted upgrade
 * is answered 101, the connection is switched to {@code upgradedChain} (the listener's transport
 * and TLS filters and a {@link FrameFilter}), and the HTTP parser's per-connection state (the
 * request and its headers) is dropped, so an idle subscriber keeps only its socket and session.
 * Every other request passes on untouched.
 */
final class RealtimeUpgradeFilter extends BaseFilter {
  private static final Logger LOG = Logger.getLogger(RealtimeUpgradeFilter.class.getName());

  private final RealtimeUpgrade upgrade;
  private final String contextPath;
  private final FilterChain upgradedChain;
  private final boolean writeToTransport;
  private final ClassLoader application;

  /**
   * @param writeToTransport whether the upgraded chain leaves written bytes as they are (no TLS),
   *     so that frames may skip it ({@link GrizzlyWebConnection})
   */
  RealtimeUpgradeFilter(
      RealtimeUpgrade upgrade,
      String contextPath,
      FilterChain upgradedChain,
      boolean writeToTransport,
      ClassLoader application) {
    this.upgrade = upgrade;
    this.contextPath = contextPath;
    this.upgradedChain = upgradedChain;
    this.writeToTransport = writeToTransport;
    this.application = application;
  }

  @Override
  public NextAction handleRead(FilterChainContext ctx) throws IOException {
    if (!(ctx.getMessage() instanceof HttpContent content)) {
      return ctx.getInvokeAction();
    }
    HttpHeader header = content.getHttpHeader();
    if (!header.isRequest() || !isWebSocketUpgrade(header.getHeader("Upgrade"))) {
      return ctx.getInvokeAction();
    }
    HttpRequestPacket request = (HttpRequestPacket) header;
    String uri = request.getRequestURI();
    String slug =
        uri.startsWith(contextPath)
            ? RealtimeUpgrade.slugOf(uri.substring(contextPath.length()))
            : null;
    if (slug == null) {
      return ctx.getInvokeAction();
    }
    Connection<?> connection = ctx.getConnection();
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(application);
    try {
      RealtimeUpgrade.Answer answer =
          upgrade.answer(
              slug,
              request.getMethod().getMethodString(),
              request::getHeader,
              request.getQueryString(),
              remoteAddress(connection));
      String requestId = RequestContextFilter.requestId(request.getHeader("X-Request-Id"));
      if (answer instanceof RealtimeUpgrade.Refusal refusal) {
        ctx.write(Buffers.wrap(connection.getMemoryManager(), refusal(refusal, requestId)));
        connection.close();
      } else {
        switchProtocols(connection, (RealtimeUpgrade.Switch) answer, requestId);
      }
    } finally {
      thread.setContextClassLoader(previous);
    }
    return ctx.getStopAction();
  }

  private void switchProtocols(
      Connection<?> connection, RealtimeUpgrade.Switch accepted, String requestId) {
    GrizzlyWebConnection wire = new GrizzlyWebConnection(connection, writeToTransport, application);
    FrameFilter.WIRE.set(connection, wire);
    connection.setProcessor(upgradedChain);
    forgetHttp(connection);
    // As after a Servlet upgrade: the listener's HTTP idle timeout no longer applies (realtime has
    // its own keep-alives, and a dead peer shows when a write fails).
    if (connection.getAttributes().getAttribute(IdleTimeoutFilter.IDLE_ATTRIBUTE_NAME) != null) {
      IdleTimeoutFilter.setCustomTimeout(connection, -1, TimeUnit.MILLISECONDS);
    }
    String answer =
        "HTTP/1.1 101 Switching Protocols\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: "
            + accepted.accept()
            + "\r\nSec-WebSocket-Protocol: "
            + accepted.session().protocol()
            + "\r\nX-Request-Id: "
            + requestId
            + "\r\n\r\n";
    connection.write(
        Buffers.wrap(connection.getMemoryManager(), answer.getBytes(StandardCharsets.US_ASCII)));
    WebSocketConnection socket = new WebSocketConnection();
    socket.attach(accepted.session(), accepted.maxMessageBytes(), accepted.maxQueuedBytes());
    socket.init(wire);
  }

  /**
   * Drops what the HTTP layers keep per connection (the request being parsed, keep-alive state):
   * the connection never goes back to HTTP, and this is most of what an idle connection held.
   */
  private static void forgetHttp(Connection<?> connection) {
    AttributeHolder attributes = connection.getAttributes();
    if (attributes == null) {
      return;
    }
    List<String> names = new ArrayList<>(attributes.getAttributeNames());
    for (String name : names) {
      Object value = attributes.getAttribute(name);
      if (value != null && value.getClass().getName().startsWith("org.glassfish.grizzly.http")) {
        attributes.removeAttribute(name);
      }
    }
  }

  private static byte[] refusal(RealtimeUpgrade.Refusal refusal, String requestId) {
    StringBuilder head =
        new StringBuilder("HTTP/1.1 ")
            .append(refusal.status())
            .append(' ')
            .append(reason(refusal.status()))
            .append("\r\nContent-Type: application/json;charset=UTF-8\r\nContent-Length: ")
            .append(refusal.body().length)
            .append("\r\nX-Request-Id: ")
            .append(requestId);
    for (Map.Entry<String, String> h : refusal.headers().entrySet()) {
      if (!h.getKey().equalsIgnoreCase("Connection")) {
        head.append("\r\n").append(h.getKey()).append(": ").append(h.getValue());
      }
    }
    head.append("\r\nConnection: close\r\n\r\n");
    byte[] start = head.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[start.length + refusal.body().length];
    System.arraycopy(start, 0, all, 0, start.length);
    System.arraycopy(refusal.body(), 0, all, start.length, refusal.body().length);
    return all;
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 405 -> "Method Not Allowed";
      case 426 -> "Upgrade Required";
      case 429 -> "Too Many Requests";
      case 503 -> "Service Unavailable";
      default -> "Error";
    };
  }

  private static String remoteAddress(Connection<?> connection) {
    Object peer = connection.getPeerAddress();
    if (peer instanceof InetSocketAddress address && address.getAddress() != null) {
      return address.getAddress().getHostAddress();
    }
    return String.valueOf(peer);
  }

  private static boolean isWebSocketUpgrade(String upgrade) {
    if (upgrade == null) {
      return false;
    }
    for (String token : upgrade.split(",")) {
      if (token.trim().toLowerCase(Locale.ROOT).equals("websocket")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void exceptionOccurred(FilterChainContext ctx, Throwable error) {
    LOG.log(Level.FINE, "realtime upgrade filter", error);
  }
}
