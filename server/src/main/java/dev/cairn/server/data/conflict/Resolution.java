package dev.cairn.server.data.conflict;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a {@link ConflictResolver} decided. */
public sealed interface Resolution {
  /** A short word for the conflict log. */
  String outcome();

  /** Write these field values over the current record (as a new version). */
  record Apply(Map<String, Object> changes, String note) implements Resolution {
    public Apply {
      changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
    }

    @Override
    public String outcome() {
      return "APPLIED";
    }
  }

  /** Refuse the write; the client gets {@code ConflictUnhandled} with the current record. */
  record Reject(String reason) implements Resolution {
    @Override
    public String outcome() {
      return "REJECTED";
    }
  }

  /** Delete the record (leave a tombstone) instead of writing it. */
  record Remove() implements Resolution {
    @Override
    public String outcome() {
      return "REMOVED";
    }
  }
}
