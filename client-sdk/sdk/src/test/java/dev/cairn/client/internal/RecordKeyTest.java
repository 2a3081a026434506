package dev.cairn.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.client.CairnException;
import dev.cairn.client.FieldKind;
import dev.cairn.client.ModelField;
import dev.cairn.client.ModelType;
import dev.cairn.client.testmodel.Bin;
import dev.cairn.client.testmodel.Post;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordKeyTest {
  record Reading(String sensor, Integer minute, Double level) {}

  static final ModelType<Reading> READING =
      ModelType.builder(Reading.class, "Reading", "Readings")
          .field(ModelField.of("sensor", FieldKind.ID, true))
          .field(ModelField.of("minute", FieldKind.INT, true))
          .field(ModelField.of("level", FieldKind.FLOAT, true))
          .primaryKey("sensor", "minute", "level")
          .codec(
              r -> Map.of("sensor", r.sensor(), "minute", r.minute(), "level", r.level()),
              v -> new Reading((String) v.get("sensor"), null, null))
          .build();

  @Test
  void anIdKeyIsWrittenAsTheIdAndACompositeKeyAsAJsonArrayInKeyOrder() {
    RecordKey id = RecordKey.of(Post.TYPE, Map.of("id", "p1", "title", "t"));
    RecordKey bin = RecordKey.of(Bin.TYPE, Map.of("code", "A-01", "warehouseId", "w1"));

    assertThat(id.text()).isEqualTo("p1");
    assertThat(bin.text()).isEqualTo("[\"w1\",\"A-01\"]");
    assertThat(bin.asMap())
        .containsExactly(Map.entry("warehouseId", "w1"), Map.entry("code", "A-01"));
    assertThat(RecordKey.parse(Bin.TYPE, bin.text())).isEqualTo(bin);
    assertThat(RecordKey.parse(Post.TYPE, "p1")).isEqualTo(id);
  }

  @Test
  void numericKeyValuesFromTheAppTheServerAndTheStoreGiveTheSameKey() {
    RecordKey fromApp = RecordKey.of(READING, Map.of("sensor", "s", "minute", 5, "level", 2L));
    RecordKey fromServer = RecordKey.of(READING, Map.of("sensor", "s", "minute", 5L, "level", 2.0));

    assertThat(fromApp.text()).isEqualTo("[\"s\",5,2.0]");
    assertThat(fromServer).isEqualTo(fromApp);
    assertThat(RecordKey.parse(READING, fromApp.text())).isEqualTo(fromApp);
    assertThat(RecordKey.ofValues(READING, List.of("s", 5, 2.0))).isEqualTo(fromApp);
  }

  @Test
  void aKeyValueOfTheWrongKindOrCountIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> RecordKey.ofValues(READING, List.of("s", "five", 2.0)))
        .isInstanceOf(CairnException.class)
        .hasMessageContaining("Reading.minute is `five`, expected a int")
        .hasMessageContaining("primary key [sensor, minute, level]");
    assertThatThrownBy(() -> RecordKey.ofValues(Bin.TYPE, List.of("w1")))
        .isInstanceOf(CairnException.class)
        .hasMessageContaining("Bin is keyed by [warehouseId, code]; give 2 key value(s)");
    assertThatThrownBy(() -> RecordKey.parse(Bin.TYPE, "w1"))
        .isInstanceOf(CairnException.class)
        .hasMessageContaining("`w1` is not a key of Bin [warehouseId, code]");
  }

  @Test
  void aKeyIsASyncFilterSelectingExactlyItsRecord() {
    assertThat(RecordKey.of(Post.TYPE, Map.of("id", "p1")).filter())
        .isEqualTo(Map.of("id", Map.of("eq", "p1")));
    assertThat(RecordKey.of(Bin.TYPE, Map.of("warehouseId", "w1", "code", "A")).filter())
        .isEqualTo(
            Map.of(
                "and",
                List.of(
                    Map.of("warehouseId", Map.of("eq", "w1")), Map.of("code", Map.of("eq", "A")))));
  }
}
