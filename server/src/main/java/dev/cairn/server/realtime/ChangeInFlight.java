package dev.cairn.server.realtime;

import dev.cairn.server.changes.ChangeEntry;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One change while the fan-out delivers it, with what its subscriptions share: values worked out
 * once per change and reused by every group of subscribers, such as the parent record a {@code
 * @belongsTo} field shows, read from the database once for all of them. Lives as long as one
 * {@link FanOut#publish}; used by that one thread only, so it is not thread-safe.
 */
public final class ChangeInFlight {
  private final ChangeEntry change;
  private Map<Object, Object> shared;

  public ChangeInFlight(ChangeEntry change) {
    this.change = Objects.requireNonNull(change, "change");
  }

  public ChangeEntry change() {
    return change;
  }

  /**
   * The value shared under {@code key} for this change, computed by {@code compute} the first time
   * it is asked for. Keys must say everything the value depends on besides the change itself.
   */
  @SuppressWarnings("unchecked")
  public <T> T shared(Object key, Function<Object, T> compute) {
    if (shared == null) {
      shared = new HashMap<>();
    }
    Object value = shared.get(key);
    if (value == null && !shared.containsKey(key)) {
      value = compute.apply(key);
      shared.put(key, value);
    }
    return (T) value;
  }
}
