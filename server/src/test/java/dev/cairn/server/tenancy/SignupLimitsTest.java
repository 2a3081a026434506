package dev.cairn.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SignupLimitsTest {
  static final Actor UNVERIFIED = new Actor("sub-eve", "eve", "");
  static final Actor OPERATOR = new Actor("sub-op", "op", "op@example.com", true);

  final TenancyFixture f = new TenancyFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private Tenants tenants(SignupLimits limits) {
    return new Tenants(f.tx, f.provisioner, Clock.systemUTC(), limits);
  }

  private static void assertForbidden(Runnable signup, String title) {
    assertThatThrownBy(signup::run)
        .isInstanceOfSatisfying(
            TenancyException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(TenancyException.Kind.FORBIDDEN);
              assertThat(e.title()).isEqualTo(title);
            });
  }

  @Test
  void aUserWithoutAVerifiedEmailCannotSignATenantUpAndNoRealmIsMade() {
    assertForbidden(() -> f.tenants.signup(UNVERIFIED, "acme", null), "Email not verified");

    assertThat(f.provisioner.calls).isEmpty();
  }

  @Test
  void aUserMaySignUpThreeTenantsByDefaultAndTheFourthIsRefused() {
    f.tenants.signup(TenancyFixture.ANA, "one", null);
    f.tenants.signup(TenancyFixture.ANA, "two", null);
    f.tenants.signup(TenancyFixture.ANA, "three", null);

    assertForbidden(
        () -> f.tenants.signup(TenancyFixture.ANA, "four", null), "Tenant limit reached");
    assertThat(f.provisioner.calls).doesNotContain("provision four");
    assertThat(f.tenants.signup(TenancyFixture.BEN, "four", null).id().slug()).isEqualTo("four");
  }

  @Test
  void theLimitIsASettingAndOperatorsAreNotLimited() {
    Tenants one = tenants(new SignupLimits(true, 1));
    one.signup(TenancyFixture.ANA, "one", null);

    assertForbidden(() -> one.signup(TenancyFixture.ANA, "two", null), "Tenant limit reached");
    one.signup(OPERATOR, "op-one", null);
    assertThat(one.signup(OPERATOR, "op-two", null).status()).isEqualTo(TenantStatus.ACTIVE);
  }

  @Test
  void withSelfServiceSignupOffOnlyOperatorsSignTenantsUp() {
    Tenants closed = tenants(new SignupLimits(false, 3));

    assertForbidden(() -> closed.signup(TenancyFixture.ANA, "acme", null), "Signup closed");
    assertThat(closed.signup(OPERATOR, "acme", null).status()).isEqualTo(TenantStatus.ACTIVE);
  }
}
