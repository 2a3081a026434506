package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.client.testmodel.Note;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelTypeTest {
  record Bin(String warehouseId, String code) {}

  static ModelType.Builder<Bin> bin() {
    return ModelType.builder(Bin.class, "Bin", "Bins")
        .field(ModelField.of("warehouseId", FieldKind.ID, true))
        .field(ModelField.of("code", FieldKind.STRING, true))
        .codec(
            b -> Map.of("warehouseId", b.warehouseId(), "code", b.code()),
            v -> new Bin((String) v.get("warehouseId"), (String) v.get("code")));
  }

  @Test
  void aModelIsKeyedByIdUnlessItsPrimaryKeyIsGiven() {
    assertThat(Note.TYPE.primaryKey()).containsExactly("id");
    assertThat(Note.TYPE.hasDefaultKey()).isTrue();

    ModelType<Bin> bin = bin().primaryKey("warehouseId", "code").build();

    assertThat(bin.primaryKey()).isEqualTo(List.of("warehouseId", "code"));
    assertThat(bin.keyFields()).extracting(ModelField::name).containsExactly("warehouseId", "code");
    assertThat(bin.hasDefaultKey()).isFalse();
  }

  @Test
  void aPrimaryKeyFieldTheModelDoesNotHaveIsRefusedByName() {
    assertThatThrownBy(() -> bin().primaryKey("warehouseId", "shelf").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("model Bin has no `shelf` field for its primary key");
    assertThatThrownBy(() -> bin().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("model Bin has no `id` field");
  }

  @Test
  void aKeyPredicateMatchesOneRecordByEveryKeyFieldAndNamesTheKeyWhenGivenTooFewValues() {
    ModelType<Bin> bin = bin().primaryKey("warehouseId", "code").build();

    QueryPredicate one = bin.keyPredicate("w1", "A-01");

    assertThat(one)
        .isEqualTo(
            QueryField.<String>of("warehouseId")
                .eq("w1")
                .and(QueryField.<String>of("code").eq("A-01")));
    assertThatThrownBy(() -> bin.keyPredicate("w1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Bin is keyed by [warehouseId, code]; give 2 key value(s)");
  }
}
