package dev.cairn.server.api;

import dev.cairn.server.ErrorType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpEvents;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.util.HttpStatus;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.threadpool.Threads;

/**
 * Answers {@code /t/{tenant}/graphql} below the Servlet layer: a Grizzly filter in the HTTP
 * listener's chain, right after the HTTP codec (so before Grizzly's HTTP/2 filter, which would
 * otherwise accept an h2c offer first, and before the HTTP server and Catalina). A request {@link
 * ListenerRoute} takes is gathered whole (its body may come in several reads; a declared {@code
 * Expect: 100-continue} is acknowledged as Grizzly's HTTP server does), answered by {@link
 * ListenerAnswers} on the thread that delivered its last part, and written through the codec, which
 * keeps HTTP/1.1 keep-alive, {@code Connection: close} and the listener's keep-alive limits as for
 * any answer. Every other request passes on untouched to the Servlet path.
 *
 * <p>Payara's listeners deliver requests on the listener's worker pool ({@code http-thread-pool}),
 * as for the Servlet path, so concurrency stays bounded by that pool; a request delivered on a
 * selector thread (another I/O strategy) is left to the Servlet path, never answered there.
 */
final class GraphQLListenerFilter extends BaseFilter {
  private static final Logger LOG = Logger.getLogger(GraphQLListenerFilter.class.getName());

  private static final Attribute<Pending> PENDING =
      Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(
          GraphQLListenerFilter.class.getName() + ".pending");

  private final ListenerAnswers answers;
  private final String contextPath;
  private final ClassLoader application;

  GraphQLListenerFilter(ListenerAnswers answers, String contextPath, ClassLoader application) {
    this.answers = answers;
    this.contextPath = contextPath;
    this.application = application;
  }

  /** A request whose body is still arriving. */
  private static final class Pending {
    final HttpRequestPacket request;
    final ListenerAnswers.Exchange exchange;
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    boolean oversized;

    Pending(HttpRequestPacket request, ListenerAnswers.Exchange exchange) {
      this.request = request;
      this.exchange = exchange;
    }

    void append(HttpContent content) {
      Buffer buffer = content.getContent();
      int n = buffer.remaining();
      if (oversized || n == 0) {
        return;
      }
      if (body.size() + n > GraphQLRequests.MAX_BODY_BYTES) {
        oversized = true;
        body.reset();
        return;
      }
      byte[] bytes = new byte[n];
      buffer.get(bytes);
      body.write(bytes, 0, n);
    }

    byte[] body() {
      return oversized ? null : body.toByteArray();
    }
  }

  @Override
  public NextAction handleRead(FilterChainContext ctx) throws IOException {
    if (!(ctx.getMessage() instanceof HttpContent content)) {
      return ctx.getInvokeAction();
    }
    HttpHeader header = content.getHttpHeader();
    if (!header.isRequest()) {
      return ctx.getInvokeAction();
    }
    Connection<?> connection = ctx.getConnection();
    Pending pending = PENDING.get(connection);
    if (pending != null && pending.request == header) {
      pending.append(content);
      if (!content.isLast()) {
        return ctx.getStopAction();
      }
      PENDING.remove(connection);
      if (pending.exchange.immediate() != null) {
        // answered when its header arrived; the rest of its body is read and dropped
        return ctx.getStopAction();
      }
      return answer(ctx, pending.request, pending.exchange, pending.body());
    }
    HttpRequestPacket request = (HttpRequestPacket) header;
    // decoded once: Grizzly decodes the path again on each getRequestURI()
    String uri = request.getRequestURI();
    String slug = slugOf(request, uri);
    if (slug == null) {
      return ctx.getInvokeAction();
    }
    // An h2c offer is declined by answering in HTTP/1.1: without its Upgrade the HTTP codec keeps
    // the connection alive after the answer instead of closing it as an upgraded one.
    request.getUpgradeDC().recycle();
    ListenerAnswers.Exchange exchange = open(request, uri, slug);
    if (exchange.immediate() != null) {
      // as the Servlet filters do: a preflight and a draining node's 503 are answered before the
      // body is read
      write(ctx, request, exchange.immediate());
      if (!content.isLast()) {
        PENDING.set(connection, new Pending(request, exchange));
      }
      return ctx.getStopAction();
    }
    Pending started = new Pending(request, exchange);
    started.append(content);
    if (content.isLast()) {
      return answer(ctx, request, exchange, started.body());
    }
    PENDING.set(connection, started);
    if (request.requiresAcknowledgement()) {
      acknowledge(ctx, request);
    }
    return ctx.getStopAction();
  }

