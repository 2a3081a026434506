package dev.cairn.server.graphql;

/** A GraphQL request refused before or during validation, with AppSync's {@code errorType}. */
public class GraphQLRequestException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String errorType;

  public GraphQLRequestException(String errorType, String message) {
    super(message);
    this.errorType = errorType;
  }

  public String errorType() {
    return errorType;
  }
}
