package dev.cairn.server.changes;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class ChangeFeedTracingTest {
  private static final String WRITER_A = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private static final String WRITER_B = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  private static Document entry(String tenant, String model, String traceparent) {
    Document entry = new Document("tenant", tenant).append("model", model);
    if (traceparent != null) {
      entry.append(MongoChangeJournal.TRACEPARENT, traceparent);
    }
    return entry;
  }

  @Test
  void aBatchNamesItsTenantsAndModelsOnceEachInJournalOrder() {
    ChangeFeedTracing.Batch batch =
        ChangeFeedTracing.Batch.of(
            List.of(
                entry("acme", "Post", null),
                entry("globex", "Comment", null),
                entry("acme", "Post", null)));

    assertThat(batch.tenants()).containsExactly("acme", "globex");
    assertThat(batch.models()).containsExactly("Post", "Comment");
  }

  @Test
  void aBatchLinksEachWritingRequestOnceAndSkipsEntriesWithoutOrWithABadTraceparent() {
    ChangeFeedTracing.Batch batch =
        ChangeFeedTracing.Batch.of(
            List.of(
                entry("acme", "Post", WRITER_A),
                entry("acme", "Post", WRITER_A),
                entry("acme", "Post", null),
                entry("acme", "Post", "not-a-traceparent"),
                entry("acme", "Post", WRITER_B)));

    assertThat(batch.writers())
        .extracting(SpanContext::getTraceId)
        .containsExactly("4bf92f3577b34da6a3ce929d0e0e4736", "0af7651916cd43dd8448eb211c80319c");
  }

  @Test
  void aBatchLinksAtMostMaxLinksWriters() {
    List<Document> entries = new ArrayList<>();
    for (int i = 0; i < ChangeFeedTracing.MAX_LINKS + 10; i++) {
      entries.add(entry("acme", "Post", String.format("00-%032x-00f067aa0ba902b7-01", i + 1)));
    }

    assertThat(ChangeFeedTracing.Batch.of(entries).writers()).hasSize(ChangeFeedTracing.MAX_LINKS);
  }

  @Test
  void everyEntryIsDeliveredInOrderAndTheDeliveriesAreSummed() {
    ChangeFeedTracing tracing = new ChangeFeedTracing(() -> OpenTelemetry.noop().getTracer("test"));
    List<String> delivered = new ArrayList<>();

    int deliveries =
        tracing.deliver(
            List.of(entry("acme", "Post", WRITER_A), entry("acme", "Comment", null)),
            e -> {
              delivered.add(e.getString("model"));
              return 3;
            });

    assertThat(delivered).containsExactly("Post", "Comment");
    assertThat(deliveries).isEqualTo(6);
  }

  @Test
  void withTracesOffEveryEntryIsDeliveredInOrderWithoutAnySpan() {
    List<String> delivered = new ArrayList<>();

    int deliveries =
        ChangeFeedTracing.off()
            .deliver(
                List.of(entry("acme", "Post", WRITER_A), entry("acme", "Comment", null)),
                e -> {
                  delivered.add(e.getString("model"));
                  assertThat(Span.current().getSpanContext().isValid()).isFalse();
                  return 2;
                });

    assertThat(delivered).containsExactly("Post", "Comment");
    assertThat(deliveries).isEqualTo(4);
  }
}
