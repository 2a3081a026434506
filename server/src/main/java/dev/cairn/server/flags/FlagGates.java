package dev.cairn.server.flags;

import dev.cairn.server.auth.AppIdentity;
import dev.cairn.server.auth.FeatureGates;
import dev.cairn.spec.flags.EvaluationContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * {@link FeatureGates} from the tenant's flags: a gate is open when its flag serves the boolean
 * {@code true} to the caller. The context is the caller's token claims only ({@link FlagContexts}
 * without client attributes): what a client says about itself (app version, platform, ...) can
 * never open data to it, so a rule on such an attribute does not match for a gate. Each answer
 * evaluates the current snapshot ({@link TenantFlags}, at most a second behind another node's
 * change).
 */
@ApplicationScoped
public class FlagGates implements FeatureGates {
  @Inject TenantFlags flags;

  @Override
  public CallerGates of(AppIdentity caller) {
    EvaluationContext context = FlagContexts.of(caller, Map.of());
    return flagKey ->
        flags
            .snapshot(caller.tenant())
            .evaluator()
            .evaluate(flagKey, context)
            .value()
            .map(Boolean.TRUE::equals)
            .orElse(false);
  }
}
