package dev.cairn.server.auth;

import dev.cairn.spec.Model;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;

/**
 * The one place {@code @auth} rules are evaluated, for every caller of the data: GraphQL queries
 * and mutations, sync queries and realtime subscriptions. {@link #access} gives a {@link
 * ModelAccess} for one model and one authenticated caller; see there for what it answers.
 *
 * <p>Isolation: the caller's identity carries its tenant; the policy refuses a model of another
 * tenant only if the caller passes one, which the data plane prevents by resolving the model from
 * the identity's tenant (see {@link #access(dev.cairn.server.TenantId, Model, AppIdentity)}).
 * Stateless and thread-safe.
 */
@ApplicationScoped
public class AuthorizationPolicy {

  /** The access of {@code identity} to {@code model}. */
  public ModelAccess access(Model model, AppIdentity identity) {
    return new ModelAccess(
        Objects.requireNonNull(model, "model"), Objects.requireNonNull(identity, "identity"));
  }

  /**
   * The access of {@code identity} to {@code model} of {@code tenant}.
   *
   * @throws NotAuthorizedException when {@code identity} was authenticated for another tenant
   */
  public ModelAccess access(dev.cairn.server.TenantId tenant, Model model, AppIdentity identity) {
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
