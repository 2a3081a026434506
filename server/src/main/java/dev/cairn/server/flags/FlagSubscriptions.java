package dev.cairn.server.flags;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cairn.server.ErrorType;
import dev.cairn.server.TenantId;
import dev.cairn.server.auth.AppIdentity;
import dev.cairn.server.changes.ChangeEntry;
import dev.cairn.server.changes.ChangeOperation;
import dev.cairn.server.realtime.ChangeInFlight;
import dev.cairn.server.realtime.CompiledSubscription;
import dev.cairn.server.realtime.RealtimeException;
import dev.cairn.spec.flags.Evaluation;
import dev.cairn.spec.flags.EvaluationContext;
import dev.cairn.spec.flags.FlagImpact;
import graphql.parser.InvalidSyntaxException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code _cairnOnFlagsChanged(context)} subscriptions: each holds what its caller was last served
 * and, for every flag change the fan-out hands it ({@link FlagChanges#MODEL}), re-evaluates the
 * caller's flags and sends only the flags whose value changed, or nothing. Start it before querying
 * {@code _cairnFlags}, as DataStore subscribes before it syncs, so no change falls between; or ask
 * for {@code initial: true}, and the first {@code data} after {@code start_ack} holds every flag as
 * it stands (then changes follow as before: a client that ignores the argument sees nothing new).
 */
@ApplicationScoped
public class FlagSubscriptions {
  @Inject TenantFlags flags;
  @Inject FlagUsage usage;

  /**
   * Impacts by pair of snapshots: every subscriber of one change asks for the same pair or a few
   * (those connected before the previous change was announced, and after), so a few entries do;
   * kept few because each holds two snapshots, segment member lists included.
   */
  private final Cache<SnapshotPair, FlagImpact> impacts =
      Caffeine.newBuilder().maximumSize(8).build();

  /** Whether a subscription request is Cairn's flag subscription rather than a model's. */
  public static boolean handles(String query) {
    return FlagGraphQL.isFlagSubscription(query);
  }

  /**
   * Compiles a flag subscription for an authenticated caller.
   *
   * @throws RealtimeException ValidationError/BadRequestException naming what is wrong
   */
  public CompiledSubscription compile(
      TenantId tenant, AppIdentity caller, String query, Map<String, Object> variables)
      throws RealtimeException {
    FlagGraphQL.SubscriptionPlan plan;
    try {
      plan = FlagGraphQL.plan(query, variables);
    } catch (IllegalArgumentException | InvalidSyntaxException e) {
      throw new RealtimeException(ErrorType.VALIDATION.wireName(), e.getMessage());
    } catch (graphql.GraphqlErrorException e) {
      throw new RealtimeException(ErrorType.BAD_REQUEST.wireName(), e.getMessage());
    }
    EvaluationContext context = FlagContexts.of(caller, plan.context());
    FlagSnapshot snapshot = flags.snapshot(tenant);
    Map<String, Evaluation> served = snapshot.evaluator().evaluateAll(context);
    if (plan.initial()) {
      usage.evaluated(tenant, served.keySet());
    }
    return new FlagSubscription(tenant, context, plan, snapshot, served);
  }

  /**
   * What a caller served at {@code before} is served at {@code after}: only the flags the change
   * can have changed ({@link FlagImpact}, worked out once per pair of snapshots, not per caller)
   * are evaluated again; the others keep their evaluations, which are the same for every context.
   * Equal to {@code after.evaluator().evaluateAll(context)}, in the same order.
   */
  Map<String, Evaluation> reevaluate(
      FlagSnapshot before,
      Map<String, Evaluation> served,
      FlagSnapshot after,
      EvaluationContext context) {
    if (before == after) {
      return served;
    }
    FlagImpact impact = impacts.get(new SnapshotPair(before, after), FlagSubscriptions::impact);
    if (impact.whole()) {
      return after.evaluator().evaluateAll(context);
    }
    if (impact.none()) {
      return served;
    }
    Map<String, Evaluation> now = new LinkedHashMap<>(served);
    for (String key : impact.flags()) {
      now.put(key, after.evaluator().evaluate(key, context));
    }
    return now;
  }

  private static FlagImpact impact(SnapshotPair pair) {
    return FlagImpact.between(pair.before().flagSet(), pair.after().flagSet());
  }

  /** Two snapshots, compared by identity (a snapshot is one compiled version). */
  private record SnapshotPair(FlagSnapshot before, FlagSnapshot after) {
    @Override
    public boolean equals(Object o) {
      return o instanceof SnapshotPair p && p.before == before && p.after == after;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(before) * 31 + System.identityHashCode(after);
    }
  }

  /**
   * Subscriptions render a change alike when their selection (query and variables) is the same and
   * they were handed the same {@code CairnFlags} object, which is shared for one change by every
   * caller served the same flags (so compared by identity: no deep hash per subscriber).
   */
  private record RenderKey(String query, Map<String, Object> variables, Object payload) {
    @Override
    public boolean equals(Object o) {
      return o instanceof RenderKey k
          && k.payload == payload
          && k.query.equals(query)
          && k.variables.equals(variables);
    }

    @Override
    public int hashCode() {
      return (query.hashCode() * 31 + variables.hashCode()) * 31 + System.identityHashCode(payload);
    }
  }

  /** What a {@code CairnFlags} payload is made of: the flags that changed, and all served. */
  private record Payload(Map<String, Evaluation> changed, Map<String, Evaluation> all) {}

  /** One caller's flag subscription; the fan-out's thread calls wants, then render. */
  private final class FlagSubscription implements CompiledSubscription {
    private final TenantId tenant;
    private final EvaluationContext context;
    private final FlagGraphQL.SubscriptionPlan plan;
    private FlagSnapshot servedAt;
    private Map<String, Evaluation> served;
    private Map<String, Evaluation> changed;
    private Map<String, Object> pending;

    FlagSubscription(
        TenantId tenant,
        EvaluationContext context,
        FlagGraphQL.SubscriptionPlan plan,
        FlagSnapshot servedAt,
        Map<String, Evaluation> served) {
      this.tenant = tenant;
      this.context = context;
      this.plan = plan;
      this.servedAt = servedAt;
      this.served = served;
    }

    @Override
    public String model() {
      return FlagChanges.MODEL;
    }

    @Override
    public ChangeOperation operation() {
      return ChangeOperation.UPDATE;
    }

    /** Flags read no tenant model: a schema change leaves the subscription as it is. */
    @Override
    public boolean followsSchema() {
      return false;
    }

    @Override
    public synchronized boolean wants(ChangeEntry change) {
      FlagSnapshot snapshot = flags.snapshot(tenant, change.version());
      Map<String, Evaluation> now = reevaluate(servedAt, served, snapshot, context);
      Map<String, Evaluation> difference =
          now == served ? Map.of() : FlagPayloads.changed(served, now);
      servedAt = snapshot;
      served = now;
      pending = null;
      if (difference.isEmpty()) {
        changed = null;
        return false;
      }
      changed = difference;
      return true;
    }

    /**
     * What the payload depends on: the rendering query and variables (without the caller's context)
     * and the changed flags, so every subscriber served the same change shares one rendering. The
     * {@code CairnFlags} object (with its version, a hash of everything served) is built once per
     * change for every caller served the same flags, through {@code change}.
     */
    @Override
    public synchronized Object renderKey(ChangeInFlight change) {
      pending =
          change.shared(
              new Payload(changed, served),
              k -> FlagPayloads.cairnFlags(((Payload) k).changed(), ((Payload) k).all()));
      return new RenderKey(plan.query(), plan.variables(), pending);
    }

    @Override
    public synchronized String render(ChangeInFlight change) {
      return plan.render(pending);
    }

    /**
     * Sends every flag as last evaluated, under the lock {@link #wants} takes: a change evaluated
     * before is in it, one evaluated after is sent after it, so the client never ends on older
     * values.
     */
    @Override
    public synchronized void started(Consumer<String> send) {
      if (plan.initial()) {
        send.accept(plan.render(FlagPayloads.cairnFlags(served, served)));
      }
    }
  }
}
