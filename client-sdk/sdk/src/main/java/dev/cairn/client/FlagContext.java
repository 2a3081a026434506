package dev.cairn.client;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What this client tells the server about itself for flag rules: app version, platform, locale,
 * device id and custom attributes. The server adds them to the user's token claims, and they can
 * never override a claim or the user's key. Set once on {@link
 * CairnClient.Builder#flagContext(FlagContext)}. Immutable.
 */
public final class FlagContext {
  private static final FlagContext EMPTY = new FlagContext(Map.of());
  private final Map<String, Object> attributes;

  private FlagContext(Map<String, Object> attributes) {
    this.attributes = attributes;
  }

  /** No client attributes: rules see the token's claims only. */
  public static FlagContext empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The attributes as sent in {@code _cairnFlags(context:)}, in the order they were set. */
  public Map<String, Object> attributes() {
    return attributes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FlagContext other && attributes.equals(other.attributes);
  }

  @Override
  public int hashCode() {
    return attributes.hashCode();
  }

  @Override
  public String toString() {
    return "FlagContext" + attributes;
  }

  /** Builds a {@link FlagContext}; not thread-safe. */
  public static final class Builder {
    private final Map<String, Object> attributes = new LinkedHashMap<>();

    private Builder() {}

    /** {@code appVersion}, e.g. {@code 2.1.0} (rules compare it as a semantic version). */
    public Builder appVersion(String version) {
      return attribute("appVersion", version);
    }

    /** {@code platform}, e.g. {@code android}, {@code ios}, {@code desktop}. */
    public Builder platform(String platform) {
      return attribute("platform", platform);
    }

    /** {@code locale}, a BCP 47 tag such as {@code de-AT}. */
    public Builder locale(String locale) {
      return attribute("locale", locale);
    }

    public Builder deviceId(String deviceId) {
      return attribute("deviceId", deviceId);
    }

    /**
     * {@code targetingKey}: the user an API-key client evaluates for (API keys prove no user);
     * ignored for clients signed in with a token.
     */
    public Builder targetingKey(String key) {
      return attribute("targetingKey", key);
    }

    /**
     * A custom attribute.
     *
     * @param value a String, Boolean, Number, or a List/Map of those
     * @throws IllegalArgumentException naming the attribute when its name is blank or its value is
     *     not one of those
     */
    public Builder attribute(String name, Object value) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("a flag context attribute needs a name");
      }
      Objects.requireNonNull(value, () -> "flag context attribute `" + name + "` is null");
      check(name, value);
      attributes.put(name, value);
      return this;
    }

    private static void check(String name, Object value) {
      if (value instanceof String || value instanceof Boolean || value instanceof Number) {
        return;
      }
      if (value instanceof Collection<?> list) {
        list.forEach(v -> check(name, v));
        return;
      }
      if (value instanceof Map<?, ?> map) {
        map.values().forEach(v -> check(name, v));
        return;
      }
      throw new IllegalArgumentException(
          "flag context attribute `"
              + name
              + "` is a "
              + (value == null ? "null" : value.getClass().getName())
              + "; use a String, Boolean, Number, or a List/Map of those");
    }

    public FlagContext build() {
      return attributes.isEmpty()
          ? EMPTY
          : new FlagContext(Collections.unmodifiableMap(new LinkedHashMap<>(attributes)));
    }
  }
}
