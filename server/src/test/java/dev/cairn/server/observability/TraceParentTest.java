package dev.cairn.server.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

class TraceParentTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";

  @Test
  void theCurrentSpanIsWrittenAsAW3cTraceparent() {
    SpanContext context =
        SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault());
    try (Scope scope = Span.wrap(context).makeCurrent()) {
      assertThat(TraceParent.current()).hasValue("00-" + TRACE + "-" + SPAN + "-01");
    }
  }

  @Test
  void withoutASpanThereIsNoTraceparent() {
    assertThat(TraceParent.current()).isEmpty();
  }

  @Test
  void aTraceparentIsReadBackAsTheRemoteSpanContextItNames() {
    SpanContext read = TraceParent.parse("00-" + TRACE + "-" + SPAN + "-01").orElseThrow();

    assertThat(read.getTraceId()).isEqualTo(TRACE);
    assertThat(read.getSpanId()).isEqualTo(SPAN);
    assertThat(read.isSampled()).isTrue();
    assertThat(read.isRemote()).isTrue();
  }

  @Test
  void malformedTraceparentsAreIgnored() {
    assertThat(TraceParent.parse(null)).isEmpty();
    assertThat(TraceParent.parse("")).isEmpty();
    assertThat(TraceParent.parse("01-" + TRACE + "-" + SPAN + "-01")).as("version").isEmpty();
    assertThat(TraceParent.parse("00-" + "0".repeat(32) + "-" + SPAN + "-01"))
        .as("all-zero trace id")
        .isEmpty();
    assertThat(TraceParent.parse("00-" + TRACE + "-" + SPAN + "-zz")).as("flags").isEmpty();
    assertThat(TraceParent.parse("00-" + TRACE.toUpperCase() + "-" + SPAN + "-01"))
        .as("upper case")
        .isEmpty();
  }
}
