package dev.cairn.console.tenant.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.console.FieldChange;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class HistoryDiffTest {
  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  @Test
  void aToggleIsOneChangedField() {
    JsonObject before = json(FlagFormTest.FULL);
    JsonObject after = Json.createObjectBuilder(before).add("on", false).build();

    assertThat(HistoryDiff.between(before, after))
        .containsExactly(new FieldChange("on", "true", "false"));
  }

  @Test
  void reorderingRulesShowsNoChangeInsideThemAndAnAddedValueIsOneLine() {
    JsonObject before =
        json(
            "{\"rules\":[{\"id\":\"a\",\"clauses\":[{\"attribute\":\"groups\",\"op\":\"in\",\"values\":[\"beta\"]}]},"
                + "{\"id\":\"b\",\"clauses\":[]}]}");
    JsonObject after =
        json(
            "{\"rules\":[{\"id\":\"b\",\"clauses\":[]},"
                + "{\"id\":\"a\",\"clauses\":[{\"attribute\":\"groups\",\"op\":\"in\",\"values\":[\"beta\",\"staff\"]}]}]}");

    assertThat(HistoryDiff.between(before, after))
        .containsExactly(new FieldChange("rules[a].clauses[0].values[staff]", null, "staff"));
  }

  @Test
  void aCreatedFlagListsEveryFieldAsAdded() {
    assertThat(
            HistoryDiff.between(JsonValue.NULL, json("{\"on\":false,\"tags\":[],\"name\":\"\"}")))
        .containsExactly(
            new FieldChange("on", null, "false"),
            new FieldChange("tags", null, "[]"),
            new FieldChange("name", null, "\"\""));
  }
}
