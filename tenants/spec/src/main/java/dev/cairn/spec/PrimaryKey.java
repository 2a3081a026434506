package dev.cairn.spec;

import java.util.ArrayList;
import java.util.List;

/** A model's primary key: {@code id} by default, or the {@code @primaryKey} field and sort keys. */
public record PrimaryKey(String partitionField, List<String> sortKeyFields) {

  public PrimaryKey {
    sortKeyFields = List.copyOf(sortKeyFields);
  }

  public static PrimaryKey defaultId() {
    return new PrimaryKey("id", List.of());
  }

  /** Partition field followed by the sort-key fields. */
  public List<String> fields() {
    List<String> all = new ArrayList<>();
    all.add(partitionField);
    all.addAll(sortKeyFields);
    return List.copyOf(all);
  }

  public boolean isDefaultId() {
    return partitionField.equals("id") && sortKeyFields.isEmpty();
  }
}
