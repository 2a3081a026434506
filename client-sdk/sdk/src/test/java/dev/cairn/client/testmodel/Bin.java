package dev.cairn.client.testmodel;

import dev.cairn.client.FieldKind;
import dev.cairn.client.ModelField;
import dev.cairn.client.ModelType;
import dev.cairn.client.QueryField;
import java.util.HashMap;
import java.util.Map;

/**
 * A model keyed by a {@code @primaryKey} with a sort key, written as the codegen plugin writes one:
 * {@code warehouseId: ID! @primaryKey(sortKeyFields: ["code"])}, {@code code: String!}, {@code
 * aisle: String}, {@code capacity: Int}.
 */
public record Bin(String warehouseId, String code, String aisle, Integer capacity) {
  public static final QueryField<String> WAREHOUSE_ID = QueryField.of("warehouseId");
  public static final QueryField<String> CODE = QueryField.of("code");
  public static final QueryField<String> AISLE = QueryField.of("aisle");
  public static final QueryField<Integer> CAPACITY = QueryField.of("capacity");

  public static final ModelType<Bin> TYPE =
      ModelType.builder(Bin.class, "Bin", "Bins")
          .field(ModelField.of("warehouseId", FieldKind.ID, true))
          .field(ModelField.of("code", FieldKind.STRING, true))
          .field(ModelField.of("aisle", FieldKind.STRING, false))
          .field(ModelField.of("capacity", FieldKind.INT, false))
          .field(ModelField.readOnly("createdAt", FieldKind.STRING))
          .field(ModelField.readOnly("updatedAt", FieldKind.STRING))
          .primaryKey("warehouseId", "code")
          .codec(Bin::values, Bin::from)
          .build();

  public Bin withAisle(String newAisle) {
    return new Bin(warehouseId, code, newAisle, capacity);
  }

  public Bin withCapacity(Integer newCapacity) {
    return new Bin(warehouseId, code, aisle, newCapacity);
  }

  private static Map<String, Object> values(Bin b) {
    Map<String, Object> m = new HashMap<>();
    m.put("warehouseId", b.warehouseId);
    m.put("code", b.code);
    m.put("aisle", b.aisle);
    m.put("capacity", b.capacity);
    return m;
  }

  private static Bin from(Map<String, Object> m) {
    Object capacity = m.get("capacity");
    return new Bin(
        (String) m.get("warehouseId"),
        (String) m.get("code"),
        (String) m.get("aisle"),
        capacity == null ? null : ((Number) capacity).intValue());
  }
}
