package dev.cairn.server.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.server.TenantId;
import dev.cairn.server.data.MongoTestSupport;
import dev.cairn.server.data.MutableClock;
import dev.cairn.server.tenancy.Actor;
import dev.cairn.server.tenancy.ControlPlaneTestDatabase;
import dev.cairn.server.tenancy.ControlPlaneTransactions;
import dev.cairn.server.tenancy.SignupLimits;
import dev.cairn.server.tenancy.TenancyFixture;
import dev.cairn.server.tenancy.Tenants;
import dev.cairn.spec.flags.FlagStaleness;
import dev.cairn.spec.flags.FlagsYaml;
import jakarta.persistence.EntityManagerFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stale marks of a tenant's flags from the admin service, on a real control-plane database (H2
 * through EclipseLink) and the MongoDB stand-in holding the evaluation times ({@link
 * MongoFlagUsage}); time is a clock the test moves.
 */
class FlagStaleMarksTest {
  private static final Actor ANA = new Actor("sub-ana", "ana", "ana@example.com");
  private static final Duration PERIOD = Duration.ofDays(30);
  private static final String YAML =
      """
      version: 1
      flags:
        used: { type: boolean, default: false }
        unused: { type: boolean, default: false }
        launched: { type: boolean, default: true, temporary: true }
      """;

  static MongoTestSupport mongo;

  private final EntityManagerFactory emf = ControlPlaneTestDatabase.fresh();
  private final ControlPlaneTransactions tx = new ControlPlaneTransactions(emf);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
  private MongoFlagUsage usage;
  private FlagAdmin admin;
  private TenantId acme;

  @BeforeAll
  static void start() {
    mongo = new MongoTestSupport();
  }

  @AfterAll
  static void stop() {
    mongo.close();
  }

  @BeforeEach
  void signup() {
    Tenants tenants =
        new Tenants(tx, new TenancyFixture.RecordingProvisioner(), clock, SignupLimits.DEFAULTS);
    // a tenant of its own per test: the stand-in outlives the test
    acme = tenants.signup(ANA, "t" + UUID.randomUUID().toString().substring(0, 8), null).id();
    usage = new MongoFlagUsage(mongo.client(), clock, PERIOD);
    admin =
        new FlagAdmin(
            tx,
            new FlagChanges() {
              @Override
              public void committed(TenantId tenant, long version, long atMillis) {}
            },
            clock,
            usage);
    admin.apply(ANA, acme, FlagsYaml.tree("flags.yaml", YAML), false);
  }

  @AfterEach
  void close() {
    emf.close();
  }

  @Test
  void aFlagNoClientEvaluatedForTheStalePeriodIsMarkedAndOneEvaluatedIsNot() {
    assertThat(admin.flags(ANA, acme).values()).noneMatch(FlagAdmin.FlagInfo::stale);

    clock.advance(Duration.ofDays(20));
    usage.evaluated(acme, List.of("used"));
    clock.advance(Duration.ofDays(10));

    Map<String, FlagAdmin.FlagInfo> flags = admin.flags(ANA, acme);
    assertThat(flags.get("used").staleReason()).isEmpty();
    assertThat(flags.get("used").lastEvaluated())
        .contains(clock.instant().minus(Duration.ofDays(10)));
    assertThat(flags.get("unused").staleReason()).contains(FlagStaleness.Reason.NOT_EVALUATED);
    assertThat(flags.get("launched").staleReason()).contains(FlagStaleness.Reason.ONE_VARIATION);
    assertThat(admin.flag(ANA, acme, "unused").stale()).isTrue();

    clock.advance(Duration.ofDays(20));
    assertThat(admin.flags(ANA, acme).get("used").staleReason())
        .contains(FlagStaleness.Reason.NOT_EVALUATED);
  }

  @Test
  void aChangeRestartsThePeriodOfAFlagNoClientEvaluated() {
    clock.advance(Duration.ofDays(31));
    assertThat(admin.flag(ANA, acme, "unused").stale()).isTrue();

    admin.toggle(ANA, acme, "unused", false);

    assertThat(admin.flag(ANA, acme, "unused").stale()).isFalse();
  }

  @Test
  void eachNodeWritesAFlagOncePerIntervalAndALaggingNodeNeverMovesTheTimeBack() {
    Instant t0 = clock.instant();
    usage.evaluated(acme, List.of("used"));
    clock.advance(Duration.ofMinutes(30));
    usage.evaluated(acme, List.of("used")); // within the hour: not written again
    assertThat(usage.lastEvaluated(acme)).containsExactly(Map.entry("used", t0));

    MutableClock behind = new MutableClock(t0.minus(Duration.ofDays(1)));
    new MongoFlagUsage(mongo.client(), behind, PERIOD).evaluated(acme, List.of("used"));
    assertThat(usage.lastEvaluated(acme)).containsExactly(Map.entry("used", t0));

    clock.advance(Duration.ofMinutes(31));
    usage.evaluated(acme, List.of("used"));
    assertThat(usage.lastEvaluated(acme)).containsExactly(Map.entry("used", clock.instant()));
    assertThat(MongoFlagUsage.recordEvery(PERIOD)).isEqualTo(Duration.ofHours(1));
    assertThat(MongoFlagUsage.recordEvery(Duration.ofSeconds(45)))
        .isEqualTo(Duration.ofMillis(4500));
  }

  @Test
  void aStalePeriodThatIsNotADurationIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new MongoFlagUsage(mongo.client(), clock, "30 days"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cairn.flags.stale-after is `30 days`")
        .hasMessageContaining("P30D");
  }
}
