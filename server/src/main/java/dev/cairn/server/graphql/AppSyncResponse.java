package dev.cairn.server.graphql;

import graphql.ExecutionResult;
import graphql.GraphQLError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON body AppSync answers: {@code {"data": ..., "errors": [{"path", "data", "errorType",
 * "errorInfo", "locations", "message"}]}}; {@code errors} is left out when there are none.
 */
public final class AppSyncResponse {
  private AppSyncResponse() {}

  public static Map<String, Object> of(ExecutionResult result) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("data", result.getData());
    if (!result.getErrors().isEmpty()) {
      List<Map<String, Object>> errors = new ArrayList<>();
      for (GraphQLError error : result.getErrors()) {
        errors.add(error(error));
      }
      body.put("errors", errors);
    }
    return body;
  }

  static Map<String, Object> error(GraphQLError error) {
    Map<String, Object> extensions =
        error.getExtensions() == null ? Map.of() : error.getExtensions();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("path", error.getPath());
    out.put("data", extensions.get("data"));
    out.put(
        "errorType",
        extensions.containsKey("errorType")
            ? extensions.get("errorType")
            : String.valueOf(error.getErrorType()));
    out.put("errorInfo", null);
    List<Map<String, Object>> locations = new ArrayList<>();
    if (error.getLocations() != null) {
      error
          .getLocations()
          .forEach(
              l -> {
                Map<String, Object> location = new LinkedHashMap<>();
                location.put("line", l.getLine());
                location.put("column", l.getColumn());
                location.put("sourceName", null);
                locations.add(location);
              });
    }
    out.put("locations", locations);
    out.put("message", error.getMessage());
    return out;
  }

  /**
   * AppSync's error list, {@code [{"errorType":..., "message":...}]}: the body of a request refused
   * at the edge, before GraphQL, is {@code {"errors": <this>}}, and a realtime {@code error}
   * carries it in its payload.
   */
  public static List<Map<String, Object>> errors(String errorType, String message) {
    Map<String, Object> error = new LinkedHashMap<>(4);
    error.put("errorType", errorType);
    error.put("message", message);
    return List.of(error);
  }

  /** A response for a request refused before execution. */
  public static Map<String, Object> refused(String errorType, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("data", null);
    body.put("errors", List.of(error(new AppSyncError(message, errorType, null, List.of(), null))));
    return body;
  }
}
