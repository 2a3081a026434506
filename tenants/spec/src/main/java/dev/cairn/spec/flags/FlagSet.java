package dev.cairn.spec.flags;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A tenant's flags and segments, by key, in document order. Immutable. */
public record FlagSet(Map<String, Flag> flags, Map<String, Segment> segments) {
  public static final FlagSet EMPTY = new FlagSet(Map.of(), Map.of());

  public FlagSet {
    flags = Collections.unmodifiableMap(new LinkedHashMap<>(flags));
    segments = Collections.unmodifiableMap(new LinkedHashMap<>(segments));
  }

  public Optional<Flag> flag(String key) {
    return Optional.ofNullable(flags.get(key));
  }

  public Optional<Segment> segment(String key) {
    return Optional.ofNullable(segments.get(key));
  }

  /** A copy with {@code flag} added or replaced (kept at its place). */
  public FlagSet with(Flag flag) {
    Map<String, Flag> copy = new LinkedHashMap<>(flags);
    copy.put(flag.key(), flag);
    return new FlagSet(copy, segments);
  }

  public FlagSet with(Segment segment) {
    Map<String, Segment> copy = new LinkedHashMap<>(segments);
    copy.put(segment.key(), segment);
    return new FlagSet(flags, copy);
  }

  public FlagSet withoutFlag(String key) {
    Map<String, Flag> copy = new LinkedHashMap<>(flags);
    copy.remove(key);
    return new FlagSet(copy, segments);
  }

  public FlagSet withoutSegment(String key) {
    Map<String, Segment> copy = new LinkedHashMap<>(segments);
    copy.remove(key);
    return new FlagSet(flags, copy);
  }
}
