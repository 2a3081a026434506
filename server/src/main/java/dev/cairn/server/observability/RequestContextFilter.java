package dev.cairn.server.observability;

import dev.cairn.server.TenantId;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Gives every HTTP request an id and opens its {@link LogContext} (request id and the tenant its
 * path names) while it is handled. The id is the caller's {@code X-Request-Id} when that is a plain
 * token of at most 64 characters (so a load balancer's id follows the request), otherwise a new
 * UUID; the response carries it in {@code X-Request-Id}. With JSON logs each request also gets one
 * access line (method, path, status, milliseconds) on the logger {@value #ACCESS_LOGGER}.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class RequestContextFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  public static final String HEADER = "X-Request-Id";
  static final String ACCESS_LOGGER = "dev.cairn.server.access";
  private static final Pattern ACCEPTED_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final Logger ACCESS = Logger.getLogger(ACCESS_LOGGER);

  @Inject transient LogFormat format;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String requestId = requestId(request.getHeader(HEADER));
    String path = request.getRequestURI().substring(request.getContextPath().length());
    response.setHeader(HEADER, requestId);
    long started = System.nanoTime();
    try (LogContext.Scope scope = LogContext.open(requestId, tenantOf(path))) {
      try {
        chain.doFilter(request, response);
      } finally {
        logAccess(
            format, request.getMethod(), request.getRequestURI(), response.getStatus(), started);
      }
    }
  }

  /**
   * With JSON logs, writes a request's access line (method, path, status, milliseconds since {@code
   * startedNanos}).
   */
  public static void logAccess(
      LogFormat format, String method, String uri, int status, long startedNanos) {
    if (format.json()) {
      ACCESS.info(
          method
              + " "
              + uri
              + " "
              + status
              + " "
              + (System.nanoTime() - startedNanos) / 1_000_000
              + " ms");
    }
  }

  /** The id of a request whose {@code X-Request-Id} header is {@code offered} (may be null). */
  public static String requestId(String offered) {
    return offered != null && ACCEPTED_ID.matcher(offered).matches() ? offered : newRequestId();
  }

  /**
   * A new random (version 4) UUID as text. A request id only tells requests apart in the logs, it
   * guards nothing, so it comes from {@link ThreadLocalRandom}: {@link UUID#randomUUID()} draws on
   * the process's shared {@code SecureRandom}, a measured share of each request's CPU (issue 18).
   */
  static String newRequestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long low = (random.nextLong() & ~(0x3L << 62)) | (0x2L << 62); // IETF variant
    return new UUID(high, low).toString();
  }

  /**
   * The tenant named by {@code /t/{slug}/...} or {@code /api/admin/tenants/{slug}/...}, or null.
   */
  static String tenantOf(String path) {
    String slug = segmentAfter(path, "/t/");
    if (slug == null) {
      slug = segmentAfter(path, "/api/admin/tenants/");
    }
    return slug != null && TenantId.problemWith(slug) == null ? slug : null;
  }

  private static String segmentAfter(String path, String prefix) {
    if (!path.startsWith(prefix)) {
      return null;
    }
    int end = path.indexOf('/', prefix.length());
    return end < 0 ? path.substring(prefix.length()) : path.substring(prefix.length(), end);
  }
}
