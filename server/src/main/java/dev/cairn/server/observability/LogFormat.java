package dev.cairn.server.observability;

import dev.cairn.server.Unproxied;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The node's log format, {@code cairn.log.format} ({@code CAIRN_LOG_FORMAT}): {@code text} (the
 * default, Payara's own lines) or {@code json}, where every console line the node writes from the
 * moment this WAR starts is one JSON object ({@link JsonLogFormatter}) and each HTTP request also
 * gets one access line. Payara's console handler is shared by every application of the node, so the
 * formatter is put on it at start and the previous one put back when the application stops.
 */
@ApplicationScoped
public class LogFormat {
  /** This bean itself, not its client proxy (see {@link Unproxied}); it has no interceptors. */
  public Unproxied<LogFormat> instance() {
    return new Unproxied<>(this);
  }

  private static final Logger LOG = Logger.getLogger(LogFormat.class.getName());

  @Inject
  @ConfigProperty(name = "cairn.log.format", defaultValue = "text")
  String format;

  @Inject
  @ConfigProperty(name = "cairn.node.id")
  Optional<String> nodeId;

  private final Map<Handler, Formatter> replaced = new IdentityHashMap<>();
  private boolean json;

  void start(@Observes @Initialized(ApplicationScoped.class) Object application) {
    json = parse(format);
    if (json) {
      JsonLogFormatter formatter = new JsonLogFormatter(nodeId.orElseGet(LogFormat::hostName));
      for (Handler handler : LogManager.getLogManager().getLogger("").getHandlers()) {
        if (handler instanceof ConsoleHandler) {
          replaced.put(handler, handler.getFormatter());
          handler.setFormatter(formatter);
        }
      }
      LOG.info("log format json on " + replaced.size() + " console handler(s)");
    }
  }

  /** True when log lines are JSON and each request gets an access line. */
  public boolean json() {
    return json;
  }

  @PreDestroy
  void stop() {
    replaced.forEach(Handler::setFormatter);
    replaced.clear();
  }

  static boolean parse(String format) {
    return switch (format.trim().toLowerCase(Locale.ROOT)) {
      case "text" -> false;
      case "json" -> true;
      default ->
          throw new IllegalArgumentException(
              "cairn.log.format (CAIRN_LOG_FORMAT) is `"
                  + format
                  + "`; use `text` (Payara's plain lines) or `json` (one JSON object per line)");
    };
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
