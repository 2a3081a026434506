package dev.cairn.server.figures;

import dev.cairn.server.TenantId;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Times every GraphQL HTTP request under {@code /t/{tenant}/...} into {@link TrafficFigures}.
 * WebSocket upgrades pass through untimed (a connection's lifetime is not a request's latency).
 */
@WebFilter(urlPatterns = "/t/*", asyncSupported = true)
public class TrafficFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;

  @Inject transient TrafficFigures figures;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    TenantId tenant =
        tenantOf(request.getRequestURI().substring(request.getContextPath().length()));
    if (tenant == null || "websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
      chain.doFilter(request, response);
      return;
    }
    long started = System.nanoTime();
    try {
      chain.doFilter(request, response);
    } finally {
      int status = response.getStatus();
      if (status != HttpServletResponse.SC_NOT_FOUND) {
        figures.record(tenant, System.nanoTime() - started, status >= 400);
      }
    }
  }

  /** The tenant of a path {@code /t/{slug}/...}, or null. */
  static TenantId tenantOf(String path) {
    if (!path.startsWith("/t/")) {
      return null;
    }
    int end = path.indexOf('/', 3);
    String slug = end < 0 ? path.substring(3) : path.substring(3, end);
    return TenantId.problemWith(slug) == null ? TenantId.of(slug) : null;
  }
}
