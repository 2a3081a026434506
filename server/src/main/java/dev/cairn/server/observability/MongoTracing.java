package dev.cairn.server.observability;

import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.bson.BsonValue;

/**
 * A client span for each MongoDB command run while a traced request is handled (the synchronous
 * driver calls the listener on the thread that runs the command, where the request's span is
 * current). Commands outside a traced request (the change feed, retention) are not traced. Only the
 * command's name, database and collection are recorded, never its filter or documents.
 */
public final class MongoTracing implements CommandListener {
  private final Supplier<Tracer> tracer;
  private final Map<Integer, Span> open = new ConcurrentHashMap<>();

  /** Traces with the tracer {@code tracer} supplies (looked up once a command runs). */
  public MongoTracing(Supplier<Tracer> tracer) {
    this.tracer = tracer;
  }

  @Override
  public void commandStarted(CommandStartedEvent event) {
    if (!Span.current().getSpanContext().isValid()) {
      return;
    }
    String collection = collectionOf(event);
    Span span =
        tracer
            .get()
            .spanBuilder(event.getCommandName() + (collection == null ? "" : " " + collection))
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute("db.system", "mongodb")
            .setAttribute("db.operation.name", event.getCommandName())
            .setAttribute("db.namespace", event.getDatabaseName())
            .startSpan();
    if (collection != null) {
      span.setAttribute("db.collection.name", collection);
    }
    open.put(event.getRequestId(), span);
  }

  @Override
  public void commandSucceeded(CommandSucceededEvent event) {
    Span span = open.remove(event.getRequestId());
    if (span != null) {
      span.end();
    }
  }

  @Override
  public void commandFailed(CommandFailedEvent event) {
    Span span = open.remove(event.getRequestId());
    if (span != null) {
      span.recordException(event.getThrowable());
      span.setStatus(StatusCode.ERROR);
      span.end();
    }
  }

  private static String collectionOf(CommandStartedEvent event) {
    BsonValue value = event.getCommand().get(event.getCommandName());
    return value != null && value.isString() ? value.asString().getValue() : null;
  }
}
