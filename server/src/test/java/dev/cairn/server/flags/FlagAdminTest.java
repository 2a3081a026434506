package dev.cairn.server.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.server.TenantId;
import dev.cairn.server.tenancy.Actor;
import dev.cairn.server.tenancy.AuditEvent;
import dev.cairn.server.tenancy.ControlPlaneTestDatabase;
import dev.cairn.server.tenancy.ControlPlaneTransactions;
import dev.cairn.server.tenancy.SignupLimits;
import dev.cairn.server.tenancy.TenancyException;
import dev.cairn.server.tenancy.TenancyFixture;
import dev.cairn.server.tenancy.Tenants;
import dev.cairn.spec.flags.FlagSetDiff;
import dev.cairn.spec.flags.FlagsYaml;
import jakarta.persistence.EntityManagerFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The flag admin service on a real control-plane database (H2 through EclipseLink). The change
 * journal is replaced by a recorder of announcements: cross-node delivery through the journal is
 * what {@code FlagsIT} proves on the real server.
 */
class FlagAdminTest {
  private static final Actor ANA = new Actor("sub-ana", "ana", "ana@example.com");
  private static final Actor BEN = new Actor("sub-ben", "ben", "ben@example.com");
  private static final String YAML =
      """
      version: 1
      segments:
        beta: { match: { groups: [beta] } }
      flags:
        checkout-v2:
          type: boolean
          default: false
          rules: [ { segment: beta, value: true } ]
        banner: { type: string, default: none }
      """;

  private final EntityManagerFactory emf = ControlPlaneTestDatabase.fresh();
  private final ControlPlaneTransactions tx = new ControlPlaneTransactions(emf);
  private final Clock clock = Clock.fixed(Instant.parse("2025-06-01T10:00:00Z"), ZoneOffset.UTC);
  private final List<Long> announced = new ArrayList<>();
  private final FlagAdmin admin =
      new FlagAdmin(
          tx,
          new FlagChanges() {
            @Override
            public void committed(TenantId tenant, long version, long atMillis) {
              announced.add(version);
            }
          },
          clock);
  private TenantId acme;

  @BeforeEach
  void signup() {
    Tenants tenants =
        new Tenants(tx, new TenancyFixture.RecordingProvisioner(), clock, SignupLimits.DEFAULTS);
    acme = tenants.signup(ANA, "acme", null).id();
    tenants.signup(BEN, "bens", null);
  }

  @AfterEach
  void close() {
    emf.close();
  }

  private Object yaml(String text) {
    return FlagsYaml.tree("flags.yaml", text);
  }

  private List<AuditEvent> flagEvents() {
    return tx.inTransaction(
        cp ->
            cp.audit().recent(acme, 100).stream()
                .filter(e -> e.action().startsWith("flag.") || e.action().startsWith("segment."))
                .toList());
  }

  @Test
  void applyingADocumentStoresEveryEntryAuditsEachAndAnnouncesOneVersion() {
    FlagAdmin.Applied applied = admin.apply(ANA, acme, yaml(YAML), false);

    assertThat(applied.version()).isEqualTo(1);
    assertThat(applied.changes()).hasSize(3);
    assertThat(announced).containsExactly(1L);
    assertThat(admin.read(ANA, acme).set()).isEqualTo(FlagsYaml.read("flags.yaml", YAML));
    assertThat(flagEvents())
        .extracting(AuditEvent::action)
        .containsExactlyInAnyOrder("segment.create", "flag.create", "flag.create");
  }

  @Test
  void applyingTheSameDocumentAgainChangesNothing() {
    admin.apply(ANA, acme, yaml(YAML), false);

    FlagAdmin.Applied again = admin.apply(ANA, acme, yaml(YAML), false);

    assertThat(again.changes()).isEmpty();
    assertThat(again.version()).isEqualTo(1);
    assertThat(announced).containsExactly(1L);
  }

  @Test
  void aDryRunReportsTheDiffAndSavesNothing() {
    FlagAdmin.Applied dryRun = admin.apply(ANA, acme, yaml(YAML), true);

    assertThat(dryRun.dryRun()).isTrue();
    assertThat(dryRun.changes()).hasSize(3);
    assertThat(admin.read(ANA, acme).set().flags()).isEmpty();
    assertThat(announced).isEmpty();
  }

