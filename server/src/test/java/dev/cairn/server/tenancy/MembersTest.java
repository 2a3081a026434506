package dev.cairn.server.tenancy;

import static dev.cairn.server.tenancy.TenancyFixture.ANA;
import static dev.cairn.server.tenancy.TenancyFixture.BEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.server.TenantId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MembersTest {
  static final Actor CAL = new Actor("sub-cal", "cal", "cal@example.com");

  private final TenancyFixture f = new TenancyFixture();
  private TenantId acme;
  private String anaId;

  @BeforeEach
  void signup() {
    acme = f.tenants.signup(ANA, "acme", null).id();
    anaId = f.members.list(ANA, acme).get(0).id();
  }

  @AfterEach
  void close() {
    f.close();
  }

  private String joined(Actor who, Role role) {
    String id = f.members.invite(ANA, acme, who.email(), role).id();
    f.members.list(who, acme); // the first call binds the invitation
    return id;
  }

  @Test
  void theLastOwnerCanNeitherBeDemotedNorRemoved() {
    assertThatThrownBy(() -> f.members.changeRole(ANA, acme, anaId, Role.ADMIN))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(TenancyException.Kind.CONFLICT);
              assertThat(e.getMessage()).contains("last OWNER");
            });
    assertThatThrownBy(() -> f.members.remove(ANA, acme, anaId))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e -> assertThat(e.kind()).isEqualTo(TenancyException.Kind.CONFLICT));
    assertThat(f.members.list(ANA, acme))
        .singleElement()
        .extracting(Member::role)
        .isEqualTo(Role.OWNER);
  }

  @Test
  void anInvitedOwnerWhoHasNotJoinedDoesNotCountAsAnotherOwner() {
    f.members.invite(ANA, acme, "later@example.com", Role.OWNER);

    assertThatThrownBy(() -> f.members.changeRole(ANA, acme, anaId, Role.VIEWER))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e -> assertThat(e.kind()).isEqualTo(TenancyException.Kind.CONFLICT));
  }

  @Test
  void anOwnerCanStepDownOnceAnotherOwnerHasJoined() {
    String ben = joined(BEN, Role.OWNER);

    f.members.changeRole(ANA, acme, anaId, Role.DEVELOPER);

    assertThat(f.members.list(BEN, acme))
        .extracting(Member::id, Member::role)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(anaId, Role.DEVELOPER),
            org.assertj.core.groups.Tuple.tuple(ben, Role.OWNER));
  }

  @Test
  void anAdminCannotTouchTheOwnerRoleButCanChangeOtherRoles() {
    joined(BEN, Role.ADMIN);
    String cal = joined(CAL, Role.VIEWER);

    assertThatThrownBy(() -> f.members.changeRole(BEN, acme, anaId, Role.ADMIN))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e -> assertThat(e.kind()).isEqualTo(TenancyException.Kind.FORBIDDEN));
    assertThatThrownBy(() -> f.members.changeRole(BEN, acme, cal, Role.OWNER))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e -> assertThat(e.kind()).isEqualTo(TenancyException.Kind.FORBIDDEN));
    assertThat(f.members.changeRole(BEN, acme, cal, Role.DEVELOPER).role())
        .isEqualTo(Role.DEVELOPER);
  }

  @Test
  void aViewerCannotRemoveOthersButCanLeave() {
    String ben = joined(BEN, Role.VIEWER);

    assertThatThrownBy(() -> f.members.remove(BEN, acme, anaId))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e -> assertThat(e.kind()).isEqualTo(TenancyException.Kind.FORBIDDEN));
    f.members.remove(BEN, acme, ben);

    assertThat(f.members.list(ANA, acme)).extracting(Member::id).containsExactly(anaId);
  }

  @Test
  void revokingAnInvitationAndChangingARoleAreAuditedWithBeforeAndAfter() {
    String invited = f.members.invite(ANA, acme, "dev@example.com", Role.DEVELOPER).id();
    f.members.changeRole(ANA, acme, invited, Role.ADMIN);
    f.members.remove(ANA, acme, invited);

    List<AuditEvent> events = f.audit.recent(ANA, acme, 3);
    assertThat(events)
        .extracting(AuditEvent::action)
        .containsExactly("member.invitation.revoke", "member.role", "member.invite");
    assertThat(events.get(1).before()).hasValueSatisfying(b -> assertThat(b).contains("DEVELOPER"));
    assertThat(events.get(1).after()).hasValueSatisfying(a -> assertThat(a).contains("ADMIN"));
    assertThat(f.members.list(ANA, acme)).extracting(Member::id).containsExactly(anaId);
  }

  @Test
  void aMemberOfAnotherTenantIsNotFound() {
    TenantId other = f.tenants.signup(BEN, "other", null).id();
    String benId = f.members.list(BEN, other).get(0).id();

    assertThatThrownBy(() -> f.members.remove(ANA, acme, benId))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e -> assertThat(e.kind()).isEqualTo(TenancyException.Kind.NOT_FOUND));
  }
}
