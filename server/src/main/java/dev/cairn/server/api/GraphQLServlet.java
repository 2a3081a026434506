package dev.cairn.server.api;

import dev.cairn.server.ErrorType;
import dev.cairn.server.TenantId;
import dev.cairn.server.figures.TrafficFilter;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /t/{tenant}/graphql}: a tenant's AppSync-compatible GraphQL API on the Servlet path.
 * The request's own work is {@link GraphQLRequests}; this servlet routes to it, answers what is not
 * a GraphQL request (405, 404) and writes the answer. With {@code cairn.graphql.in-listener} (the
 * default) most requests are answered below the Servlet layer by {@link GraphQLListener} through
 * the same {@link GraphQLRequests}; what that path does not take (HTTP/2, another method, an
 * unusual path or size) still comes here, and so does every request with the setting off.
 *
 * <p>A plain servlet rather than a JAX-RS resource: this is the hottest path of the server, and the
 * JAX-RS machinery around one method (routing, a request-scoped bean, entity providers) cost more
 * than the request's own work. The realtime upgrade on {@code /t/{tenant}/graphql/realtime} is
 * taken by {@link RealtimeEndpoint} before a request reaches this servlet.
 */
@WebServlet(urlPatterns = "/t/*")
public class GraphQLServlet extends HttpServlet {
  static final int MAX_BODY_BYTES = GraphQLRequests.MAX_BODY_BYTES;

  private static final Pattern PATH = Pattern.compile("/([^/]+)/graphql/?");

  @Inject GraphQLRequests requests;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!"POST".equals(request.getMethod())) {
      response.setHeader("Allow", "POST");
      write(
          response,
          GraphQLRequests.Answer.error(
              405,
              ErrorType.BAD_REQUEST.wireName(),
              request.getMethod() + " is not supported; send the GraphQL request as a POST"));
      return;
    }
    doPost(request, response);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Matcher path = PATH.matcher(Optional.ofNullable(request.getPathInfo()).orElse(""));
    if (!path.matches()) {
      write(
          response,
          GraphQLRequests.Answer.error(
              404,
              ErrorType.NOT_FOUND.wireName(),
              "no such endpoint; use POST /t/{tenant}/graphql"));
      return;
    }
    String slug = path.group(1);
    if (TenantId.problemWith(slug) != null) {
      write(
          response,
          GraphQLRequests.Answer.error(
              404, ErrorType.NOT_FOUND.wireName(), "no tenant `" + slug + "`"));
      return;
    }
    GraphQLRequests.Answer answer =
        requests.answer(
            TenantId.of(slug), request.getRequestURI(), request::getHeader, () -> body(request));
    TrafficFilter.noteAnswer(request, answer.graphqlErrors(), answer.synced());
    write(response, answer);
  }

  /** The body as UTF-8, or empty when it is missing or larger than {@link #MAX_BODY_BYTES}. */
  private static Optional<String> body(HttpServletRequest request) throws IOException {
    if (request.getContentLengthLong() > MAX_BODY_BYTES) {
      return Optional.empty();
    }
    try (InputStream in = request.getInputStream()) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length == 0 || bytes.length > MAX_BODY_BYTES) {
        return Optional.empty();
      }
      return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }
  }

  private static void write(HttpServletResponse response, GraphQLRequests.Answer answer)
      throws IOException {
    answer.headers().forEach(response::setHeader);
    response.setStatus(answer.status());
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setContentLength(answer.json().length);
    response.getOutputStream().write(answer.json());
  }
}
