package dev.cairn.console.tenant;

import dev.cairn.console.api.AdminApi;
import dev.cairn.console.api.AdminApiException;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import java.io.Serializable;
import java.util.List;

/**
 * A tenant's dashboard ({@code /tenant/dashboard.xhtml}): where it stands (active schema, keys,
 * members), and charts of the last hour's sync traffic from the server's per-tenant figures
 * (requests and writes per second, errors and conflicts, p95 latency), refreshed every 10 seconds.
 */
@Named
@ViewScoped
public class TenantDashboardView implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject transient AdminApi api;
  @Inject transient TenantContext tenant;

  private Integer activeVersion;
  private int activeKeys;
  private int members;
  private String slug;
  private String throughputChart;
  private String problemsChart;
  private String latencyChart;
  private String summary;

  @PostConstruct
  void load() {
    String base = "tenants/" + AdminApi.segment(tenant.getSlug());
    try {
      activeVersion = api.getObject(base + "/schemas/active").getInt("version");
    } catch (AdminApiException e) {
      if (e.status() != 404) {
        throw e;
      }
    }
    activeKeys =
        (int)
            api.getArray(base + "/api-keys").getValuesAs(JsonObject.class).stream()
                .filter(k -> k.isNull("revokedAt"))
                .count();
    members = api.getArray(base + "/members").size();
    slug = tenant.getSlug();
    refresh();
  }

  /** Reads the last hour's figures again (called every 10 seconds by the page). */
  public void refresh() {
    JsonObject figures = api.getObject("tenants/" + AdminApi.segment(slug) + "/figures");
    double seconds = figures.getInt("bucketSeconds");
    List<JsonObject> buckets = figures.getJsonArray("buckets").getValuesAs(JsonObject.class);
    throughputChart =
        DashboardCharts.lines(
            buckets,
            "per second",
            List.of(
                new DashboardCharts.Line(
                    "GraphQL requests/s", "#1e6bb8", b -> b.getInt("requests") / seconds),
                new DashboardCharts.Line(
                    "accepted writes/s", "#2f855a", b -> b.getInt("writes") / seconds)));
    problemsChart =
        DashboardCharts.lines(
            buckets,
            "per 10 s",
            List.of(
                new DashboardCharts.Line("errors", "#c53030", b -> b.getInt("errors")),
                new DashboardCharts.Line("conflicts", "#b7791f", b -> b.getInt("conflicts"))));
    latencyChart =
        DashboardCharts.lines(
            buckets,
            "ms",
            List.of(
                new DashboardCharts.Line(
                    "p95 request latency",
                    "#6b46c1",
                    b -> b.getJsonNumber("p95Millis").doubleValue())));
    int requests = buckets.stream().mapToInt(b -> b.getInt("requests")).sum();
    int writes = buckets.stream().mapToInt(b -> b.getInt("writes")).sum();
    int conflicts = buckets.stream().mapToInt(b -> b.getInt("conflicts")).sum();
    int errors = buckets.stream().mapToInt(b -> b.getInt("errors")).sum();
    summary =
        "Last hour: "
            + requests
            + " requests, "
            + writes
            + " writes, "
            + conflicts
            + " conflicts, "
            + errors
            + " errors";
  }

  public String getThroughputChart() {
    return throughputChart;
  }

  public String getProblemsChart() {
    return problemsChart;
  }

  public String getLatencyChart() {
    return latencyChart;
  }

  public String getSummary() {
    return summary;
  }

  public Integer getActiveVersion() {
    return activeVersion;
  }

  public int getActiveKeys() {
    return activeKeys;
  }

  public int getMembers() {
    return members;
  }
}
