package dev.cairn.server.realtime;

import dev.cairn.server.Jsonp;
import dev.cairn.server.graphql.JsonOutput;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small JSON helpers for protocol messages: a client's message is read with JSON-P on the provider
 * looked up once ({@link Jsonp}); the server's messages are written by {@link JsonOutput}, the
 * writer of the GraphQL results they carry, from {@link #members ordered members}.
 */
final class Json {
  private Json() {}

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

  /**
   * A JSON object for {@link JsonOutput} whose members keep the order given, since clients and
   * tests see the text: {@code members("type", "ka")}.
   *
   * @param namesAndValues name, value, name, value, ...
   */
  static Map<String, Object> members(Object... namesAndValues) {
    Map<String, Object> members = new LinkedHashMap<>(namesAndValues.length);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      members.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return members;
  }

  /** The text of a message made of {@link #members}. */
  static String message(Object... namesAndValues) {
    return JsonOutput.write(members(namesAndValues));
  }
}
