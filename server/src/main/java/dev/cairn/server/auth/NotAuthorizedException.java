package dev.cairn.server.auth;

import dev.cairn.server.ErrorType;

/**
 * An authenticated caller that the model's {@code @auth} rules do not allow to do this: AppSync's
 * {@code errorType: "Unauthorized"} (a GraphQL error in a 200 response; realtime answers the {@code
 * start} with it, and Amplify DataStore drops that subscription or mutation rather than
 * reconnecting). The message starts like AppSync's ({@code Not Authorized to access createPost on
 * type Mutation}) and then names the reason. Unchecked, so data fetchers can let it propagate to
 * the error handler.
 */
public final class NotAuthorizedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotAuthorizedException(String message) {
    super(message);
  }

  /** {@link ErrorType#UNAUTHORIZED}'s name. */
  public String errorType() {
    return ErrorType.UNAUTHORIZED.wireName();
  }
}
