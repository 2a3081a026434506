package dev.cairn.console.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class DashboardFiguresTest {
  private static JsonObject figures() {
    JsonArrayBuilder buckets = Json.createArrayBuilder();
    for (int i = 0; i < 3; i++) {
      buckets.add(
          Json.createObjectBuilder()
              .add("start", 1_800_000_000_000L + i * 10_000L)
              .add("requests", 10)
              .add("errors", i)
              .add("p95Millis", 12.5)
              .add("syncedRecords", 20)
              .add("connections", i + 1)
              .add("writes", 5)
              .add("conflicts", 1));
    }
    return Json.createObjectBuilder()
        .add("bucketSeconds", 10)
        .add("openConnections", 3)
        .add("buckets", buckets)
        .build();
  }

  @Test
  void theSummaryAddsUpTheHourAndNamesTheConnectionsOpenNow() {
    DashboardFigures shown = DashboardFigures.of(figures());

    assertThat(shown.summary())
        .isEqualTo(
            "Last hour: 30 requests, 15 writes, 60 records synced, 3 conflicts, 3 errors;"
                + " 3 realtime connections open");
  }

  @Test
  void theSummarySaysOneOfAThingInTheSingular() {
    JsonObject quiet =
        Json.createObjectBuilder()
            .add("bucketSeconds", 10)
            .add("openConnections", 1)
            .add(
                "buckets",
                Json.createArrayBuilder()
                    .add(
                        Json.createObjectBuilder()
                            .add("start", 0)
                            .add("requests", 1)
                            .add("errors", 1)
                            .add("p95Millis", 1)
                            .add("syncedRecords", 1)
                            .add("connections", 1)
                            .add("writes", 1)
                            .add("conflicts", 0)))
            .build();

    assertThat(DashboardFigures.of(quiet).summary())
        .isEqualTo(
            "Last hour: 1 request, 1 write, 1 record synced, 0 conflicts, 1 error;"
                + " 1 realtime connection open");
  }

  @Test
  void theRatesChartShowsRequestsMutationsAndRecordsSyncedPerSecond() {
    JsonObject rates = DashboardFigures.of(figures()).rates();

    var datasets = rates.getJsonObject("data").getJsonArray("datasets");
    assertThat(datasets.getJsonObject(0).getString("label")).isEqualTo("GraphQL requests/s");
    assertThat(datasets.getJsonObject(1).getString("label")).startsWith("mutations/s");
    assertThat(datasets.getJsonObject(1).getJsonArray("data").getJsonNumber(0).doubleValue())
        .isEqualTo(0.5);
    assertThat(datasets.getJsonObject(2).getJsonArray("data").getJsonNumber(0).doubleValue())
        .isEqualTo(2.0);
  }

  @Test
  void aPushMessageNamesItsTenantAndCarriesEveryChart() {
    JsonObject message =
        Json.createReader(new StringReader(DashboardFigures.of(figures()).message("acme")))
            .readObject();

    assertThat(message.getString("tenant")).isEqualTo("acme");
    assertThat(message.getJsonObject("charts").keySet())
        .containsExactlyInAnyOrderElementsOf(DashboardFigures.CHARTS);
    assertThat(
            message
                .getJsonObject("charts")
                .getJsonObject("connections")
                .getJsonObject("data")
                .getJsonArray("datasets")
                .getJsonObject(0)
                .getJsonArray("data")
                .getJsonNumber(2)
                .intValue())
        .isEqualTo(3);
  }
}
