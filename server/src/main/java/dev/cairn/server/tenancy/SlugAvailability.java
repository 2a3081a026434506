package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Whether a slug could be signed up now, for validation as a console user types: the slug rule
 * first, then whether a tenant (in any state) holds it. It tells no more than a signup attempt
 * would (409 when taken). Thread-safe.
 */
@ApplicationScoped
public class SlugAvailability {
  private ControlPlaneTransactions tx;

  protected SlugAvailability() {}

  @Inject
  public SlugAvailability(ControlPlaneTransactions tx) {
    this.tx = tx;
  }

  /** Why {@code slug} cannot be signed up, or empty when it can. */
  public Optional<String> problemWith(String slug) {
    String rule = TenantId.problemWith(slug);
    if (rule != null) {
      return Optional.of(rule);
    }
    TenantId id = TenantId.of(slug);
    boolean taken = tx.inTransaction(cp -> cp.tenants().find(id).isPresent());
    return taken ? Optional.of("`" + slug + "` is taken; choose another slug") : Optional.empty();
  }
}
