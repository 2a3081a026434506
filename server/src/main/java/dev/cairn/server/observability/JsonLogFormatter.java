package dev.cairn.server.observability;

import dev.cairn.server.Jsonp;
import jakarta.json.JsonObjectBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Formats each log record as one JSON object on one line: {@code time} (ISO-8601, UTC), {@code
 * level}, {@code logger}, {@code thread}, {@code message} (its parameters filled in), {@code node},
 * and, while a request is handled, {@code requestId} and {@code tenant} from {@link LogContext};
 * {@code error} holds the stack trace of a thrown exception. Line breaks inside values are escaped,
 * so a line is always a whole record. Thread-safe.
 */
public final class JsonLogFormatter extends Formatter {
  private final String node;

  /** A formatter naming {@code node} (this node's id) on every line. */
  public JsonLogFormatter(String node) {
    this.node = node;
  }

  @Override
  public String format(LogRecord record) {
    JsonObjectBuilder line =
        Jsonp.PROVIDER
            .createObjectBuilder()
            .add("time", Instant.ofEpochMilli(record.getMillis()).toString())
            .add("level", record.getLevel().getName())
            .add("logger", String.valueOf(record.getLoggerName()))
            .add("thread", Thread.currentThread().getName())
            .add("message", String.valueOf(formatMessage(record)))
            .add("node", node);
    LogContext context = LogContext.current();
    if (context != null) {
      line.add("requestId", context.requestId());
      if (context.tenant() != null) {
        line.add("tenant", context.tenant());
      }
    }
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      line.add("error", trace.toString());
    }
    return line.build().toString() + System.lineSeparator();
  }
}
