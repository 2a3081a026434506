package dev.cairn.server.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.TraceState;
import java.util.Optional;

/**
 * A span context as a W3C {@code traceparent} value ({@code 00-<trace id>-<span id>-<flags>}, 55
 * characters): what a change journal entry stores of the request that wrote it, so the change
 * feed's span can link to that request's trace on whichever node reads the entry.
 */
public final class TraceParent {
  private TraceParent() {}

  /** The current span's context as a {@code traceparent}, if a span is recording (tracing on). */
  public static Optional<String> current() {
    SpanContext context = Span.current().getSpanContext();
    if (!context.isValid()) {
      return Optional.empty();
    }
    return Optional.of(
        "00-"
            + context.getTraceId()
            + "-"
            + context.getSpanId()
            + "-"
            + context.getTraceFlags().asHex());
  }

  /** The remote span context {@code traceparent} names; empty when it is not a valid version 00. */
  public static Optional<SpanContext> parse(String traceparent) {
    if (traceparent == null || traceparent.length() != 55) {
      return Optional.empty();
    }
    String[] parts = traceparent.split("-", -1);
    if (parts.length != 4
        || !"00".equals(parts[0])
        || !TraceId.isValid(parts[1])
        || !SpanId.isValid(parts[2])
        || !parts[3].matches("[0-9a-f]{2}")) {
      return Optional.empty();
    }
    return Optional.of(
        SpanContext.createFromRemoteParent(
            parts[1], parts[2], TraceFlags.fromHex(parts[3], 0), TraceState.getDefault()));
  }
}
