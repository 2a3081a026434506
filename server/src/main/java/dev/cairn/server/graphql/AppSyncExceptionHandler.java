package dev.cairn.server.graphql;

import dev.cairn.server.ErrorType;
import dev.cairn.server.auth.NotAuthorizedException;
import dev.cairn.server.data.DataException;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns exceptions of data fetchers into {@link AppSyncError}s: a {@link DataException} keeps its
 * message, {@code errorType} and record; anything else is logged and answered as {@code
 * InternalFailure} without internals.
 */
final class AppSyncExceptionHandler implements DataFetcherExceptionHandler {
  private static final Logger LOG = Logger.getLogger(AppSyncExceptionHandler.class.getName());

  @Override
  public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
      DataFetcherExceptionHandlerParameters parameters) {
    Throwable error = parameters.getException();
    var location = parameters.getSourceLocation();
    var path = parameters.getPath();
    AppSyncError converted;
    if (error instanceof DataException data) {
      converted =
          new AppSyncError(
              data.getMessage(),
              data.errorType(),
              data.data().orElse(null),
              location == null ? List.of() : List.of(location),
              path);
    } else if (error instanceof NotAuthorizedException denied) {
      converted =
          new AppSyncError(
              denied.getMessage(),
              denied.errorType(),
              null,
              location == null ? List.of() : List.of(location),
              path);
    } else {
      LOG.log(Level.WARNING, "data fetcher failed at " + path, error);
      converted =
          new AppSyncError(
              "An internal error occurred; the request was not applied. Try again later.",
              ErrorType.INTERNAL_FAILURE.wireName(),
              null,
              location == null ? List.of() : List.of(location),
              path);
    }
    return CompletableFuture.completedFuture(
        DataFetcherExceptionHandlerResult.newResult(converted).build());
  }
}
