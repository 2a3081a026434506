package dev.cairn.server.changes;

import dev.cairn.server.observability.GraphQLTracing;
import dev.cairn.server.observability.TraceParent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.bson.Document;

/**
 * One span per batch of journal entries the change feed reads (not per delivery, which would flood
 * a trace backend), named {@value #SPAN}, with the batch's tenants ({@code cairn.tenants}, and
 * {@value GraphQLTracing#TENANT} when there is one), models ({@code cairn.models}, {@code
 * cairn.model} when there is one), number of changes ({@code cairn.changes}) and of realtime
 * deliveries ({@code cairn.deliveries}). It links to the trace of each request that wrote an entry
 * of the batch (the {@code traceparent} the journal stored with it), at most {@value #MAX_LINKS}
 * distinct ones. With traces off ({@link #off()}: MicroProfile Telemetry's {@code
 * otel.sdk.disabled}, true by default) no span is built at all: Payara's tracer still builds
 * non-recording spans there (ids, attributes, links), a tenth of the feed thread's CPU (JFR of
 * SyncBench, issue 18).
 */
public final class ChangeFeedTracing {
  /** The span's name. */
  public static final String SPAN = "change-feed batch";

  /** Most links one batch span gets; a larger batch's further writers are not linked. */
  static final int MAX_LINKS = 32;

  static final AttributeKey<List<String>> TENANTS = AttributeKey.stringArrayKey("cairn.tenants");
  static final AttributeKey<String> TENANT = AttributeKey.stringKey(GraphQLTracing.TENANT);
  static final AttributeKey<List<String>> MODELS = AttributeKey.stringArrayKey("cairn.models");
  static final AttributeKey<String> MODEL = AttributeKey.stringKey("cairn.model");
  static final AttributeKey<Long> CHANGES = AttributeKey.longKey("cairn.changes");
  static final AttributeKey<Long> DELIVERIES = AttributeKey.longKey("cairn.deliveries");

  /** Null when traces are off. */
  private final Supplier<Tracer> tracer;

  /** Traces with the tracer {@code tracer} supplies (looked up at the first batch). */
  public ChangeFeedTracing(Supplier<Tracer> tracer) {
    this.tracer = Objects.requireNonNull(tracer, "tracer");
  }

  private ChangeFeedTracing() {
    this.tracer = null;
  }

  /** Delivers batches without any span, for a node with traces off. */
  public static ChangeFeedTracing off() {
    return new ChangeFeedTracing();
  }

  /**
   * Delivers {@code entries} (journal documents, in order) one by one inside the batch's span.
   *
   * @return the deliveries of every entry together
   */
  public int deliver(List<Document> entries, ToIntFunction<Document> delivery) {
    if (tracer == null) {
      return deliverEach(entries, delivery);
    }
    Batch batch = Batch.of(entries);
    SpanBuilder builder =
        tracer
            .get()
            .spanBuilder(SPAN)
            .setNoParent()
            .setSpanKind(SpanKind.CONSUMER)
            .setAttribute(TENANTS, batch.tenants)
            .setAttribute(MODELS, batch.models)
            .setAttribute(CHANGES, (long) entries.size());
    if (batch.tenants.size() == 1) {
      builder.setAttribute(TENANT, batch.tenants.get(0));
    }
    if (batch.models.size() == 1) {
      builder.setAttribute(MODEL, batch.models.get(0));
    }
    batch.writers.forEach(builder::addLink);
    Span span = builder.startSpan();
    int deliveries = 0;
    try (Scope scope = span.makeCurrent()) {
      for (Document entry : entries) {
        deliveries += delivery.applyAsInt(entry);
      }
    } finally {
      span.setAttribute(DELIVERIES, (long) deliveries);
      span.end();
    }
    return deliveries;
  }

  private static int deliverEach(List<Document> entries, ToIntFunction<Document> delivery) {
    int deliveries = 0;
    for (Document entry : entries) {
      deliveries += delivery.applyAsInt(entry);
    }
    return deliveries;
  }

  /** What a batch's span says of its entries, read from the journal documents. */
  record Batch(List<String> tenants, List<String> models, List<SpanContext> writers) {
    static Batch of(List<Document> entries) {
      Set<String> tenants = new LinkedHashSet<>();
      Set<String> models = new LinkedHashSet<>();
      Set<SpanContext> writers = new LinkedHashSet<>();
      for (Document entry : entries) {
        tenants.add(String.valueOf(entry.getString("tenant")));
        models.add(String.valueOf(entry.getString("model")));
        if (writers.size() < MAX_LINKS) {
          TraceParent.parse(entry.getString(MongoChangeJournal.TRACEPARENT))
              .ifPresent(writers::add);
        }
      }
      return new Batch(List.copyOf(tenants), List.copyOf(models), List.copyOf(writers));
    }
  }
}
