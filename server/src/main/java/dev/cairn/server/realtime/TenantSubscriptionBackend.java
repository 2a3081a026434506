package dev.cairn.server.realtime;

import dev.cairn.server.TenantId;
import dev.cairn.server.auth.AppAuthenticator;
import dev.cairn.server.auth.AppIdentity;
import dev.cairn.server.auth.AuthorizationPolicy;
import dev.cairn.server.auth.ModelAccess;
import dev.cairn.server.auth.NotAuthorizedException;
import dev.cairn.server.auth.ReadScope;
import dev.cairn.server.auth.UnauthorizedException;
import dev.cairn.server.changes.ChangeEntry;
import dev.cairn.server.changes.ChangeOperation;
import dev.cairn.server.data.filter.RecordMatcher;
import dev.cairn.server.flags.FlagSubscriptions;
import dev.cairn.server.graphql.GraphQLRequestException;
import dev.cairn.server.graphql.SubscriptionPlan;
import dev.cairn.server.graphql.TenantApis;
import dev.cairn.server.graphql.TenantGraphQL;
import dev.cairn.server.graphql.TenantSubscriptions;
import dev.cairn.spec.AuthRule;
import dev.cairn.spec.AuthStrategy;
import dev.cairn.spec.ModelOperation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Realtime's view of the server: authenticates with the tenant's {@link AppAuthenticator} and
 * compiles subscriptions on the tenant's active schema, with the subscriber's {@code @auth} read
 * scope (LISTEN) and field-level redaction from the {@link AuthorizationPolicy} applied to every
 * change before it is delivered.
 */
@ApplicationScoped
public class TenantSubscriptionBackend implements SubscriptionBackend {
  @Inject AppAuthenticator authenticator;
  @Inject TenantApis apis;
  @Inject AuthorizationPolicy policy;
  @Inject FlagSubscriptions flagSubscriptions;

  /** A realtime subscriber is an authenticated app caller. */
  record AppSubscriber(AppIdentity identity) implements Subscriber {}

  @Override
  public Subscriber authenticate(TenantId tenant, Map<String, String> authHeaders)
      throws RealtimeException {
    try {
      return new AppSubscriber(authenticator.authenticate(tenant, authHeaders));
    } catch (UnauthorizedException e) {
      throw new RealtimeException(e.errorType(), e.getMessage());
    }
  }

  @Override
  public CompiledSubscription compile(
      TenantId tenant, Subscriber subscriber, String query, Map<String, Object> variables)
      throws RealtimeException {
    if (FlagSubscriptions.handles(query)) {
      return flagSubscriptions.compile(
          tenant, ((AppSubscriber) subscriber).identity(), query, variables);
    }
    TenantGraphQL api =
        apis.active(tenant)
            .orElseThrow(
                () ->
                    new RealtimeException(
                        "BadRequestException",
                        "tenant `" + tenant + "` has no active schema; publish one first"));
    SubscriptionPlan plan;
    try {
      plan = api.subscriptions().compile(query, variables);
    } catch (GraphQLRequestException e) {
      throw new RealtimeException(e.errorType(), e.getMessage());
    }
    AppIdentity identity = ((AppSubscriber) subscriber).identity();
    ModelAccess access;
    ReadScope scope;
    try {
      access = policy.access(tenant, plan.model(), identity);
      access.require(ModelOperation.LISTEN);
      scope = access.readScope(ModelOperation.LISTEN);
      scope.requireAllowed();
      access.requireReadable(ModelOperation.LISTEN, plan.filter());
    } catch (NotAuthorizedException e) {
      throw new RealtimeException(
          NotAuthorizedException.ERROR_TYPE,
          "Not Authorized to access " + plan.rootField() + " on type Subscription");
    }
    return new Authorized(plan, api.subscriptions(), access, scope, ownerFields(plan));
  }

  /** The owner fields the {@code owner} argument is matched against. */
  private static List<String> ownerFields(SubscriptionPlan plan) {
    if (plan.owner().isEmpty()) {
      return List.of();
    }
    return plan.model().authRules().stream()
        .filter(r -> r.allow() == AuthStrategy.OWNER)
        .map(AuthRule::ownerField)
        .flatMap(Optional::stream)
        .distinct()
        .toList();
  }

  /** Compares by identity: equal only for the very same object. */
  private record Identity(Object object) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Identity other && other.object == object;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(object);
    }
  }

  /** A compiled plan bound to one subscriber's rights. */
  private static final class Authorized implements CompiledSubscription {
    private final SubscriptionPlan plan;
    private final TenantSubscriptions subscriptions;
    private final ModelAccess access;
    private final ReadScope scope;
    private final RecordMatcher filter;
    private final List<String> ownerFields;
    private final Object groupKey;

    Authorized(
        SubscriptionPlan plan,
        TenantSubscriptions subscriptions,
        ModelAccess access,
        ReadScope scope,
        List<String> ownerFields) {
      this.plan = plan;
      this.subscriptions = subscriptions;
      this.access = access;
      this.scope = scope;
      this.filter = new RecordMatcher(plan.filter());
      this.ownerFields = ownerFields;
      this.groupKey = groupKey(plan, subscriptions, access, scope);
    }

    /**
     * Everything {@link #wants} and {@link #render} depend on: the schema version (the compiled
     * {@link TenantSubscriptions}, by identity), the model and operation, the filter and {@code
     * owner} arguments, the selection set and render variables ({@code plan.renderKey()}), the read
     * scope (its filter form, which names the subscriber's identity values and groups for owner and
     * group rules, and is empty for a subscriber who may read every record), and, only when the
     * model has field-level rules, the whole identity (field rules are evaluated with it for every
     * change). Subscribers with different rights never share a key.
     */
    private static Object groupKey(
        SubscriptionPlan plan,
        TenantSubscriptions subscriptions,
        ModelAccess access,
        ReadScope scope) {
      boolean fieldRules = plan.model().fields().stream().anyMatch(f -> !f.authRules().isEmpty());
      return Arrays.asList(
          new Identity(subscriptions),
          plan.model().name(),
          plan.operation(),
          plan.filter(),
          plan.owner(),
          plan.renderKey(),
          scope.isUnrestricted() ? "all" : scope.filter(),
          fieldRules ? access.identity() : null);
    }

    @Override
    public Object groupKey() {
      return groupKey;
    }

    @Override
    public String model() {
      return plan.model().name();
    }

    @Override
    public ChangeOperation operation() {
      return plan.operation();
    }

    @Override
    public boolean wants(ChangeEntry change) {
      Map<String, Object> record = change.record();
      return scope.test(record) && filter.matches(record) && ownerMatches(record);
    }

    private boolean ownerMatches(Map<String, Object> record) {
      if (plan.owner().isEmpty()) {
        return true;
      }
      String owner = plan.owner().get();
      for (String field : ownerFields) {
        Object value = record.get(field);
        if (owner.equals(value)
            || (value instanceof Collection<?> owners && owners.contains(owner))) {
          return true;
        }
      }
      return ownerFields.isEmpty();
    }

    @Override
    public Object renderKey(ChangeEntry change) {
      return List.of(plan.renderKey(), access.hiddenFields(ModelOperation.LISTEN, change.record()));
    }

    @Override
    public String render(ChangeEntry change) {
      return subscriptions.render(plan, access.redact(ModelOperation.LISTEN, change.record()));
    }
  }
}
