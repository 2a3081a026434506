package dev.cairn.server.tenancy;

import dev.cairn.server.TenantId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** Reading a tenant's audit log (VIEWER and above). Thread-safe. */
@ApplicationScoped
public class AuditTrail {
  static final int MAX_LIMIT = 500;

  private ControlPlaneTransactions tx;

  protected AuditTrail() {}

  @Inject
  public AuditTrail(ControlPlaneTransactions tx) {
    this.tx = tx;
  }

  /** The newest {@code limit} (1 to 500) events, newest first. */
  public List<AuditEvent> recent(Actor actor, TenantId tenant, int limit) {
    return recent(actor, tenant, AuditFilter.ALL, limit);
  }

  /** The newest {@code limit} (1 to 500) events matching {@code filter}, newest first. */
  public List<AuditEvent> recent(Actor actor, TenantId tenant, AuditFilter filter, int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw TenancyException.invalid("limit " + limit + " must be between 1 and " + MAX_LIMIT);
    }
    return tx.inTransaction(
        cp -> {
          TenantAccess.require(cp, tenant, actor, Role.VIEWER);
          return cp.audit().recent(tenant, filter, limit);
        });
  }
}