  @Test
  void anInvalidFlagIsRefusedWithEveryProblemAndNothingIsSaved() {
    admin.apply(ANA, acme, yaml(YAML), false);
    Map<String, Object> bad =
        Map.of(
            "type",
            "boolean",
            "default",
            false,
            "rules",
            List.of(
                Map.of(
                    "id",
                    "half",
                    "rollout",
                    Map.of("variations", List.of(Map.of("value", true, "weight", 50)))),
                Map.of("id", "ghost", "segment", "nobody", "value", true)));

    assertThatThrownBy(() -> admin.putFlag(ANA, acme, "checkout-v2", bad))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(TenancyException.Kind.INVALID);
              assertThat(e.items())
                  .anySatisfy(
                      i -> assertThat(i).startsWith("flags.checkout-v2.rules[half].rollout:"))
                  .anySatisfy(
                      i ->
                          assertThat(i)
                              .startsWith("flags.checkout-v2.rules[ghost].clauses[0].values[0]:"));
            });
    assertThat(admin.read(ANA, acme).set()).isEqualTo(FlagsYaml.read("flags.yaml", YAML));
    assertThat(flagEvents()).hasSize(3);
    assertThat(announced).containsExactly(1L);
  }

  @Test
  void aSegmentInUseCannotBeDeleted() {
    admin.apply(ANA, acme, yaml(YAML), false);

    assertThatThrownBy(() -> admin.deleteSegment(ANA, acme, "beta"))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e ->
                assertThat(e.items()).anySatisfy(i -> assertThat(i).contains("no segment `beta`")));
  }

  @Test
  void aToggleIsAuditedWithTheFlagBeforeAndAfterAndShowsInItsHistory() {
    admin.apply(ANA, acme, yaml(YAML), false);

    admin.toggle(ANA, acme, "checkout-v2", false);

    List<AuditEvent> history = admin.history(ANA, acme, "flag", "checkout-v2", 10);
    assertThat(history)
        .extracting(AuditEvent::action)
        .containsExactly("flag.update", "flag.create");
    assertThat(history.get(0).before().orElseThrow()).contains("\"on\":true");
    assertThat(history.get(0).after().orElseThrow()).contains("\"on\":false");
    assertThat(announced).containsExactly(1L, 2L);
  }

  @Test
  void aMemberOfAnotherTenantNeitherReadsNorChangesItsFlags() {
    admin.apply(ANA, acme, yaml(YAML), false);

    assertThatThrownBy(() -> admin.read(BEN, acme))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e -> assertThat(e.kind()).isEqualTo(TenancyException.Kind.NOT_FOUND));
    assertThatThrownBy(() -> admin.toggle(BEN, acme, "checkout-v2", false))
        .isInstanceOf(TenancyException.class);
    assertThat(admin.read(ANA, acme).set().flag("checkout-v2").orElseThrow().on()).isTrue();
  }

  @Test
  void aDocumentsProblemsNameTheirLineAndColumnAndNothingIsApplied() {
    admin.apply(ANA, acme, yaml(YAML), false);
    String bad =
        """
        version: 1
        flags:
          checkout-v2:
            type: boolean
            default: false
            rules:
              - id: mails
                clauses: [ { attribute: email, op: matches, values: ["[open"] } ]
                value: true
        """;

    assertThatThrownBy(() -> admin.applyDocument(ANA, acme, bad, false, null))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e ->
                assertThat(e.items())
                    .anySatisfy(
                        item ->
                            assertThat(item)
                                .startsWith("flags.yaml:8:")
                                .contains("flags.checkout-v2.rules[mails]")));
    assertThatThrownBy(() -> admin.applyDocument(ANA, acme, "flags: [", false, null))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e -> assertThat(e.items()).singleElement().asString().startsWith("flags.yaml:1:"));
    assertThat(admin.read(ANA, acme).set()).isEqualTo(FlagsYaml.read("flags.yaml", YAML));
    assertThat(announced).containsExactly(1L);
  }

  @Test
  void anApplyOfAPreviewedRevisionIsRefusedOnceTheFlagsChangedSince() {
    FlagAdmin.Applied preview = admin.applyDocument(ANA, acme, YAML, true, null);
    assertThat(preview.version()).isZero();
    admin.apply(
        ANA, acme, yaml("version: 1\nflags: { other: { type: boolean, default: true } }"), false);

    assertThatThrownBy(() -> admin.applyDocument(ANA, acme, YAML, false, preview.version()))
        .isInstanceOfSatisfying(
            TenancyException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(TenancyException.Kind.CONFLICT);
              assertThat(e.getMessage()).contains("changed since revision 0");
            });
    assertThat(admin.read(ANA, acme).set().flag("checkout-v2")).isEmpty();

    FlagAdmin.Applied applied = admin.applyDocument(ANA, acme, YAML, false, 1L);
    assertThat(applied.version()).isEqualTo(2);
    assertThat(applied.changes())
        .extracting(FlagSetDiff.Change::key)
        .containsExactly("beta", "banner", "checkout-v2", "other");
  }
}
