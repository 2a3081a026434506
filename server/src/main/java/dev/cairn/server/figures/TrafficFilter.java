package dev.cairn.server.figures;

import dev.cairn.server.TenantId;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Times every GraphQL HTTP request under {@code /t/{tenant}/...} into {@link TrafficFigures}, with
 * what the endpoint noted about it ({@link #noteAnswer}): an answer of 200 carrying GraphQL errors
 * counts as an error, and the records its sync queries returned are added up. WebSocket upgrades
 * pass through untimed (a connection's lifetime is not a request's latency).
 */
@WebFilter(urlPatterns = "/t/*", asyncSupported = true)
public class TrafficFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  private static final String GRAPHQL_ERRORS = TrafficFilter.class.getName() + ".graphqlErrors";
  private static final String SYNCED_RECORDS = TrafficFilter.class.getName() + ".syncedRecords";

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
        boolean graphqlErrors = Boolean.TRUE.equals(request.getAttribute(GRAPHQL_ERRORS));
        Object synced = request.getAttribute(SYNCED_RECORDS);
        figures.record(
            tenant,
            System.nanoTime() - started,
            status >= 400 || graphqlErrors,
            synced instanceof Integer n ? n : 0);
      }
    }
  }

  /**
   * Notes what a GraphQL answer held, for the figures: whether its body carries {@code errors} and
   * how many records its sync queries returned.
   */
  public static void noteAnswer(ServletRequest request, boolean graphqlErrors, int syncedRecords) {
    request.setAttribute(GRAPHQL_ERRORS, graphqlErrors);
    request.setAttribute(SYNCED_RECORDS, syncedRecords);
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
