package dev.cairn.server.data.filter;

import java.util.Map;

/** DynamoDB attribute type names ({@code ModelAttributeTypes}) mapped to MongoDB BSON types. */
final class AttributeTypes {
  private static final Map<String, String> TYPES =
      Map.of(
          "binary", "binData",
          "binarySet", "array",
          "bool", "bool",
          "list", "array",
          "map", "object",
          "number", "number",
          "numberSet", "array",
          "string", "string",
          "stringSet", "array",
          "_null", "null");

  private AttributeTypes() {}

  static String mongoType(String field, Object value) {
    String type = value instanceof String s ? TYPES.get(s) : null;
    if (type == null) {
      throw FilterTranslator.invalid(
          "`attributeType` of `"
              + field
              + "` must be one of binary, binarySet, bool, list, map, number, numberSet, string,"
              + " stringSet, _null");
    }
    return type;
  }
}
