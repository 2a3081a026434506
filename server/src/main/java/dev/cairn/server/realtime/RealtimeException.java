package dev.cairn.server.realtime;

/**
 * A refused realtime request, carrying the AppSync {@code errorType} the client acts on. Amplify
 * DataStore recovers from {@code Unauthorized} (skips that subscription) and from {@code
 * UnauthorizedException} (reconnects with fresh tokens); most other types stop its sync engine, so
 * choose them with care (APPSYNC.md §5).
 */
public class RealtimeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String errorType;

  public RealtimeException(String errorType, String message) {
    super(message);
    this.errorType = errorType;
  }

  public String errorType() {
    return errorType;
  }
}
