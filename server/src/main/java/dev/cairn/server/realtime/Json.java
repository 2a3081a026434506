package dev.cairn.server.realtime;

import dev.cairn.server.Jsonp;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;

/** Small JSON helpers for protocol messages, on the provider looked up once ({@link Jsonp}). */
final class Json {
  private Json() {}

  static String quote(String s) {
    return Jsonp.PROVIDER.createValue(s).toString();
  }

  /** A reader of one JSON text. */
  static JsonReader reader(String json) {
    return Jsonp.PROVIDER.createReader(new StringReader(json));
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
