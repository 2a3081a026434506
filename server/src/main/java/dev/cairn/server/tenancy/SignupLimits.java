package dev.cairn.server.tenancy;

/**
 * Who may sign tenants up, and how many. Every tenant costs a Keycloak realm, a database, and
 * connection and subscription budgets, so self-service signup is limited:
 *
 * @param selfService {@code cairn.signup.enabled} ({@code CAIRN_SIGNUP_ENABLED}, default true):
 *     whether any console user may sign tenants up; when false only operators (members of the
 *     console realm's {@value #OPERATOR_GROUP} group) can
 * @param maxTenantsPerUser {@code cairn.signup.max-tenants-per-user} ({@code
 *     CAIRN_SIGNUP_MAX_TENANTS_PER_USER}, default 3): how many tenants one console user may sign
 *     up; operators are not limited
 */
public record SignupLimits(boolean selfService, int maxTenantsPerUser) {
  /** The console realm group whose members operate this Cairn. */
  public static final String OPERATOR_GROUP = "cairn-admins";

  public static final SignupLimits DEFAULTS = new SignupLimits(true, 3);

  public SignupLimits {
    if (maxTenantsPerUser < 0) {
      throw new IllegalArgumentException(
          "cairn.signup.max-tenants-per-user is " + maxTenantsPerUser + "; use 0 or more");
    }
  }
}
