package dev.cairn.client;

/**
 * A failure of the client: bad input to a local call, a store problem, or an error the server sent.
 * {@link #errorType()} is AppSync's {@code errorType} when the server sent one (e.g. {@code
 * Unauthorized}, {@code ConditionalCheckFailedException}), otherwise one of the client's own
 * ({@code InvalidModel}, {@code LocalStore}, {@code Network}, {@code ConditionNotMet}). {@link
 * #isRetryable()} tells whether the same request may succeed later.
 */
public class CairnException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String errorType;
  private final boolean retryable;

  public CairnException(String errorType, String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.errorType = errorType;
    this.retryable = retryable;
  }

  public CairnException(String errorType, String message) {
    this(errorType, message, false, null);
  }

  public String errorType() {
    return errorType;
  }

  public boolean isRetryable() {
    return retryable;
  }
}
