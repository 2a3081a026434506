package dev.cairn.server.api;

import dev.cairn.server.ErrorType;
import dev.cairn.server.TenantId;
import dev.cairn.server.Unproxied;
import dev.cairn.server.figures.TrafficFigures;
import dev.cairn.server.lifecycle.DrainFilter;
import dev.cairn.server.lifecycle.GracefulShutdown;
import dev.cairn.server.observability.LogContext;
import dev.cairn.server.observability.LogFormat;
import dev.cairn.server.observability.RequestContextFilter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.annotation.Metric;

/**
 * What a request taken by {@link GraphQLListener} (see {@link ListenerRoute}) is answered: the work
 * of each Servlet filter mapped to {@code /t/*} today, in {@code web.xml}'s order, then {@link
 * GraphQLRequests} as {@link GraphQLServlet} calls it — so both paths answer alike:
 *
 * <ol>
 *   <li>{@code RequestContextFilter}: the request id ({@code X-Request-Id}), the log context, the
 *       JSON access line;
 *   <li>{@link BrowserCorsFilter}: a preflight answered 204, {@code Access-Control-*} on every
 *       other answer to a request with {@code Origin};
 *   <li>{@code DrainFilter}: 503 while draining, otherwise counted in flight until answered;
 *   <li>{@code TrafficFilter}: the tenant's traffic figures;
 *   <li>({@code MetricsAccessFilter}, {@link OfrepFilter} and {@link RealtimeEndpoint} answer other
 *       paths and pass this one through);
 *   <li>{@link GraphQLServlet}: {@link GraphQLRequests}.
 * </ol>
 *
 * HTTP-agnostic: the Grizzly filter reads the request and writes the {@link Reply}. Thread-safe.
 */
@ApplicationScoped
public class ListenerAnswers {
  private static final Logger LOG = Logger.getLogger(ListenerAnswers.class.getName());
  static final String JSON = "application/json;charset=UTF-8";

  @Inject GraphQLRequests requests;
  @Inject GracefulShutdown shutdown;
  @Inject TrafficFigures figures;
  @Inject LogFormat format;

  /**
   * Requests answered below the Servlet layer ({@code
   * cairn_graphql_listener_requests_total{mp_scope="application"}} on {@code /metrics}), so an
   * operator (and a test) can see which path answers.
   */
  @Inject
  @Metric(
      name = "cairn.graphql.listener.requests",
      absolute = true,
      description = "GraphQL requests answered below the Servlet layer (cairn.graphql.in-listener)")
  Counter answered;

  /**
   * An answer to write: status, headers in order, content type (null for none) and body.
   *
   * @param body never null; empty for 204
   */
  public record Reply(int status, Map<String, String> headers, String contentType, byte[] body) {}

  /**
   * Creates this bean and the ones a request needs whose producers read the application's
   * environment (the metric, the tracer), which a listener thread does not carry: call it from the
   * application's own start, and give the listener what it returns.
   *
   * <p>From then on this bean and {@link GraphQLRequests} call the application-scoped beans of a
   * request directly instead of through their client proxies ({@link Unproxied}).
   *
   * @return this bean itself, not its client proxy, for the same reason
   */
  public Unproxied<ListenerAnswers> prepare() {
    requests = requests.prepare().bean();
    shutdown = shutdown.instance().bean();
    figures = figures.instance().bean();
    format = format.instance().bean();
    return new Unproxied<>(this);
  }

  /**
   * A request taken by the listener, opened when its header arrived: either answered at once
   * ({@link #immediate}: a preflight, or a draining node's 503, before its body is read, as the
   * Servlet filters answer them) or admitted into the node's in-flight requests until {@link
   * #answer} or {@link #abandon} — so a drain waits for a request whose body is still arriving, as
   * it does on the Servlet path.
   */
  public static final class Exchange {
    final String method;
    final String uri;
    final String slug;
    final String requestId;
    final long started = System.nanoTime();
    final Map<String, String> headers = new LinkedHashMap<>();
    Reply immediate;
    private final AtomicBoolean open = new AtomicBoolean();

    Exchange(String method, String uri, String slug, String requestId) {
      this.method = method;
      this.uri = uri;
      this.slug = slug;
      this.requestId = requestId;
    }

