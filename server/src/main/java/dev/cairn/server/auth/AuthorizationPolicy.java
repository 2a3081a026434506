package dev.cairn.server.auth;

import dev.cairn.server.TenantId;
import dev.cairn.spec.Model;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Objects;

/**
 * The one place {@code @auth} rules are evaluated, for every caller of the data: GraphQL queries
 * and mutations, sync queries and realtime subscriptions. {@link #access} gives a {@link
 * ModelAccess} for one model and one authenticated caller; see there for what it answers.
 *
 * <p>Isolation: the caller's identity carries its tenant; the policy refuses a model of another
 * tenant only if the caller passes one, which the data plane prevents by resolving the model from
 * the identity's tenant (see {@link #access(dev.cairn.server.TenantId, Model, AppIdentity)}).
 * Models and fields gated by {@code @cairnFlag} are answered through the {@link FeatureGates}
 * (closed for everyone when none are wired). Stateless and thread-safe.
 */
@ApplicationScoped
public class AuthorizationPolicy {
  private FeatureGates gates = FeatureGates.CLOSED;

  public AuthorizationPolicy() {}

  /** A policy whose gated models and fields are opened by {@code gates}. */
  @Inject
  public AuthorizationPolicy(FeatureGates gates) {
    this.gates = Objects.requireNonNull(gates, "gates");
  }

  /** The access of {@code identity} to {@code model}. */
  public ModelAccess access(Model model, AppIdentity identity) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(identity, "identity");
    return new ModelAccess(
        model,
        identity,
        model.featureFlags().isEmpty() ? FeatureGates.CLOSED.of(identity) : gates.of(identity));
  }

  /**
   * The access of {@code identity} to {@code model} of {@code tenant}.
   *
   * @throws NotAuthorizedException when {@code identity} was authenticated for another tenant
   */
  public ModelAccess access(TenantId tenant, Model model, AppIdentity identity) {
    if (!identity.tenant().equals(tenant)) {
      throw new NotAuthorizedException(
          "Not Authorized to access "
              + model.name()
              + ": the caller was authenticated for tenant `"
              + identity.tenant()
              + "`, not `"
              + tenant
              + "`");
    }
    return access(model, identity);
  }
}
