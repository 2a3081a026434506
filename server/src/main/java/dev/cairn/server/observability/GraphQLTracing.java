package dev.cairn.server.observability;

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
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The server span of a GraphQL HTTP request ({@code POST /t/{tenant}/graphql}), named by its route
 * and carrying the tenant as {@value #TENANT}; the MongoDB commands the request runs become its
 * children ({@link MongoTracing}). A caller's W3C {@code traceparent} makes it a child of the
 * caller's trace. Spans go wherever MicroProfile Telemetry's standard settings send them ({@code
 * otel.sdk.disabled=false}, {@code otel.exporter.otlp.endpoint}, ...); with the SDK disabled (the
 * default) no span is made at all.
 */
@ApplicationScoped
public class GraphQLTracing {
  /** The span attribute naming the tenant. */
  public static final String TENANT = "cairn.tenant";

  static final String ROUTE = "/t/{tenant}/graphql";

  private static final TextMapGetter<HttpServletRequest> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpServletRequest request) {
          return Collections.list(request.getHeaderNames());
        }

        @Override
        public String get(HttpServletRequest request, String key) {
          return request == null ? null : request.getHeader(key);
        }
      };

  @Inject Tracer tracer;
  @Inject OpenTelemetry openTelemetry;

  /** MicroProfile Telemetry's own switch: with traces off a request runs without a span. */
  @Inject
  @ConfigProperty(name = "otel.sdk.disabled", defaultValue = "true")
  boolean disabled;

  /** Runs {@code handling} inside the request's span, ending the span with the response status. */
  public void trace(
      HttpServletRequest request, HttpServletResponse response, String tenant, Handling handling)
      throws IOException {
    if (disabled) {
      handling.run();
      return;
    }
    Context parent =
        openTelemetry
            .getPropagators()
            .getTextMapPropagator()
            .extract(Context.current(), request, HEADERS);
    Span span =
        tracer
            .spanBuilder("POST " + ROUTE)
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .setAttribute(TENANT, tenant)
            .setAttribute("http.request.method", "POST")
            .setAttribute("http.route", ROUTE)
            .setAttribute("url.path", request.getRequestURI())
            .startSpan();
    try (Scope scope = span.makeCurrent()) {
      handling.run();
      span.setAttribute("http.response.status_code", response.getStatus());
      if (response.getStatus() >= 500) {
        span.setStatus(StatusCode.ERROR);
      }
    } catch (IOException | RuntimeException e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR);
      throw e;
    } finally {
      span.end();
    }
  }

  /** The request's own work. */
  @FunctionalInterface
  public interface Handling {
    void run() throws IOException;
  }
}
