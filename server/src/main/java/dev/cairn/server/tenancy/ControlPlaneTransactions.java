package dev.cairn.server.tenancy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import java.time.Clock;
import java.util.function.Function;

/**
 * Runs control-plane work in resource-local transactions: the callback's changes commit together
 * when it returns, and none of them when it throws (the exception propagates unchanged).
 * Thread-safe; every call gets its own entity manager.
 */
@ApplicationScoped
public class ControlPlaneTransactions {
  private EntityManagerFactory factory;
  private Clock clock;

  protected ControlPlaneTransactions() {}

  /** With the system clock. */
  public ControlPlaneTransactions(EntityManagerFactory factory) {
    this(factory, Clock.systemUTC());
  }

  /**
   * @param clock stamps changes made inside the repositories themselves (e.g. the audit entry of an
   *     invitation bound while checking access)
   */
  @Inject
  public ControlPlaneTransactions(EntityManagerFactory factory, Clock clock) {
    this.factory = factory;
    this.clock = clock;
  }

  /** Runs {@code work} in one transaction and returns its result. */
  public <T> T inTransaction(Function<ControlPlane, T> work) {
    EntityManager em = factory.createEntityManager();
    EntityTransaction tx = em.getTransaction();
    try {
      tx.begin();
      T result = work.apply(new ControlPlane(em, clock));
      tx.commit();
      return result;
    } finally {
      if (tx.isActive()) {
        tx.rollback();
      }
      em.close();
    }
  }
}
