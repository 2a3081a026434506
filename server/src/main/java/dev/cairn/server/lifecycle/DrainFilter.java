package dev.cairn.server.lifecycle;

import dev.cairn.server.graphql.AppSyncResponse;
import dev.cairn.server.graphql.JsonOutput;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * Admits each HTTP request of the server WAR into the node's {@link InFlightRequests}; while the
 * node drains it answers 503 with {@code Retry-After} and {@code Connection: close}, before any
 * work, so a load balancer can send the request to another node. Only a call that another WAR of
 * this node vouches for (header {@value NodeDrain#PASS_HEADER}: the console's request in flight
 * calling the admin API over loopback) is still admitted, so that request can finish.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class DrainFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  private static final byte[] DRAINING =
      JsonOutput.write(
              Map.of(
                  "errors",
                  AppSyncResponse.errors(
                      "ServiceUnavailable", "this node is shutting down; retry on another node")))
          .getBytes(StandardCharsets.UTF_8);

  @Inject transient GracefulShutdown shutdown;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!admit(shutdown, request::getHeader)) {
      response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      DRAINING_HEADERS.forEach(response::setHeader);
      response.setContentType("application/json");
      response.setContentLength(DRAINING.length);
      response.getOutputStream().write(DRAINING);
      return;
    }
    try {
      chain.doFilter(request, response);
    } finally {
      shutdown.requests().finish();
    }
  }

  /** The headers of a draining node's 503 answer. */
  public static final Map<String, String> DRAINING_HEADERS =
      Map.of("Retry-After", "1", "Connection", "close");

  /** The JSON body of a draining node's 503 answer (a copy). */
  public static byte[] drainingBody() {
    return DRAINING.clone();
  }

  /**
   * Admits a request into the node's {@link InFlightRequests}, or refuses it (false) while the node
   * drains, unless another WAR of this node vouches for it. An admitted request must be marked done
   * with {@code shutdown.requests().finish()}.
   *
   * @param header the request's header values by name (case-insensitive), null when absent
   */
  public static boolean admit(GracefulShutdown shutdown, Function<String, String> header) {
    InFlightRequests requests = shutdown.requests();
    if (requests.tryStart()) {
      return true;
    }
    String pass = header.apply(NodeDrain.PASS_HEADER);
    if (pass == null || !shutdown.node().vouchedFor(pass, GracefulShutdown.WAR)) {
      return false;
    }
    requests.startVouched();
    return true;
  }
}
