package dev.cairn.server.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.TenantId;
import dev.cairn.server.auth.AppIdentity;
import dev.cairn.server.data.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestRatesTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final TenantId acme = TenantId.of("acme");
  final TenantId globex = TenantId.of("globex");

  static AppIdentity user(TenantId tenant, String name) {
    return new AppIdentity(
        tenant, AppIdentity.Kind.USER_TOKEN, name, "sub", Map.of("sub", name), List.of());
  }

  @Test
  void aCallerGetsItsBurstThenWaitsForTheRefill() {
    RequestRates rates = new RequestRates(1000, 1000, 2, 5, clock);
    AppIdentity alice = user(acme, "alice");

    for (int i = 0; i < 5; i++) {
      assertThat(rates.charge(alice)).isEmpty();
    }
    Optional<RequestRates.Refusal> refused = rates.charge(alice);
    clock.advance(Duration.ofMillis(500));
    Optional<RequestRates.Refusal> afterRefill = rates.charge(alice);

    assertThat(refused).isPresent();
    assertThat(refused.get().retryIn()).isEqualTo(Duration.ofMillis(500));
    assertThat(refused.get().retryAfterSeconds()).isEqualTo(1);
    assertThat(refused.get().message()).contains("this user").contains("acme");
    assertThat(afterRefill).isEmpty();
  }

  @Test
  void oneCallerOverItsLimitDoesNotSlowAnotherCaller() {
    RequestRates rates = new RequestRates(1000, 1000, 1, 2, clock);
    AppIdentity alice = user(acme, "alice");
    rates.charge(alice);
    rates.charge(alice);

    assertThat(rates.charge(alice)).isPresent();
    assertThat(rates.charge(user(acme, "bob"))).isEmpty();
    assertThat(rates.charge(AppIdentity.apiKey(acme, "k1"))).isEmpty();
  }

  @Test
  void aTenantOverItsLimitIsRefusedWithoutTouchingAnotherTenant() {
    RequestRates rates = new RequestRates(1, 3, 1000, 1000, clock);
    for (int i = 0; i < 3; i++) {
      assertThat(rates.charge(user(acme, "u" + i))).isEmpty();
    }

    Optional<RequestRates.Refusal> refused = rates.charge(user(acme, "u9"));

    assertThat(refused).isPresent();
    assertThat(refused.get().message()).contains("tenant `acme`");
    assertThat(refused.get().retryAfterSeconds()).isEqualTo(1);
    assertThat(rates.charge(user(globex, "u0"))).isEmpty();
  }

  @Test
  void aRequestTheTenantLimitRefusesCostsTheCallerNothing() {
    RequestRates rates = new RequestRates(1, 1, 1, 1, clock);
    rates.charge(user(acme, "bob")); // the tenant's only token

    assertThat(rates.charge(user(acme, "alice"))).isPresent();
    clock.advance(Duration.ofSeconds(1));
    assertThat(rates.charge(user(acme, "alice"))).isEmpty(); // alice still had her token
  }

  @Test
  void retryAfterRoundsUpToWholeSeconds() {
    RequestRates rates = new RequestRates(1000, 1000, 0.4, 1, clock);
    AppIdentity alice = user(acme, "alice");
    rates.charge(alice);

    assertThat(rates.charge(alice).orElseThrow().retryAfterSeconds()).isEqualTo(3); // 2.5 s
  }
}
