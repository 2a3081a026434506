package dev.cairn.console.lifecycle;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Admits each console request into {@link ConsoleRequests}; while the node drains it answers 503
 * with {@code Retry-After} and {@code Connection: close} before any work, as the server WAR's drain
 * filter does, so a load balancer sends the page to another node. An admitted request may still
 * call the server WAR of this node while it drains: {@code AdminApi} sends the console's pass.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class ConsoleDrainFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  private static final byte[] DRAINING =
      "This Cairn node is shutting down; reload the page to continue on another node.\n"
          .getBytes(StandardCharsets.UTF_8);

  @Inject transient ConsoleDrain drain;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    ConsoleRequests requests = drain.requests();
    if (!requests.tryStart()) {
      response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      response.setHeader("Retry-After", "1");
      response.setHeader("Connection", "close");
      response.setContentType("text/plain;charset=UTF-8");
      response.setContentLength(DRAINING.length);
      response.getOutputStream().write(DRAINING);
      return;
    }
    try {
      chain.doFilter(request, response);
    } finally {
      requests.finish();
    }
  }
}
