package dev.cairn.server.api;

import dev.cairn.server.TenantId;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which requests {@link GraphQLListener} answers below the Servlet layer: an HTTP/1.x {@code POST
 * /t/{tenant}/graphql} of a valid tenant slug whose declared size is within {@link
 * GraphQLRequests#MAX_BODY_BYTES}, and the CORS preflight {@code OPTIONS} of that URL. Everything
 * else — another method (answered 405), a path the Servlet container would decode or normalize
 * first ({@code %}, {@code ;}, dot segments), an invalid slug (404), an oversized declared body
 * (which the container may refuse before the servlet), an {@code Upgrade} to anything but {@code
 * h2c} — is left to the Servlet path, so its answers stay exactly the container's. Pure.
 *
 * <p>An offer to upgrade to HTTP/2 in clear text ({@code Upgrade: h2c}, which the JDK's {@code
 * HttpClient} sends with every request on a plain connection until one is accepted) is taken and
 * declined: a server may ignore {@code Upgrade} and answer in the request's own protocol (RFC 9110
 * §7.8), so the listener answers in HTTP/1.1 and the connection stays HTTP/1.1.
 */
final class ListenerRoute {
  private static final Pattern PATH = Pattern.compile("/t/([^/]+)/graphql/?");

  private ListenerRoute() {}

  /**
   * The tenant slug of a request the listener takes, or null when the Servlet path answers it.
   *
   * @param contextPath the server WAR's context path ({@code ""} at the root)
   * @param uri the request's path as sent, without its query
   * @param http1 whether the request is HTTP/1.0 or HTTP/1.1
   * @param contentLength the declared body length, -1 when none (chunked or empty)
   * @param header the request's header values by name (case-insensitive), null when absent
   */
  static String slugOf(
      String contextPath,
      String uri,
      String method,
      boolean http1,
      long contentLength,
      Function<String, String> header) {
    if (!http1 || uri == null || !uri.startsWith(contextPath)) {
      return null;
    }
    String upgrade = header.apply("Upgrade");
    if (upgrade != null && !isH2cOffer(upgrade)) {
      return null;
    }
    String path = uri.substring(contextPath.length());
    if (path.indexOf('%') >= 0 || path.indexOf(';') >= 0 || path.contains("/.")) {
      return null;
    }
    Matcher m = PATH.matcher(path);
    if (!m.matches() || TenantId.problemWith(m.group(1)) != null) {
      return null;
    }
    boolean takes =
        switch (method) {
          case "POST" -> contentLength <= GraphQLRequests.MAX_BODY_BYTES;
          case "OPTIONS" -> BrowserCorsFilter.isPreflight(method, header);
          default -> false;
        };
    return takes ? m.group(1) : null;
  }

  /**
   * Whether an {@code Upgrade} header value offers HTTP/2 in clear text and nothing else, which the
   * listener may decline by answering in HTTP/1.1.
   */
  static boolean isH2cOffer(String upgrade) {
    return "h2c".equalsIgnoreCase(upgrade.strip());
  }
}
