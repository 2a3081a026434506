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
import java.util.Map;

/**
 * {@code /t/{tenant}/graphql/realtime}: the realtime endpoint, a WebSocket upgrade on the same port
 * and URL space as the GraphQL endpoint (Amplify derives it as the GraphQL URL + {@code
 * /realtime}). Speaks AppSync's {@code graphql-ws} or the standard {@code graphql-transport-ws},
 * chosen by subprotocol. Every other request passes through untouched.
 *
 * <p>Upgrade requests ({@code Upgrade: websocket}) are taken below the Servlet layer by {@code
 * RealtimeListener}, so an idle connection keeps no HTTP request; this filter answers what still
 * reaches the Servlet layer (a request without {@code Upgrade: websocket} is refused as {@link
 * RealtimeUpgrade} says).
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
        upgrade.answer(
            slug,
            request.getMethod(),
            request::getHeader,
            request.getQueryString(),
            request.getRemoteAddr());
    if (answer instanceof RealtimeUpgrade.Refusal refusal) {
      response.setStatus(refusal.status());
      for (Map.Entry<String, String> header : refusal.headers().entrySet()) {
        response.setHeader(header.getKey(), header.getValue());
      }
      response.setContentType("application/json;charset=UTF-8");
      response.setContentLength(refusal.body().length);
      response.getOutputStream().write(refusal.body());
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
}
