package dev.cairn.console.tenant.flags;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class FlagFormTest {
  /** A flag in the full form as the admin API answers it (FlagSetWriter's field order). */
  static final String FULL =
      """
      {"name":"New checkout","description":"one page","kind":"string",
       "variations":[{"name":"a","value":"old"},{"name":"b","value":"new","description":"the new one"}],
       "on":true,"offVariation":"a",
       "prerequisites":[{"flag":"new-ui","variation":"enabled"}],
       "targets":[{"variation":"b","users":["u-1","u-2"]}],
       "rules":[{"id":"beta","clauses":[{"attribute":"groups","op":"in","values":["beta",42,true,"7"]},
                                        {"attribute":"appVersion","op":"semVerGreaterThan","values":["2.0.0"],"negate":true,"type":"semver"}],
                 "variation":"b"},
                {"id":"gradual","clauses":[],"rollout":{"bucketBy":"","variations":[{"variation":"a","weight":87.5},{"variation":"b","weight":12.5}]}}],
       "fallthrough":{"variation":"a"},
       "tags":["checkout"],"temporary":true,"archived":false,"salt":"s1"}
      """;

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  @Test
  void aFlagReadFromTheAdminApiIsWrittenBackUnchanged() {
    JsonObject read = json(FULL);

    JsonObject written = FlagForm.fromJson("checkout", read).toJson();

    assertThat(written).isEqualTo(read);
  }

  @Test
  void clauseValuesKeepTheirTypesThroughTheChipsTheyAreShownIn() {
    FlagForm form = FlagForm.fromJson("checkout", json(FULL));

    assertThat(form.getRules().get(0).getClauses().get(0).getValues())
        .containsExactly("beta", "42", "true", "\"7\"");
  }

  @Test
  void renamingAVariationRenamesItWhereverTheFlagServesIt() {
    FlagForm form = FlagForm.fromJson("checkout", json(FULL));

    form.getVariations().get(1).setName("fresh");
    JsonObject written = form.toJson();

    assertThat(written.getJsonArray("targets").getJsonObject(0).getString("variation"))
        .isEqualTo("fresh");
    assertThat(written.getJsonArray("rules").getJsonObject(0).getString("variation"))
        .isEqualTo("fresh");
    assertThat(
            written
                .getJsonArray("rules")
                .getJsonObject(1)
                .getJsonObject("rollout")
                .getJsonArray("variations")
                .getJsonObject(1)
                .getString("variation"))
        .isEqualTo("fresh");
  }

  @Test
  void aNewBooleanFlagIsOffServingFalseAndRulesGetFreshIds() {
    FlagForm form = FlagForm.create("banner", "boolean");
    form.addRule();
    form.addRule();

    JsonObject written = form.toJson();

    assertThat(written.getBoolean("on")).isFalse();
    assertThat(written.getString("offVariation")).isEqualTo("off");
    assertThat(written.getJsonArray("variations").getJsonObject(1).get("value"))
        .isEqualTo(jakarta.json.JsonValue.FALSE);
    assertThat(written.getJsonArray("rules").getJsonObject(1).getString("id")).isEqualTo("rule-2");
  }

  @Test
  void switchingToARolloutPutsEveryoneOnTheFirstVariationUntilWeightsAreSet() {
    FlagForm form = FlagForm.create("banner", "boolean");
    ServeForm fallthrough = form.getFallthrough();

    fallthrough.setMode(ServeForm.ROLLOUT);
    form.serveModeChanged(fallthrough);

    assertThat(fallthrough.getWeights())
        .extracting(ServeForm.WeightRow::getVariation)
        .containsExactly("on", "off");
    assertThat(fallthrough.getTotal()).isEqualTo(new BigDecimal("100"));
    fallthrough.getWeights().get(0).setWeight(new BigDecimal("12.500"));
    assertThat(fallthrough.getTotal().toString()).isEqualTo("12.5");
  }

  @Test
  void movingARuleChangesTheOrderRulesAreTriedIn() {
    FlagForm form = FlagForm.fromJson("checkout", json(FULL));

    form.moveRule(form.getRules().get(1), -1);

    assertThat(form.toJson().getJsonArray("rules").getJsonObject(0).getString("id"))
        .isEqualTo("gradual");
  }

  @Test
  void variationValuesAreReadAsTheKindSays() {
    assertThat(JsonValues.variationValue("number", "2.50")).hasToString("2.50");
    assertThat(JsonValues.variationValue("boolean", "true")).isEqualTo(jakarta.json.JsonValue.TRUE);
    assertThat(JsonValues.variationValue("json", "{\"a\":1}").getValueType())
        .isEqualTo(jakarta.json.JsonValue.ValueType.OBJECT);
    assertThat(JsonValues.variationValue("string", "42")).isEqualTo(Json.createValue("42"));
    // What does not fit the kind goes as text, for the server to name the problem.
    assertThat(JsonValues.variationValue("number", "many")).isEqualTo(Json.createValue("many"));
  }
}
