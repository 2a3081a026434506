package dev.cairn.client;

import java.util.Set;

/**
 * What {@link Flags#addListener} hears: the keys whose value or variation changed (empty when only
 * the status changed), and the status after the change.
 */
public record FlagChange(Set<String> keys, FlagsStatus status) {
  public FlagChange {
    keys = Set.copyOf(keys);
  }
}
