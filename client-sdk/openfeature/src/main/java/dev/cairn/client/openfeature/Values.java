package dev.cairn.client.openfeature;

import dev.openfeature.sdk.MutableStructure;
import dev.openfeature.sdk.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A JSON flag's value (maps, lists, strings, booleans, numbers) as an OpenFeature {@link Value}.
 */
final class Values {
  private Values() {}

  static Value of(Object json) {
    if (json == null) {
      return new Value();
    }
    if (json instanceof Boolean b) {
      return new Value(b);
    }
    if (json instanceof String s) {
      return new Value(s);
    }
    if (json instanceof Long l) {
      return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE
          ? new Value(l.intValue())
          : new Value(l);
    }
    if (json instanceof Number n) {
      return new Value(n.doubleValue());
    }
    if (json instanceof List<?> list) {
      List<Value> values = new ArrayList<>();
      list.forEach(v -> values.add(of(v)));
      return new Value(values);
    }
    if (json instanceof Map<?, ?> map) {
      MutableStructure structure = new MutableStructure();
      map.forEach((k, v) -> structure.add(String.valueOf(k), of(v)));
      return new Value(structure);
    }
    throw new IllegalArgumentException("not a JSON value: " + json.getClass().getName());
  }
}
