package dev.cairn.console.tenant.flags;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Set;

/**
 * How the flag pages show JSON values as text in inputs and read them back. A variation's value is
 * read as its flag's kind says; a clause value typed for {@code in}, {@code notIn} or a numeric
 * comparison is a number or {@code true}/{@code false} when it looks like one, and text when quoted
 * ({@code "42"}), so that what is shown reads back as the same value. Anything that does not fit is
 * sent as text and the server names the problem.
 */
public final class JsonValues {
  /** Operators whose values may be numbers or booleans rather than text. */
  static final Set<String> LITERAL_OPS =
      Set.of("in", "notIn", "lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual");

  private JsonValues() {}

  /** A value as text: a string as it is, anything else as JSON; empty for none. */
  public static String text(JsonValue value) {
    if (value == null || value == JsonValue.NULL) {
      return "";
    }
    return value instanceof JsonString s ? s.getString() : value.toString();
  }

  /** A variation's value typed in an input, read as {@code kind} says. */
  public static JsonValue variationValue(String kind, String text) {
    String t = text == null ? "" : text.strip();
    return switch (kind) {
      case "boolean" ->
          switch (t) {
            case "true" -> JsonValue.TRUE;
            case "false" -> JsonValue.FALSE;
            default -> Json.createValue(t);
          };
      case "number" -> number(t) == null ? Json.createValue(t) : Json.createValue(number(t));
      case "json" -> json(t);
      default -> Json.createValue(text == null ? "" : text);
    };
  }

  /** A clause value as shown in its chip for {@code op}. */
  public static String clauseText(String op, JsonValue value) {
    if (value instanceof JsonString s
        && LITERAL_OPS.contains(op)
        && !(clauseValue(op, s.getString()) instanceof JsonString)) {
      return '"' + s.getString() + '"';
    }
    return text(value);
  }

  /** A clause value typed in a chip, for {@code op}. */
  public static JsonValue clauseValue(String op, String text) {
    String t = text == null ? "" : text.strip();
    if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
      return Json.createValue(t.substring(1, t.length() - 1));
    }
    if (LITERAL_OPS.contains(op)) {
      if (t.equals("true")) {
        return JsonValue.TRUE;
      }
      if (t.equals("false")) {
        return JsonValue.FALSE;
      }
      BigDecimal n = number(t);
      if (n != null) {
        return Json.createValue(n);
      }
    }
    return Json.createValue(t);
  }

  /** Text parsed as JSON, or the text itself as a string when it is not JSON. */
  public static JsonValue json(String text) {
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      return reader.readValue();
    } catch (JsonException | IllegalStateException e) {
      return Json.createValue(text);
    }
  }

  private static BigDecimal number(String t) {
    if (!t.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
      return null;
    }
    return new BigDecimal(t);
  }
}
