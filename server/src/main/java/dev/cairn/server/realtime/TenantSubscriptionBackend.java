package dev.cairn.server.realtime;

import dev.cairn.server.ErrorType;
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
import dev.cairn.server.graphql.RelationSelection;
import dev.cairn.server.graphql.SubscriptionPlan;
import dev.cairn.server.graphql.TenantApis;
import dev.cairn.server.graphql.TenantGraphQL;
import dev.cairn.server.graphql.TenantSubscriptions;
import dev.cairn.spec.ModelOperation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

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

  /** The error type of a subscription to a model whose {@code @cairnFlag} is off for the caller. */
  static final String GATED_OFF = ErrorType.OPERATION_DISABLED.wireName();

  /**
   * A realtime subscriber is an authenticated app caller, whose credential is accepted until {@code
   * expiresAt}.
   */
  record AppSubscriber(AppIdentity identity, Instant expiresAt) implements Subscriber {
    AppSubscriber(AppIdentity identity) {
      this(identity, Instant.MAX);
    }

    @Override
    public String credential() {
      return identity.isApiKey() ? identity.subject() : "";
    }
  }

  @Override
  public Subscriber authenticate(TenantId tenant, Map<String, String> authHeaders)
      throws RealtimeException {
    try {
      AppIdentity identity = authenticator.authenticate(tenant, authHeaders);
      return new AppSubscriber(identity, authenticator.acceptedUntil(identity));
    } catch (UnauthorizedException e) {
      throw new RealtimeException(e.errorType(), e.getMessage());
    }
  }

  /** An API key is authenticated again (answers are cached for 2 s); a token ends at its exp. */
  @Override
  public void recheck(TenantId tenant, Subscriber subscriber, Map<String, String> authHeaders)
      throws RealtimeException {
    if (((AppSubscriber) subscriber).identity().isApiKey()) {
      authenticate(tenant, authHeaders);
    }
  }

  @Override
  public boolean isCurrent(TenantId tenant, CompiledSubscription subscription) {
    if (!(subscription instanceof Authorized authorized)) {
      return true;
    }
    return apis.active(tenant)
        .map(api -> api.subscriptions() == authorized.subscriptions)
        .orElse(false);
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
                        ErrorType.BAD_REQUEST.wireName(),
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
    } catch (NotAuthorizedException e) {
      throw new RealtimeException(
          ErrorType.UNAUTHORIZED.wireName(),
          "Not Authorized to access " + plan.rootField() + " on type Subscription");
    }
    Optional<String> closedGate = access.closedModelGate();
    if (closedGate.isPresent()) {
      // not Unauthorized: Amplify's provider answers that by closing the socket to reconnect with
      // fresh tokens, which would loop for as long as the flag stays off; DataStore skips a
      // subscription refused with OperationDisabled and keeps syncing (APPSYNC.md §5)
      throw new RealtimeException(
          GATED_OFF,
          "Not Authorized to access "
              + plan.rootField()
              + " on type Subscription: feature flag `"
              + closedGate.get()
              + "` (@cairnFlag) is off for this caller");
    }
    try {
      access.require(ModelOperation.LISTEN);
      scope = access.readScope(ModelOperation.LISTEN);
      scope.requireAllowed();
      Optional<String> gatedFilter = access.closedGateInFilter(plan.filter());
      if (gatedFilter.isPresent()) {
        // OperationDisabled for the same reason as a closed model gate above
        throw new RealtimeException(
            GATED_OFF,
            "Not Authorized to access "
                + plan.rootField()
                + " on type Subscription: "
                + gatedFilter.get());
      }
      access.requireReadable(ModelOperation.LISTEN, plan.filter());
    } catch (NotAuthorizedException e) {
      throw new RealtimeException(
          ErrorType.UNAUTHORIZED.wireName(),
          "Not Authorized to access " + plan.rootField() + " on type Subscription");
    }
    return new Authorized(
        plan, api.subscriptions(), access, scope, relatedAccess(tenant, plan, identity));
  }

  /**
   * The subscriber's read rights on every model the plan's relation fields show, by model name: a
   * relation shows its record only to a subscriber who may get it, redacted as a get would be.
   */
  private Map<String, RelatedAccess> relatedAccess(
      TenantId tenant, SubscriptionPlan plan, AppIdentity identity) {
    Map<String, RelatedAccess> out = new TreeMap<>();
    collectRelated(tenant, plan.relations(), identity, out);
    return out;
  }

  private void collectRelated(
      TenantId tenant,
      List<RelationSelection> selections,
      AppIdentity identity,
      Map<String, RelatedAccess> out) {
    for (RelationSelection selection : selections) {
      out.computeIfAbsent(
          selection.related().name(),
          n -> RelatedAccess.of(policy.access(tenant, selection.related(), identity)));
      collectRelated(tenant, selection.selections(), identity, out);
    }
  }

  /** What a subscriber may see of a related model: its access, and its get scope if any. */
  private record RelatedAccess(ModelAccess access, ReadScope scope, boolean fieldRules) {
    static RelatedAccess of(ModelAccess access) {
      // a related model gated off now shows null for this subscription; one gated off later too
      ReadScope scope =
          access.allows(ModelOperation.GET) ? access.readScope(ModelOperation.GET) : null;
      boolean fieldRules =
          access.model().fields().stream().anyMatch(f -> !f.authRules().isEmpty())
              || !access.model().featureFlags().isEmpty();
      return new RelatedAccess(access, scope, fieldRules);
    }

    boolean mayRead(Map<String, Object> record) {
      return scope != null && access.closedModelGate().isEmpty() && scope.test(record);
    }

    /** What the group key must hold so that only subscribers with these rights share a group. */
    List<Object> rights() {
      Object reads =
          scope == null || scope.isDenied()
              ? "none"
              : scope.isUnrestricted() ? "all" : scope.filter();
      return Arrays.asList(access.model().name(), reads, fieldRules ? access.identity() : null);
    }
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
    private final Map<String, RelatedAccess> related;
    private final Object groupKey;

    Authorized(
        SubscriptionPlan plan,
        TenantSubscriptions subscriptions,
        ModelAccess access,
        ReadScope scope,
        Map<String, RelatedAccess> related) {
      this.plan = plan;
      this.subscriptions = subscriptions;
      this.access = access;
      this.scope = scope;
      this.filter = new RecordMatcher(plan.filter());
      this.related = related;
      this.groupKey = groupKey(plan, subscriptions, access, scope, related);
    }

    /**
     * Everything {@link #wants} and {@link #render} depend on: the schema version (the compiled
     * {@link TenantSubscriptions}, by identity), the model and operation, the filter and owner
     * arguments, the selection set and render variables ({@code plan.renderKey()}), the read scope
     * (its filter form, which names the subscriber's identity values and groups for owner and group
     * rules, and is empty for a subscriber who may read every record), and, only when the model has
     * field-level rules, the whole identity (field rules are evaluated with it for every change);
     * the same for every model the plan's relation fields show. Subscribers with different rights
     * never share a key.
     */
    private static Object groupKey(
        SubscriptionPlan plan,
        TenantSubscriptions subscriptions,
        ModelAccess access,
        ReadScope scope,
        Map<String, RelatedAccess> related) {
      // gates are evaluated per subscriber (their flags differ by identity), like field rules
      boolean fieldRules =
          plan.model().fields().stream().anyMatch(f -> !f.authRules().isEmpty())
              || !plan.model().featureFlags().isEmpty();
      return Arrays.asList(
          new Identity(subscriptions),
          plan.model().name(),
          plan.operation(),
          plan.filter(),
          plan.owners(),
          plan.renderKey(),
          scope.isUnrestricted() ? "all" : scope.filter(),
          fieldRules ? access.identity() : null,
          related.values().stream().map(RelatedAccess::rights).toList());
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
      return scope.test(record)
          && filter.matches(record)
          && ownerMatches(record)
          && access.closedModelGate().isEmpty();
    }

    /**
     * Each owner argument narrows to records whose owner field holds its value (AppSync's rule).
     */
    private boolean ownerMatches(Map<String, Object> record) {
      for (Map.Entry<String, String> argument : plan.owners().entrySet()) {
        Object value = record.get(argument.getKey());
        if (!(argument.getValue().equals(value)
            || (value instanceof Collection<?> owners && owners.contains(argument.getValue())))) {
          return false;
        }
      }
      return true;
    }

    @Override
    public Object renderKey(ChangeInFlight change) {
      Set<String> hidden = access.hiddenFields(ModelOperation.LISTEN, change.change().record());
      if (plan.relations().isEmpty()) {
        return List.of(plan.renderKey(), hidden);
      }
      return List.of(plan.renderKey(), hidden, relations(change));
    }

    @Override
    public String render(ChangeInFlight change) {
      Map<String, Object> record = access.redact(ModelOperation.LISTEN, change.change().record());
      if (plan.relations().isEmpty()) {
        return subscriptions.render(plan, record);
      }
      return subscriptions.render(plan, record, relations(change));
    }

    /**
     * What each selected relation field shows this subscriber: the related record (read once per
     * change for every subscriber, through {@code change}), if the subscriber may get it, redacted
     * as a get would be; otherwise null, as the query path answers.
     */
    private Map<List<String>, Map<String, Object>> relations(ChangeInFlight change) {
      Map<String, Object> record = change.change().record();
      Map<List<String>, Map<String, Object>> views = new HashMap<>();
      resolve(
          change,
          access.redact(ModelOperation.LISTEN, record),
          access.hiddenFields(ModelOperation.LISTEN, record),
          plan.relations(),
          List.of(),
          views);
      return views;
    }

    private void resolve(
        ChangeInFlight change,
        Map<String, Object> source,
        Set<String> hiddenInSource,
        List<RelationSelection> selections,
        List<String> prefix,
        Map<List<String>, Map<String, Object>> views) {
      for (RelationSelection selection : selections) {
        List<String> path = new ArrayList<>(prefix);
        path.add(selection.field());
        Map<String, Object> view = null;
        Map<String, Object> key =
            hiddenInSource.contains(selection.field()) ? null : relatedKey(selection, source);
        if (key != null) {
          Optional<Map<String, Object>> found =
              change.shared(
                  Arrays.asList(new Identity(subscriptions), selection.related().name(), key),
                  k -> subscriptions.findRelated(selection.related(), key));
          RelatedAccess rights = related.get(selection.related().name());
          if (found.isPresent() && rights.mayRead(found.get())) {
            view = rights.access().redact(ModelOperation.GET, found.get());
            resolve(
                change,
                view,
                rights.access().hiddenFields(ModelOperation.GET, found.get()),
                selection.selections(),
                path,
                views);
          }
        }
        views.put(List.copyOf(path), view);
      }
    }

    /** The related record's primary key from the source's foreign-key fields; null if unset. */
    private static Map<String, Object> relatedKey(
        RelationSelection selection, Map<String, Object> source) {
      List<String> keyFields = selection.related().primaryKey().fields();
      List<String> local = selection.relation().localFields();
      if (local.size() != keyFields.size()) {
        return null;
      }
      Map<String, Object> key = new LinkedHashMap<>();
      for (int i = 0; i < keyFields.size(); i++) {
        Object value = source.get(local.get(i));
        if (value == null) {
          return null;
        }
        key.put(keyFields.get(i), value);
      }
      return key;
    }
  }
}