    /** The answer given at once, or null when the request was admitted and awaits its body. */
    public Reply immediate() {
      return immediate;
    }
  }

  /**
   * Opens a request {@link ListenerRoute} took, when its header has arrived.
   *
   * @param uri the request's path as sent
   * @param header the request's header values by name (case-insensitive), null when absent
   */
  public Exchange open(String method, String uri, String slug, Function<String, String> header) {
    answered.inc();
    Exchange exchange =
        new Exchange(
            method,
            uri,
            slug,
            RequestContextFilter.requestId(header.apply(RequestContextFilter.HEADER)));
    exchange.headers.put(RequestContextFilter.HEADER, exchange.requestId);
    if (header.apply("Origin") != null) {
      if (BrowserCorsFilter.isPreflight(method, header)) {
        exchange.headers.putAll(
            BrowserCorsFilter.preflightHeaders(header.apply("Access-Control-Request-Headers")));
        return answeredAtOnce(exchange, new Reply(204, exchange.headers, null, new byte[0]));
      }
      exchange.headers.putAll(BrowserCorsFilter.ANSWER_HEADERS);
    }
    if (!DrainFilter.admit(shutdown, header)) {
      exchange.headers.putAll(DrainFilter.DRAINING_HEADERS);
      return answeredAtOnce(
          exchange,
          new Reply(503, exchange.headers, "application/json", DrainFilter.drainingBody()));
    }
    exchange.open.set(true);
    return exchange;
  }

  private Exchange answeredAtOnce(Exchange exchange, Reply reply) {
    exchange.immediate = reply;
    try (LogContext.Scope scope = LogContext.open(exchange.requestId, exchange.slug)) {
      RequestContextFilter.logAccess(
          format, exchange.method, exchange.uri, reply.status(), exchange.started);
    }
    return exchange;
  }

  /**
   * Answers an admitted request once its body has arrived, and counts it out of the in-flight
   * requests.
   *
   * @param header the request's header values by name (case-insensitive), null when absent
   * @param body the whole body, or null when it was larger than {@link
   *     GraphQLRequests#MAX_BODY_BYTES}
   */
  public Reply answer(Exchange exchange, Function<String, String> header, byte[] body)
      throws IOException {
    // the access line is written inside the log context, so it carries the request id and tenant
    try (LogContext.Scope scope = LogContext.open(exchange.requestId, exchange.slug)) {
      int status = 500;
      try {
        Reply reply =
            counted(TenantId.of(exchange.slug), exchange.uri, header, body, exchange.headers);
        status = reply.status();
        return reply;
      } finally {
        abandon(exchange);
        RequestContextFilter.logAccess(
            format, exchange.method, exchange.uri, status, exchange.started);
      }
    }
  }

  /**
   * Counts an admitted request out of the in-flight requests without answering it (its connection
   * closed before its body arrived); does nothing for one already answered or counted out.
   */
  public void abandon(Exchange exchange) {
    if (exchange.open.compareAndSet(true, false)) {
      shutdown.requests().finish();
    }
  }

  private Reply counted(
      TenantId tenant,
      String uri,
      Function<String, String> header,
      byte[] body,
      Map<String, String> headers)
      throws IOException {
    long started = System.nanoTime();
    GraphQLRequests.Answer answer = null;
    try {
      answer = requests.answer(tenant, uri, header, () -> text(body));
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "GraphQL request of tenant " + tenant.slug() + " failed", e);
      answer =
          GraphQLRequests.Answer.error(
              500,
              ErrorType.INTERNAL_FAILURE.wireName(),
              "the request failed inside the server; retry, and report it if it persists");
    } finally {
      boolean failed = answer == null;
      figures.record(
          tenant,
          System.nanoTime() - started,
          failed || answer.status() >= 400 || answer.graphqlErrors(),
          failed ? 0 : answer.synced());
    }
    headers.putAll(answer.headers());
    return new Reply(answer.status(), headers, JSON, answer.json());
  }

  private static Optional<String> text(byte[] body) {
    if (body == null || body.length == 0 || body.length > GraphQLRequests.MAX_BODY_BYTES) {
      return Optional.empty();
    }
    return Optional.of(new String(body, StandardCharsets.UTF_8));
  }
}
