package dev.cairn.server.realtime;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;

/**
 * Small JSON helpers for protocol messages. The provider is looked up once: {@code
 * jakarta.json.Json} looks it up through a service loader on every call, which scans class-loader
 * jars (it was a tenth of the server's CPU while 10k subscribers connected).
 */
final class Json {
  private static final JsonProvider PROVIDER = JsonProvider.provider();

  private Json() {}

  static String quote(String s) {
    return PROVIDER.createValue(s).toString();
  }

  /** A reader of one JSON text. */
  static JsonReader reader(String json) {
    return PROVIDER.createReader(new StringReader(json));
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
