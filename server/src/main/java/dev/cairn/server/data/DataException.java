package dev.cairn.server.data;

import dev.cairn.server.ErrorType;
import java.util.Optional;
import org.bson.Document;

/**
 * A data-plane request that could not be carried out, with the AppSync {@code errorType} a client
 * expects (APPSYNC.md §6) and, where AppSync sends one, the record to put into {@code
 * errors[0].data}. Nothing was written when one of these is thrown.
 */
public abstract sealed class DataException extends RuntimeException
    permits DataException.ConditionalCheckFailed,
        DataException.ConflictUnhandled,
        DataException.InvalidInput {
  private final transient Document data;

  DataException(String message, Document data) {
    super(message);
    this.data = data;
  }

  /** AppSync's {@code errorType}. */
  public abstract String errorType();

  /** The record for {@code errors[0].data}, if this error carries one. */
  public Optional<Document> data() {
    return Optional.ofNullable(data);
  }

  /** A {@code condition} did not hold, or a create used an id that exists. */
  public static final class ConditionalCheckFailed extends DataException {
    public ConditionalCheckFailed(String detail) {
      super(
          "The conditional request failed (Service: DynamoDb, Status Code: 400, Request ID: cairn): "
              + detail,
          null);
    }

    @Override
    public String errorType() {
      return ErrorType.CONDITIONAL_CHECK_FAILED.wireName();
    }
  }

  /** A stale {@code _version} that the model's conflict strategy rejects; carries the record. */
  public static final class ConflictUnhandled extends DataException {
    public ConflictUnhandled(Document current) {
      super("Conflict resolver rejects mutation.", current);
    }

    @Override
    public String errorType() {
      return ErrorType.CONFLICT_UNHANDLED.wireName();
    }
  }

  /** Input that names an unknown field, has a value of the wrong shape, or breaks a limit. */
  public static final class InvalidInput extends DataException {
    public InvalidInput(String message) {
      super(message, null);
    }

    @Override
    public String errorType() {
      return ErrorType.BAD_REQUEST.wireName();
    }
  }
}
