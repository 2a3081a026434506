package dev.cairn.server.tenancy;

import static dev.cairn.server.tenancy.TenancyFixture.ANA;
import static dev.cairn.server.tenancy.TenancyFixture.BEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.server.TenantId;
import dev.cairn.server.data.conflict.ConflictStrategy;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TenantsTest {
  private final TenancyFixture f = new TenancyFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void signupMakesTheCallerOwnerTrustsTheProvisionedRealmAndAuditsIt() {
    Tenant acme = f.tenants.signup(ANA, "acme", "Acme Inc.");

    assertThat(acme.status()).isEqualTo(TenantStatus.ACTIVE);
    assertThat(f.tenants.mine(ANA)).extracting(t -> t.id().slug()).containsExactly("acme");
    assertThat(f.tenants.get(ANA, TenantId.of("acme")).role()).isEqualTo(Role.OWNER);
    assertThat(f.auth.issuers(ANA, TenantId.of("acme")))
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.issuer()).isEqualTo("http://kc.test/realms/cairn-t-acme");
              assertThat(i.provisioned()).isTrue();
            });
    assertThat(f.conflicts.get(ANA, TenantId.of("acme")).defaultStrategy())
        .isEqualTo(ConflictStrategy.AUTOMERGE);
    assertThat(f.audit.recent(ANA, TenantId.of("acme"), 10))
        .extracting(AuditEvent::action)
        .containsExactly("tenant.signup");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "a",
        "Acme",
        "1acme",
        "acme-",
        "ac_me",
        "ac me",
        "a2345678901234567890123456789012345678901"
      })
  void signupRefusesASlugThatBreaksTheRulesAndSaysWhy(String slug) {
    assertThatThrownBy(() -> f.tenants.signup(ANA, slug, null))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(TenancyException.Kind.INVALID);
              assertThat(e.getMessage()).contains("slug");
            });
    assertThat(f.provisioner.calls).isEmpty();
  }

  @Test
  void introspectionIsOnByDefaultAndOnlyAMemberWithRightsSwitchesItWithAnAuditEvent() {
    Tenant acme = f.tenants.signup(ANA, "acme", null);
    assertThat(acme.introspection()).isTrue();

    Tenant off = f.tenants.setIntrospection(ANA, acme.id(), false);

    assertThat(off.introspection()).isFalse();
    assertThat(f.tenants.get(ANA, acme.id()).tenant().introspection()).isFalse();
    assertThatThrownBy(() -> f.tenants.setIntrospection(BEN, acme.id(), true))
        .isInstanceOf(TenancyException.class);
    assertThat(f.tenants.get(ANA, acme.id()).tenant().introspection()).isFalse();
    assertThat(
            f.tx.inTransaction(cp -> cp.audit().recent(acme.id(), 10)).stream()
                .map(AuditEvent::action))
        .contains("introspection.set");
  }

  @Test
  void signupOfATakenSlugIsAConflictAndTouchesNoIdentityProvider() {
    f.tenants.signup(ANA, "acme", null);

    assertThatThrownBy(() -> f.tenants.signup(BEN, "acme", null))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e -> assertThat(e.kind()).isEqualTo(TenancyException.Kind.CONFLICT));
    assertThat(f.provisioner.calls).containsExactly("provision acme");
    assertThat(f.tenants.get(ANA, TenantId.of("acme")).role()).isEqualTo(Role.OWNER);
  }

  @Test
  void failedProvisioningRollsBackEverythingAndFreesTheSlugWithoutEchoingTheProvidersAnswer() {
    f.provisioner.failProvisioning = new IllegalStateException("keycloak said 500");

    assertThatThrownBy(() -> f.tenants.signup(ANA, "acme", null))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(TenancyException.Kind.UNAVAILABLE);
              assertThat(e.getMessage()).contains("rolled back").doesNotContain("keycloak said");
            });
    assertThat(f.provisioner.calls).containsExactly("provision acme", "deprovision acme");
    assertThat(f.tenants.mine(ANA)).isEmpty();
    java.util.Optional<Tenant> row =
        f.tx.inTransaction(cp -> cp.tenants().find(TenantId.of("acme")));
    assertThat(row).isEmpty();

    f.provisioner.failProvisioning = null;
    assertThat(f.tenants.signup(BEN, "acme", null).status()).isEqualTo(TenantStatus.ACTIVE);
  }

  @Test
  void aSignupCutOffAfterTheClaimIsResumedBySameUserButNotTakenByAnother() {
    f.tx.inTransaction(
        cp -> {
          cp.tenants()
              .add(new Tenant(TenantId.of("acme"), "Acme", ANA.subject(), f.clock.instant()));
          return null;
        });

    assertThatThrownBy(() -> f.tenants.signup(BEN, "acme", null))
        .isInstanceOf(TenancyException.class);
    assertThat(f.tenants.signup(ANA, "acme", null).status()).isEqualTo(TenantStatus.ACTIVE);
  }

  @Test
  void aNonMemberSeesAnotherTenantExactlyLikeAMissingOne() {
    f.tenants.signup(ANA, "acme", null);

    assertThat(f.tenants.mine(BEN)).isEmpty();
    for (String slug : List.of("acme", "nothere")) {
      assertThatThrownBy(() -> f.tenants.get(BEN, TenantId.of(slug)))
          .isInstanceOfSatisfying(
              TenancyException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(TenancyException.Kind.NOT_FOUND);
                assertThat(e.getMessage()).contains("no tenant `" + slug + "`");
              });
    }
  }

  @Test
  void anInvitationBindsToTheUserWithThatEmailAndGrantsTheInvitedRole() {
    TenantId acme = f.tenants.signup(ANA, "acme", null).id();

    f.members.invite(ANA, acme, "BEN@example.com", Role.VIEWER);

    assertThat(f.tenants.mine(BEN)).extracting(t -> t.id().slug()).containsExactly("acme");
    assertThat(f.tenants.get(BEN, acme).role()).isEqualTo(Role.VIEWER);
    assertThatThrownBy(() -> f.apiKeys.create(BEN, acme, "x", java.util.Optional.empty()))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(TenancyException.Kind.FORBIDDEN);
              assertThat(e.getMessage()).contains("VIEWER").contains("ADMIN");
            });
    assertThat(f.audit.recent(ANA, acme, 10))
        .extracting(AuditEvent::action)
        .containsExactly("member.bind", "member.invite", "tenant.signup");
    AuditEvent bind = f.audit.recent(ANA, acme, 1).get(0);
    assertThat(bind.actor()).isEqualTo(BEN.subject());
    assertThat(bind.after().orElseThrow())
        .contains("\"email\":\"ben@example.com\"")
        .contains("\"role\":\"VIEWER\"")
        .contains("\"subject\":\"" + BEN.subject() + "\"");
  }

  @Test
  void anInvitedUsersFirstCallIsAlreadyAuthorizedByTheInvitation() {
    TenantId acme = f.tenants.signup(ANA, "acme", null).id();
    f.members.invite(ANA, acme, "ben@example.com", Role.DEVELOPER);

    assertThat(f.tenants.get(BEN, acme).role()).isEqualTo(Role.DEVELOPER);
  }

  @Test
  void onlyAnOwnerInvitesAnOwnerAndAnEmailIsInvitedOnce() {
    TenantId acme = f.tenants.signup(ANA, "acme", null).id();
    f.members.invite(ANA, acme, "ben@example.com", Role.ADMIN);

    assertThatThrownBy(() -> f.members.invite(BEN, acme, "cy@example.com", Role.OWNER))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e -> assertThat(e.kind()).isEqualTo(TenancyException.Kind.FORBIDDEN));
    assertThatThrownBy(() -> f.members.invite(BEN, acme, "ben@example.com", Role.VIEWER))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e -> assertThat(e.kind()).isEqualTo(TenancyException.Kind.CONFLICT));
    assertThatThrownBy(() -> f.members.invite(BEN, acme, "not-an-email", Role.VIEWER))
        .isInstanceOfSatisfying(
            TenancyException.class, e -> assertThat(e.getMessage()).contains("not-an-email"));
    assertThat(f.members.list(ANA, acme)).hasSize(2);
  }
}
