package dev.cairn.server.graphql;

import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.execution.ResultPath;
import graphql.language.SourceLocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An error in AppSync's shape (APPSYNC.md §6): {@code errorType}, {@code errorInfo} and, for
 * conflicts, {@code data} sit on the error object itself; {@link AppSyncResponse} lifts them there
 * from this error's extensions.
 */
public final class AppSyncError implements GraphQLError {
  private final String message;
  private final String errorType;
  private final Object data;
  private final List<SourceLocation> locations;
  private final List<Object> path;

  public AppSyncError(
      String message,
      String errorType,
      Object data,
      List<SourceLocation> locations,
      ResultPath path) {
    this.message = message;
    this.errorType = errorType;
    this.data = data;
    this.locations = locations == null ? List.of() : List.copyOf(locations);
    this.path = path == null ? null : path.toList();
  }

  @Override
  public String getMessage() {
    return message;
  }

  @Override
  public List<SourceLocation> getLocations() {
    return locations;
  }

  @Override
  public List<Object> getPath() {
    return path;
  }

  @Override
  public ErrorClassification getErrorType() {
    return ErrorClassification.errorClassification(errorType);
  }

  @Override
  public Map<String, Object> getExtensions() {
    Map<String, Object> extensions = new LinkedHashMap<>();
    extensions.put("errorType", errorType);
    extensions.put("data", data);
    extensions.put("errorInfo", null);
    return extensions;
  }
}
