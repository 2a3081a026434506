package dev.cairn.server.tenancy;

import dev.cairn.server.flags.FlagRepository;
import jakarta.persistence.EntityManager;
import java.time.Clock;

/**
 * One unit of work on the control plane: the repositories, all sharing one entity manager and one
 * transaction. Obtained only from {@link ControlPlaneTransactions}; not thread-safe and not to be
 * kept beyond the callback it was handed to.
 */
public final class ControlPlane {
  private final EntityManager em;
  private final Clock clock;

  ControlPlane(EntityManager em, Clock clock) {
    this.em = em;
    this.clock = clock;
  }

  public TenantRepository tenants() {
    return new TenantRepository(em);
  }

  public MemberRepository members() {
    return new MemberRepository(em, audit(), clock);
  }

  public SchemaVersionRepository schemas() {
    return new SchemaVersionRepository(em);
  }

  public ApiKeyRepository apiKeys() {
    return new ApiKeyRepository(em);
  }

  public TrustedIssuerRepository issuers() {
    return new TrustedIssuerRepository(em);
  }

  public ConflictConfigRepository conflicts() {
    return new ConflictConfigRepository(em);
  }

  /** The tenant's flags and segments ({@code dev.cairn.server.flags}). */
  public FlagRepository flags() {
    return new FlagRepository(em);
  }

  public AuditLog audit() {
    return new AuditLog(em);
  }

  /** Writes pending changes now, so that constraint violations surface inside the callback. */
  public void flush() {
    em.flush();
  }
}
