package dev.cairn.server.api;

import dev.cairn.server.realtime.websocket.WebSocketConnection;
import jakarta.inject.Inject;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /t/{tenant}/graphql/realtime}: the realtime endpoint, a WebSocket upgrade on the same port
 * and URL space as the GraphQL endpoint (Amplify derives it as the GraphQL URL + {@code
 * /realtime}). Speaks AppSync's {@code graphql-ws} or the standard {@code graphql-transport-ws},
 * chosen by subprotocol. Every other request passes through untouched.
 *
 * <p>This is the Servlet fallback: with {@code cairn.realtime.upgrade-in-listener} (the default) an
 * upgrade request ({@code Upgrade: websocket}) is taken before it reaches this filter, below the
 * Servlet layer ({@link RealtimeListener}), and this filter answers only the requests without that
 * header. Both paths answer as {@link RealtimeUpgrade#admit} decides; here a refusal is written as
 * the Servlet response and an accepted upgrade through {@link HttpServletRequest#upgrade}.
 */
@WebFilter(urlPatterns = "/t/*", asyncSupported = true)
public class RealtimeEndpoint implements Filter {
  @Inject RealtimeUpgrade upgrade;

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    String slug =
        RealtimeUpgrade.slugOf(
            request.getRequestURI().substring(request.getContextPath().length()));
    if (slug == null) {
      chain.doFilter(req, res);
      return;
    }
    RealtimeUpgrade.Answer answer =
        upgrade.admit(
            slug,
            request.getMethod(),
            request::getHeader,
            request.getQueryString(),
            request.getRemoteAddr());
    if (answer instanceof RealtimeUpgrade.Refusal refusal) {
      refuse(response, refusal);
      return;
    }
    RealtimeUpgrade.Switch accepted = (RealtimeUpgrade.Switch) answer;
    response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
    response.setHeader("Upgrade", "websocket");
    response.setHeader("Connection", "Upgrade");
    response.setHeader("Sec-WebSocket-Accept", accepted.accept());
    response.setHeader("Sec-WebSocket-Protocol", accepted.session().protocol());
    WebSocketConnection connection = request.upgrade(WebSocketConnection.class);
    connection.attach(accepted.session(), accepted.maxMessageBytes(), accepted.maxQueuedBytes());
  }

  private static void refuse(HttpServletResponse response, RealtimeUpgrade.Refusal refusal)
      throws IOException {
    response.setStatus(refusal.status());
    refusal.headers().forEach(response::setHeader);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getOutputStream().write(refusal.body());
  }
}
