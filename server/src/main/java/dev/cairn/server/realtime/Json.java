package dev.cairn.server.realtime;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** Small JSON helpers for protocol messages. */
final class Json {
  private Json() {}

  static String quote(String s) {
    return jakarta.json.Json.createValue(s).toString();
  }

  /** A string member, or null when absent or not a string. */
  static String string(JsonObject object, String name) {
    JsonValue value = object == null ? null : object.get(name);
    return value instanceof JsonString s ? s.getString() : null;
  }

  /** An object member, or null when absent or not an object. */
  static JsonObject object(JsonObject object, String name) {
    JsonValue value = object == null ? null : object.get(name);
    return value instanceof JsonObject o ? o : null;
  }

  /** AppSync's error list: {@code [{"errorType":..., "message":...}]}. */
  static String errors(String errorType, String message) {
    return "[{\"errorType\":" + quote(errorType) + ",\"message\":" + quote(message) + "}]";
  }
}
