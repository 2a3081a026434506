package dev.cairn.server.realtime;

import dev.cairn.server.TenantId;
import dev.cairn.server.changes.ChangeEntry;
import dev.cairn.server.changes.ChangeOperation;
import java.util.Map;

/**
 * A stand-in for the server's authentication and schema (which have their own tests), so these
 * tests exercise only the realtime protocols and fan-out: the header {@code Authorization: user:X}
 * authenticates user X; a query {@code subscription { onCreatePost }} compiles to the Post creates
 * whose {@code owner} is the user; anything else is a validation error.
 */
class FakeBackend implements SubscriptionBackend {
  record User(String name) implements Subscriber {}

  @Override
  public Subscriber authenticate(TenantId tenant, Map<String, String> headers)
      throws RealtimeException {
    String auth = headers.get("Authorization");
    if (auth == null || !auth.startsWith("user:")) {
      throw new RealtimeException("UnauthorizedException", "no valid token");
    }
    return new User(auth.substring(5));
  }

  @Override
  public CompiledSubscription compile(
      TenantId tenant, Subscriber subscriber, String query, Map<String, Object> variables)
      throws RealtimeException {
    String user = ((User) subscriber).name();
    if (user.equals("outsider")) {
      throw new RealtimeException(
          "Unauthorized", "Not Authorized to access onCreatePost on type Subscription");
    }
    if (!query.contains("onCreatePost")) {
      throw new RealtimeException("ValidationError", "unknown field in " + query);
    }
    return new CompiledSubscription() {
      @Override
      public String model() {
        return "Post";
      }

      @Override
      public ChangeOperation operation() {
        return ChangeOperation.CREATE;
      }

      @Override
      public boolean wants(ChangeEntry change) {
        return user.equals(change.record().getString("owner"));
      }

      @Override
      public Object renderKey(ChangeInFlight change) {
        return "onCreatePost";
      }

      @Override
      public String render(ChangeInFlight change) {
        return "{\"data\":{\"onCreatePost\":{\"id\":\""
            + change.change().recordId()
            + "\",\"_version\":"
            + change.change().version()
            + "}}}";
      }
    };
  }
}
