package dev.cairn.console.tenant;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * What the dashboard shows of a tenant's figures (as {@code GET .../figures} serves them: the last
 * hour in 10-second buckets): four Chart.js configurations (connections; requests, mutations and
 * records synced per second; errors and conflicts; p95 latency) and a one-line summary. The page
 * renders them once; the {@link FiguresFeed} pushes them again as the server's figures move on.
 */
record DashboardFigures(
    JsonObject connections,
    JsonObject rates,
    JsonObject problems,
    JsonObject latency,
    String summary) {

  /** The chart ids, as the page names its {@code p:chart} widgets ({@code <id>Chart}). */
  static final List<String> CHARTS = List.of("connections", "rates", "problems", "latency");

  static DashboardFigures of(JsonObject figures) {
    double seconds = figures.getInt("bucketSeconds");
    List<JsonObject> buckets = figures.getJsonArray("buckets").getValuesAs(JsonObject.class);
    JsonObject connections =
        DashboardCharts.lines(
            buckets,
            "open",
            List.of(
                new DashboardCharts.Line(
                    "realtime connections", "#2b6cb0", b -> b.getInt("connections", 0))));
    JsonObject rates =
        DashboardCharts.lines(
            buckets,
            "per second",
            List.of(
                new DashboardCharts.Line(
                    "GraphQL requests/s", "#1e6bb8", b -> b.getInt("requests") / seconds),
                new DashboardCharts.Line(
                    "mutations/s (accepted writes)", "#2f855a", b -> b.getInt("writes") / seconds),
                new DashboardCharts.Line(
                    "records synced/s", "#805ad5", b -> b.getInt("syncedRecords", 0) / seconds)));
    JsonObject problems =
        DashboardCharts.lines(
            buckets,
            "per 10 s",
            List.of(
                new DashboardCharts.Line("errors", "#c53030", b -> b.getInt("errors")),
                new DashboardCharts.Line("conflicts", "#b7791f", b -> b.getInt("conflicts"))));
    JsonObject latency =
        DashboardCharts.lines(
            buckets,
            "ms",
            List.of(
                new DashboardCharts.Line(
                    "p95 request latency",
                    "#6b46c1",
                    b -> b.getJsonNumber("p95Millis").doubleValue())));
    String summary =
        "Last hour: "
            + count(sum(buckets, b -> b.getInt("requests")), "request", "requests")
            + ", "
            + count(sum(buckets, b -> b.getInt("writes")), "write", "writes")
            + ", "
            + count(
                sum(buckets, b -> b.getInt("syncedRecords", 0)), "record synced", "records synced")
            + ", "
            + count(sum(buckets, b -> b.getInt("conflicts")), "conflict", "conflicts")
            + ", "
            + count(sum(buckets, b -> b.getInt("errors")), "error", "errors")
            + "; "
            + count(
                figures.getInt("openConnections", 0),
                "realtime connection open",
                "realtime connections open");
    return new DashboardFigures(connections, rates, problems, latency, summary);
  }

  /** The push message for the page of {@code tenant}: its slug, the summary and every chart. */
  String message(String tenant) {
    JsonObjectBuilder charts =
        Json.createObjectBuilder()
            .add("connections", connections)
            .add("rates", rates)
            .add("problems", problems)
            .add("latency", latency);
    return Json.createObjectBuilder()
        .add("tenant", tenant)
        .add("summary", summary)
        .add("charts", charts)
        .build()
        .toString();
  }

  /** The push message telling the page of {@code tenant} that live updates stopped, and why. */
  static String ended(String tenant, String why) {
    return Json.createObjectBuilder().add("tenant", tenant).add("ended", why).build().toString();
  }

  private static String count(int n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  private static int sum(List<JsonObject> buckets, ToIntFunction<JsonObject> value) {
    return buckets.stream().mapToInt(value).sum();
  }
}
