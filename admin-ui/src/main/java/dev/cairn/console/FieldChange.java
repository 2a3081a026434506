package dev.cairn.console;

import java.io.Serializable;
import java.util.Objects;

/**
 * One field of a change as the console shows it (audit log, flag and segment history, a flags.yaml
 * preview): its value before and after, {@code null} when absent.
 */
public record FieldChange(String field, String before, String after) implements Serializable {
  /** For EL, which reads bean getters, not record accessors. */
  public String getField() {
    return field;
  }

  public String getBefore() {
    return before;
  }

  public String getAfter() {
    return after;
  }

  public boolean isChanged() {
    return !Objects.equals(before, after);
  }
}
