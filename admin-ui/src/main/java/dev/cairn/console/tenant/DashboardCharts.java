package dev.cairn.console.tenant;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Chart.js configurations (for {@code p:chart}) of a tenant's figures as the admin API serves them:
 * 10-second buckets over the last hour.
 */
final class DashboardCharts {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

  private DashboardCharts() {}

  /** One line of a chart: its label, colour and value per bucket. */
  record Line(String label, String colour, ToDoubleFunction<JsonObject> value) {}

  static JsonObject lines(List<JsonObject> buckets, String yTitle, List<Line> lines) {
    JsonArrayBuilder labels = Json.createArrayBuilder();
    buckets.forEach(
        b -> labels.add(TIME.format(Instant.ofEpochMilli(b.getJsonNumber("start").longValue()))));
    JsonArrayBuilder datasets = Json.createArrayBuilder();
    for (Line line : lines) {
      JsonArrayBuilder data = Json.createArrayBuilder();
      buckets.forEach(b -> data.add(line.value().applyAsDouble(b)));
      datasets.add(
          Json.createObjectBuilder()
              .add("label", line.label())
              .add("data", data)
              .add("borderColor", line.colour())
              .add("backgroundColor", line.colour())
              .add("pointRadius", 0)
              .add("borderWidth", 2)
              .add("tension", 0.2));
    }
    return Json.createObjectBuilder()
        .add("type", "line")
        .add("data", Json.createObjectBuilder().add("labels", labels).add("datasets", datasets))
        .add(
            "options",
            Json.createObjectBuilder()
                .add("animation", false)
                .add("maintainAspectRatio", false)
                .add(
                    "scales",
                    Json.createObjectBuilder()
                        .add(
                            "x",
                            Json.createObjectBuilder()
                                .add("ticks", Json.createObjectBuilder().add("maxTicksLimit", 7)))
                        .add(
                            "y",
                            Json.createObjectBuilder()
                                .add("beginAtZero", true)
                                .add(
                                    "title",
                                    Json.createObjectBuilder()
                                        .add("display", true)
                                        .add("text", yTitle)))))
        .build();
  }
}
