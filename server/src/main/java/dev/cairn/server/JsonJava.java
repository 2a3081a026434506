package dev.cairn.server;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON-P values as the plain Java values graphql-java takes as variables. */
public final class JsonJava {
  private JsonJava() {}

  /**
   * Parses a JSON object.
   *
   * @throws JsonException if {@code json} is not valid JSON
   * @throws ClassCastException if it is valid JSON but not an object
   */
  public static JsonObject readObject(String json) {
    try (JsonReader reader = Jsonp.PROVIDER.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }

  /** Converts a JSON-P value to maps, lists, strings, longs, doubles, booleans and nulls. */
  public static Object toJava(JsonValue value) {
    return switch (value.getValueType()) {
      case NULL -> null;
      case TRUE -> Boolean.TRUE;
      case FALSE -> Boolean.FALSE;
      case STRING -> ((JsonString) value).getString();
      case NUMBER -> {
        JsonNumber n = (JsonNumber) value;
        yield n.isIntegral() ? (Object) n.longValueExact() : (Object) n.doubleValue();
      }
      case ARRAY -> {
        List<Object> list = new ArrayList<>();
        for (JsonValue v : (JsonArray) value) {
          list.add(toJava(v));
        }
        yield list;
      }
      case OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        ((JsonObject) value).forEach((k, v) -> map.put(k, toJava(v)));
        yield map;
      }
    };
  }
}
