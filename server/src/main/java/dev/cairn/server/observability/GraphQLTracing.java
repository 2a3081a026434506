package dev.cairn.server.observability;

import dev.cairn.server.Unproxied;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The server span of a GraphQL HTTP request ({@code POST /t/{tenant}/graphql}), named by its route
 * and carrying the tenant as {@value #TENANT}; the MongoDB commands the request runs become its
 * children ({@link MongoTracing}). A caller's W3C {@code traceparent} makes it a child of the
 * caller's trace. Spans go wherever MicroProfile Telemetry's standard settings send them ({@code
 * otel.sdk.disabled=false}, {@code otel.exporter.otlp.endpoint}, ...); with the SDK disabled (the
 * default) no span is made at all.
 *
 * <p>The request is given as a header look-up (so the Servlet path and the listener path, {@code
 * GraphQLListener}, trace alike): the W3C trace-context and baggage propagators read headers by
 * name only.
 */
@ApplicationScoped
public class GraphQLTracing {
  /** This bean itself, not its client proxy (see {@link Unproxied}); it has no interceptors. */
  public Unproxied<GraphQLTracing> instance() {
    return new Unproxied<>(this);
  }

  /** The span attribute naming the tenant. */
  public static final String TENANT = "cairn.tenant";

  static final String ROUTE = "/t/{tenant}/graphql";

  private static final TextMapGetter<Function<String, String>> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Function<String, String> header) {
          return List.of();
        }

        @Override
        public String get(Function<String, String> header, String key) {
          return header == null ? null : header.apply(key);
        }
      };

  @Inject Tracer tracer;
  @Inject OpenTelemetry openTelemetry;

  /** MicroProfile Telemetry's own switch: with traces off a request runs without a span. */
  @Inject
  @ConfigProperty(name = "otel.sdk.disabled", defaultValue = "true")
  boolean disabled;

  /**
   * Creates this bean and, when traces are on, the application-scoped {@link Tracer} and {@link
   * OpenTelemetry} behind its proxies now, on a thread that carries the application's environment
   * (Payara's telemetry producers read it), before a listener thread first needs them: made there,
   * the producers fail with "No application code is executing".
   */
  public void prepare() {
    if (!disabled) {
      openTelemetry.getPropagators();
      tracer.spanBuilder("POST " + ROUTE); // never started: no span
    }
  }

  /**
   * Runs {@code handling} inside the request's span, ending the span with the status {@code
   * statusOf} reads from its answer.
   *
   * @param header the request's header values by name (case-insensitive), null when absent
   * @param path the request's path as sent
   */
  public <T> T trace(
      Function<String, String> header,
      String path,
      String tenant,
      Handling<T> handling,
      ToIntFunction<T> statusOf)
      throws IOException {
    if (disabled) {
      return handling.run();
    }
    Context parent =
        openTelemetry
            .getPropagators()
            .getTextMapPropagator()
            .extract(Context.current(), header, HEADERS);
    Span span =
        tracer
            .spanBuilder("POST " + ROUTE)
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .setAttribute(TENANT, tenant)
            .setAttribute("http.request.method", "POST")
            .setAttribute("http.route", ROUTE)
            .setAttribute("url.path", path)
            .startSpan();
    try (Scope scope = span.makeCurrent()) {
      T answer = handling.run();
      int status = statusOf.applyAsInt(answer);
      span.setAttribute("http.response.status_code", status);
      if (status >= 500) {
        span.setStatus(StatusCode.ERROR);
      }
      return answer;
    } catch (IOException | RuntimeException e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR);
      throw e;
    } finally {
      span.end();
    }
  }

  /** The request's own work, giving its answer. */
  @FunctionalInterface
  public interface Handling<T> {
    T run() throws IOException;
  }
}
