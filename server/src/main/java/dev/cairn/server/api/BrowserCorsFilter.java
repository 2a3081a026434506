package dev.cairn.server.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Cross-origin access for web apps to a tenant's app endpoints ({@code /t/*}: GraphQL, OFREP), as
 * AppSync gives it: an Amplify app served from its own origin sends {@code POST
 * /t/{tenant}/graphql} with {@code x-api-key} or {@code Authorization} and {@code Content-Type:
 * application/json}, so the browser first sends a preflight {@code OPTIONS}, and reads an answer
 * only when it carries {@code Access-Control-Allow-Origin}.
 *
 * <p>Any origin is allowed ({@code *}) and credentials never are: callers authenticate with headers
 * their code sets (an API key or a bearer token), never with cookies the browser adds by itself, so
 * a page of another origin gets nothing its own credentials would not get anyway. A preflight is
 * answered here (204, without authentication: it carries no credentials and does nothing); every
 * other request goes on with {@code Access-Control-Allow-Origin: *} set before any filter or the
 * servlet answers, so that errors (401, 429, a draining node's 503) reach the app's code as errors
 * with their status, not as opaque network failures. Requests without {@code Origin} (native
 * clients) are untouched.
 */
@WebFilter(urlPatterns = "/t/*", asyncSupported = true)
public class BrowserCorsFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;

  /** Answer headers a web app may read besides the safelisted ones. */
  static final String EXPOSED = "X-Request-Id, Retry-After, ETag";

  /** Browsers cap it (Chromium at 2 h); a day lets each cache it as long as it will. */
  static final String MAX_AGE = "86400";

  /** A comma-separated list of header names (RFC 9110 tokens), as a preflight asks for. */
  private static final Pattern HEADER_NAMES =
      Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:[ \\t]*,[ \\t]*[!#$%&'*+.^_`|~0-9A-Za-z-]+)*");

  private static final int MAX_REQUESTED_HEADERS_LENGTH = 2048;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request.getHeader("Origin") == null) {
      chain.doFilter(request, response);
      return;
    }
    response.setHeader("Access-Control-Allow-Origin", "*");
    if (isPreflight(request.getMethod(), request::getHeader)) {
      preflightHeaders(request.getHeader("Access-Control-Request-Headers"))
          .forEach(response::setHeader);
      response.setStatus(HttpServletResponse.SC_NO_CONTENT);
      return;
    }
    response.setHeader("Access-Control-Expose-Headers", EXPOSED);
    chain.doFilter(request, response);
  }

  /**
   * Whether a request is a preflight, answered 204 with {@link #preflightHeaders} before any other
   * filter (a draining node's too).
   */
  static boolean isPreflight(String method, Function<String, String> header) {
    return "OPTIONS".equals(method)
        && header.apply("Origin") != null
        && header.apply("Access-Control-Request-Method") != null;
  }

  /** The headers of a preflight's answer, for one that asks for {@code requestedHeaders}. */
  static Map<String, String> preflightHeaders(String requestedHeaders) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Access-Control-Allow-Origin", "*");
    headers.put("Access-Control-Allow-Methods", "POST");
    String allowed = allowedHeaders(requestedHeaders);
    if (allowed != null) {
      headers.put("Access-Control-Allow-Headers", allowed);
    }
    headers.put("Access-Control-Max-Age", MAX_AGE);
    return headers;
  }

  /** The headers of every other answer to a request with {@code Origin}. */
  static final Map<String, String> ANSWER_HEADERS =
      Map.of("Access-Control-Allow-Origin", "*", "Access-Control-Expose-Headers", EXPOSED);

  /**
   * The header names a preflight asks for, to be allowed as they are (the server authenticates
   * every request itself, so no header needs to be refused here), or null when the list is missing
   * or not a plain list of header names.
   */
  static String allowedHeaders(String requested) {
    if (requested == null
        || requested.length() > MAX_REQUESTED_HEADERS_LENGTH
        || !HEADER_NAMES.matcher(requested.strip()).matches()) {
      return null;
    }
    return requested.strip();
  }
}
