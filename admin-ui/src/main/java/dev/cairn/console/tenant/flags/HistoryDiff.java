package dev.cairn.console.tenant.flags;

import dev.cairn.console.FieldChange;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one change did to a flag or segment: the fields whose values differ between the entry before
 * and after, down to single values ({@code rules[beta].clauses[0].values[1]}), with list items
 * named by their {@code id}, {@code name} or {@code flag} where they have one and strings by
 * themselves, so that reordering rules or removing one user does not read as every field changed.
 */
public final class HistoryDiff {
  private HistoryDiff() {}

  /** The changed fields between two entries (either may be null: created or deleted). */
  public static List<FieldChange> between(JsonValue before, JsonValue after) {
    Map<String, String> b = flatten(before);
    Map<String, String> a = flatten(after);
    Set<String> fields = new LinkedHashSet<>(b.keySet());
    fields.addAll(a.keySet());
    List<FieldChange> lines = new ArrayList<>();
    for (String f : fields) {
      if (!Objects.equals(b.get(f), a.get(f))) {
        lines.add(new FieldChange(f, b.get(f), a.get(f)));
      }
    }
    return lines;
  }

  static Map<String, String> flatten(JsonValue value) {
    Map<String, String> out = new LinkedHashMap<>();
    if (value != null && value != JsonValue.NULL) {
      flatten("", value, out);
    }
    return out;
  }

  private static void flatten(String path, JsonValue value, Map<String, String> out) {
    switch (value.getValueType()) {
      case OBJECT -> {
        JsonObject o = value.asJsonObject();
        if (o.isEmpty()) {
          out.put(path, "{}");
        }
        o.forEach((k, v) -> flatten(path.isEmpty() ? k : path + "." + k, v, out));
      }
      case ARRAY -> {
        JsonArray a = value.asJsonArray();
        if (a.isEmpty()) {
          out.put(path, "[]");
        }
        for (int i = 0; i < a.size(); i++) {
          flatten(path + "[" + itemName(a.get(i), i) + "]", a.get(i), out);
        }
      }
      case STRING -> {
        String text = JsonValues.text(value);
        out.put(path, text.isEmpty() ? "\"\"" : text); // an empty name reads as "", not as nothing
      }
      default -> out.put(path, JsonValues.text(value));
    }
  }

  private static String itemName(JsonValue item, int index) {
    if (item instanceof JsonObject o) {
      for (String name : List.of("id", "name", "flag")) {
        if (o.get(name) instanceof JsonString s && !s.getString().isEmpty()) {
          return s.getString();
        }
      }
    }
    if (item instanceof JsonString s) {
      return s.getString(); // user ids, tags, clause values: a set, whatever the order
    }
    return String.valueOf(index);
  }
}
