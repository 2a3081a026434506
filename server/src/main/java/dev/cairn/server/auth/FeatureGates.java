package dev.cairn.server.auth;

/**
 * The boolean feature flags that gate models and fields ({@code @cairnFlag(key: "...")} in a tenant
 * schema), evaluated for one caller. Implemented by the flags area; the {@link AuthorizationPolicy}
 * asks it whenever a gated model or field is read, written or delivered.
 */
public interface FeatureGates {
  /** Every gate closed: used where no flag evaluation is wired (unit tests of the auth rules). */
  FeatureGates CLOSED = caller -> flagKey -> false;

  /**
   * The gates as {@code caller} sees them. The answer is live: each {@link CallerGates#isOpen}
   * evaluates the tenant's current flag set, so a subscription asking again sees a toggle.
   */
  CallerGates of(AppIdentity caller);

  /** One caller's gates. Thread-safe. */
  @FunctionalInterface
  interface CallerGates {
    /**
     * Whether boolean flag {@code flagKey} serves {@code true} to the caller now; a missing flag, a
     * flag of another kind, an evaluation error or an off flag keep the gate closed.
     */
    boolean isOpen(String flagKey);
  }
}