  /**
   * The HTTP codec treats a request carrying {@code Upgrade} as the start of another protocol and
   * passes its body on unframed, unless a filter claims the upgrade (as Grizzly's HTTP/2 filter
   * claims an h2c offer). An h2c offer this filter will answer is claimed the same way, so its body
   * is read by its {@code Content-Length} or chunks, whether or not the listener has HTTP/2 on.
   */
  @Override
  public NextAction handleEvent(FilterChainContext ctx, FilterChainEvent event) throws IOException {
    if (event.type() == HttpEvents.IncomingHttpUpgradeEvent.TYPE
        && ((HttpEvents.IncomingHttpUpgradeEvent) event).getHttpHeader()
            instanceof HttpRequestPacket request
        && slugOf(request, request.getRequestURI()) != null) {
      request.setIgnoreContentModifiers(false);
    }
    return ctx.getInvokeAction();
  }

  /** The tenant slug of a request this filter answers, or null when the Servlet path does. */
  private String slugOf(HttpRequestPacket request, String uri) {
    if (Threads.isService()) {
      return null;
    }
    return ListenerRoute.slugOf(
        contextPath,
        uri,
        request.getMethod().getMethodString(),
        request.getProtocol() == Protocol.HTTP_1_1 || request.getProtocol() == Protocol.HTTP_1_0,
        request.getContentLength(),
        request::getHeader);
  }

  /** A request whose connection closes before its body arrived no longer counts as in flight. */
  @Override
  public NextAction handleClose(FilterChainContext ctx) throws IOException {
    Pending pending = PENDING.remove(ctx.getConnection());
    if (pending != null) {
      answers.abandon(pending.exchange);
    }
    return ctx.getInvokeAction();
  }

  private ListenerAnswers.Exchange open(HttpRequestPacket request, String uri, String slug) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(application);
    try {
      return answers.open(request.getMethod().getMethodString(), uri, slug, request::getHeader);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** {@code 100 Continue} to a request that waits for it before sending its body. */
  private static void acknowledge(FilterChainContext ctx, HttpRequestPacket request) {
    HttpResponsePacket response = request.getResponse();
    if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
      response.setStatus(HttpStatus.CONINTUE_100);
      response.setAcknowledgement(true);
      ctx.write(response);
    }
  }

  private NextAction answer(
      FilterChainContext ctx,
      HttpRequestPacket request,
      ListenerAnswers.Exchange exchange,
      byte[] body)
      throws IOException {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(application);
    ListenerAnswers.Reply reply;
    try {
      reply = answers.answer(exchange, request::getHeader, body);
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "GraphQL request " + request.getRequestURI() + " failed", e);
      reply =
          new ListenerAnswers.Reply(
              500,
              Map.of("Connection", "close"),
              ListenerAnswers.JSON,
              GraphQLRequests.Answer.error(
                      500,
                      ErrorType.INTERNAL_FAILURE.wireName(),
                      "the request failed inside the server; retry, and report it if it persists")
                  .json());
    } finally {
      thread.setContextClassLoader(previous);
    }
    write(ctx, request, reply);
    return ctx.getStopAction();
  }

  private static void write(
      FilterChainContext ctx, HttpRequestPacket request, ListenerAnswers.Reply reply) {
    HttpResponsePacket response = request.getResponse();
    response.setStatus(reply.status());
    for (Map.Entry<String, String> h : reply.headers().entrySet()) {
      response.setHeader(h.getKey(), h.getValue());
    }
    if (reply.contentType() != null) {
      response.setContentType(reply.contentType());
    }
    if (reply.status() != 204) {
      response.setContentLength(reply.body().length);
    }
    ctx.write(
        HttpContent.builder(response)
            .content(Buffers.wrap(ctx.getMemoryManager(), reply.body()))
            .last(true)
            .build());
    ctx.notifyDownstream(HttpServerFilter.RESPONSE_COMPLETE_EVENT);
  }

  @Override
  public void exceptionOccurred(FilterChainContext ctx, Throwable error) {
    LOG.log(Level.FINE, "GraphQL listener filter", error);
  }
}
