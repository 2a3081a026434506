package dev.cairn.server.api;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Guards Payara's MicroProfile Metrics endpoint, which is served inside this (root) web module:
 * {@code /metrics} needs {@code Authorization: Bearer <cairn.metrics.token>} ({@code
 * CAIRN_METRICS_TOKEN}), the token a Prometheus scrape job sends ({@code authorization:
 * {credentials: ...}}). Without a configured token metrics are not served at all (401), because
 * they reveal tenant slugs, load and versions. The token is compared in constant time.
 */
@WebFilter(urlPatterns = {"/metrics", "/metrics/*"})
public class MetricsAccessFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  private static final String BEARER = "Bearer ";

  @Inject
  @ConfigProperty(name = "cairn.metrics.token")
  Optional<String> token;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (allowed(token, request.getHeader("Authorization"))) {
      chain.doFilter(request, response);
      return;
    }
    response.setStatus(401);
    response.setHeader("WWW-Authenticate", "Bearer realm=\"cairn-metrics\"");
    response.setContentType(Problem.MEDIA_TYPE);
    String detail =
        token.filter(t -> !t.isBlank()).isPresent()
            ? "send `Authorization: Bearer <CAIRN_METRICS_TOKEN>`"
            : "metrics are off: the operator sets CAIRN_METRICS_TOKEN to serve them";
    response
        .getOutputStream()
        .write(Problem.json(401, "Unauthorized", detail).getBytes(StandardCharsets.UTF_8));
  }

  static boolean allowed(Optional<String> configured, String authorization) {
    if (configured.isEmpty() || configured.get().isBlank() || authorization == null) {
      return false;
    }
    if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return false;
    }
    byte[] presented =
        authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(presented, configured.get().getBytes(StandardCharsets.UTF_8));
  }
}
