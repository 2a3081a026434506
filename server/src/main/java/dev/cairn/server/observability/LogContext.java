package dev.cairn.server.observability;

/**
 * What every log line written while a request is handled carries: the request's id and, when the
 * request names one, the tenant. Held per thread for the log formatter only; no code reads it to
 * decide anything (the tenant is passed explicitly below the API layer).
 *
 * <p>Thread-safe: each thread sees its own context.
 */
public final class LogContext {
  private static final ThreadLocal<LogContext> CURRENT = new ThreadLocal<>();

  private final String requestId;
  private final String tenant;

  private LogContext(String requestId, String tenant) {
    this.requestId = requestId;
    this.tenant = tenant;
  }

  /** The context of the calling thread, or null outside a request. */
  public static LogContext current() {
    return CURRENT.get();
  }

  /**
   * Makes {@code requestId} and {@code tenant} (null when the request names none) the calling
   * thread's context until the returned scope closes, which restores the previous one.
   */
  public static Scope open(String requestId, String tenant) {
    LogContext previous = CURRENT.get();
    CURRENT.set(new LogContext(requestId, tenant));
    return () -> {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    };
  }

  public String requestId() {
    return requestId;
  }

  /** The tenant's slug, or null. */
  public String tenant() {
    return tenant;
  }

  /** Ends a context opened by {@link #open}. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
