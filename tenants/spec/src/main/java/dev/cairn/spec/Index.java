package dev.cairn.spec;

import java.util.List;
import java.util.Optional;

/**
 * A secondary index from {@code @index}: partition field, sort-key fields, and the root query field
 * that reads it (Amplify names one automatically when {@code queryField} is not given).
 */
public record Index(
    String name, String partitionField, List<String> sortKeyFields, Optional<String> queryField) {

  public Index {
    sortKeyFields = List.copyOf(sortKeyFields);
  }
}
