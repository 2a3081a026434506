package dev.cairn.server.figures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.TenantId;
import dev.cairn.server.data.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficFiguresTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
  private final TrafficFigures figures = new TrafficFigures(clock);
  private final TenantId acme = TenantId.of("acme");

  @Test
  void aBucketCountsRequestsAndErrorsAndKnowsItsP95Latency() {
    for (int ms = 1; ms <= 100; ms++) {
      figures.record(acme, Duration.ofMillis(ms).toNanos(), ms > 98);
    }

    TrafficFigures.Bucket now = last(figures.lastHour(acme));
    assertThat(now.requests()).isEqualTo(100);
    assertThat(now.errors()).isEqualTo(2);
    assertThat(now.p95Millis()).isEqualTo(95.0);
  }

  @Test
  void theLastHourHas360BucketsAndForgetsOlderTraffic() {
    figures.record(acme, 1_000_000, false);
    clock.advance(Duration.ofSeconds(10));
    assertThat(figures.lastHour(acme)).hasSize(360);
    assertThat(figures.lastHour(acme).get(358).requests()).isEqualTo(1);

    clock.advance(Duration.ofHours(1));
    figures.record(acme, 1_000_000, false);

    List<TrafficFigures.Bucket> hour = figures.lastHour(acme);
    assertThat(hour.stream().mapToInt(TrafficFigures.Bucket::requests).sum()).isEqualTo(1);
    assertThat(last(hour).requests()).isEqualTo(1);
  }

  @Test
  void tenantsAreCountedApartAndAnUnseenTenantHasEmptyBuckets() {
    figures.record(acme, 1_000_000, false);

    assertThat(
            figures.lastHour(TenantId.of("other")).stream()
                .mapToInt(TrafficFigures.Bucket::requests)
                .sum())
        .isZero();
  }

  @Test
  void aBucketAddsUpSyncedRecordsAndKeepsTheMostConnectionsSeenOpen() {
    figures.record(acme, 1_000_000, false, 40);
    figures.record(acme, 1_000_000, false, 2);
    figures.recordConnections(acme, 3);
    figures.recordConnections(acme, 7);
    figures.recordConnections(acme, 5);

    TrafficFigures.Bucket now = last(figures.lastHour(acme));
    assertThat(now.syncedRecords()).isEqualTo(42);
    assertThat(now.connections()).isEqualTo(7);
  }

  @Test
  void aBucketWithConnectionsButNoRequestsShowsTheConnections() {
    figures.recordConnections(acme, 4);
    clock.advance(Duration.ofSeconds(10));

    List<TrafficFigures.Bucket> hour = figures.lastHour(acme);
    assertThat(hour.get(358).connections()).isEqualTo(4);
    assertThat(hour.get(358).requests()).isZero();
    assertThat(last(hour).connections()).isZero();
  }

  @Test
  void onlyPathsOfAValidTenantAreTimed() {
    assertThat(TrafficFilter.tenantOf("/t/acme/graphql")).isEqualTo(TenantId.of("acme"));
    assertThat(TrafficFilter.tenantOf("/t/Bad_Slug/graphql")).isNull();
    assertThat(TrafficFilter.tenantOf("/api/admin/me")).isNull();
  }

  private static TrafficFigures.Bucket last(List<TrafficFigures.Bucket> buckets) {
    return buckets.get(buckets.size() - 1);
  }
}
