package dev.cairn.server.api;

import dev.cairn.server.ErrorType;
import dev.cairn.server.Jsonp;
import dev.cairn.server.TenantId;
import dev.cairn.server.auth.AppAuthenticator;
import dev.cairn.server.realtime.Realtime;
import dev.cairn.server.realtime.RealtimeException;
import dev.cairn.server.realtime.RealtimeService;
import dev.cairn.server.realtime.RealtimeSession;
import dev.cairn.server.realtime.websocket.Handshake;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /t/{tenant}/graphql/realtime}: the realtime endpoint, a WebSocket upgrade on the same port
 * and URL space as the GraphQL endpoint (Amplify derives it as the GraphQL URL + {@code
 * /realtime}). Speaks AppSync's {@code graphql-ws} or the standard {@code graphql-transport-ws},
 * chosen by subprotocol. Every other request passes through untouched.
 *
 * <p>With {@code cairn.realtime.upgrade-in-listener} an upgrade request ({@code Upgrade:
 * websocket}) is taken before it reaches this filter, below the Servlet layer ({@link
 * RealtimeListener}, which answers as this filter does through {@link RealtimeUpgrade}); this
 * filter then answers only the requests without that header.
 */
@WebFilter(urlPatterns = "/t/*", asyncSupported = true)
public class RealtimeEndpoint implements Filter {
  private static final Pattern PATH = Pattern.compile("/t/([^/]+)/graphql/realtime/?");

  /**
   * What an upgrade to a tenant that does not exist is answered, before switching protocols: the
   * status and error type of a refused credential, and a message that says nothing of the tenant.
   */
  static final String NOT_AUTHORIZED =
      "Not Authorized: send valid credentials of this tenant (a token of a trusted issuer or an API"
          + " key)";

  @Inject RealtimeService service;
  @Inject AppAuthenticator authenticator;

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    Matcher path =
        PATH.matcher(request.getRequestURI().substring(request.getContextPath().length()));
    if (!path.matches()) {
      chain.doFilter(req, res);
      return;
    }
    String slug = path.group(1);
    if (TenantId.problemWith(slug) != null || !authenticator.knows(TenantId.of(slug))) {
      // Refused before the upgrade, so an unknown slug costs no connection, session or budget; and
      // answered as a refused credential is, so the answer does not tell which tenants exist.
      refuse(response, 401, ErrorType.UNAUTHENTICATED.wireName(), NOT_AUTHORIZED);
      return;
    }
    Handshake.Accepted accepted;
    try {
      accepted = Handshake.check(request.getMethod(), request::getHeader);
    } catch (Handshake.Refused e) {
      if (e.status() == 426) {
        response.setHeader("Sec-WebSocket-Version", "13");
      }
      refuse(response, e.status(), ErrorType.BAD_REQUEST.wireName(), e.getMessage());
      return;
    }
    Realtime realtime = service.realtime();
    RealtimeSession session;
    try {
      session =
          realtime.open(
              TenantId.of(slug),
              accepted.offeredProtocols(),
              request.getQueryString(),
              request.getRemoteAddr());
    } catch (RealtimeException e) {
      int status = e.errorType().equals(ErrorType.LIMIT_EXCEEDED.wireName()) ? 429 : 400;
      refuse(response, status, e.errorType(), e.getMessage());
      return;
    }
    response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
    response.setHeader("Upgrade", "websocket");
    response.setHeader("Connection", "Upgrade");
    response.setHeader("Sec-WebSocket-Accept", accepted.accept());
    response.setHeader("Sec-WebSocket-Protocol", session.protocol());
    WebSocketConnection connection = request.upgrade(WebSocketConnection.class);
    connection.attach(
        session, realtime.limits().maxMessageBytes(), realtime.limits().maxQueuedBytes());
  }

  private static void refuse(HttpServletResponse response, int status, String type, String message)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response
        .getWriter()
        .write(
            "{\"errors\":[{\"errorType\":"
                + Jsonp.PROVIDER.createValue(type)
                + ",\"message\":"
                + Jsonp.PROVIDER.createValue(message)
                + "}]}");
  }
}
