package dev.cairn.server.flags;

import dev.cairn.server.JsonJava;
import dev.cairn.server.Jsonp;
import dev.cairn.server.graphql.JsonOutput;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import java.io.StringReader;

/** Flag documents between JSON text and the plain Java tree {@code dev.cairn.spec.flags} reads. */
final class FlagJson {
  private FlagJson() {}

  /** Any JSON value as a tree. @throws JsonException when {@code json} is not JSON */
  static Object read(String json) {
    try (JsonReader reader = Jsonp.PROVIDER.createReader(new StringReader(json))) {
      return JsonJava.toJava(reader.readValue());
    }
  }

  static String write(Object tree) {
    return JsonOutput.write(tree);
  }

  static boolean isJson(String text) {
    try {
      read(text);
      return true;
    } catch (JsonException e) {
      return false;
    }
  }
}
