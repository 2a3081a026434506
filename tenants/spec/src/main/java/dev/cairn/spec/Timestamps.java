package dev.cairn.spec;

import java.util.Optional;

/**
 * The names of a model's server-set timestamp fields, from {@code @model(timestamps:)}; empty when
 * disabled. Default: {@code createdAt} and {@code updatedAt}.
 */
public record Timestamps(Optional<String> createdAt, Optional<String> updatedAt) {
  public static Timestamps defaults() {
    return new Timestamps(Optional.of("createdAt"), Optional.of("updatedAt"));
  }
}
