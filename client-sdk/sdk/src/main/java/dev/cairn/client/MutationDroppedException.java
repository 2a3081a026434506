package dev.cairn.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pending outbox entry that no longer fits the app's schema after an incompatible upgrade, handed
 * to the error handler with its whole content so that the app can save it again in the new shape or
 * tell the user. {@code errorType} is {@code MutationDropped}; never retryable.
 */
public final class MutationDroppedException extends CairnException {
  private static final long serialVersionUID = 1L;
  private final String model;
  private final String recordId;
  private final MutationType mutation;
  private final transient Map<String, Object> data;

  public MutationDroppedException(
      String model, String recordId, MutationType mutation, Map<String, Object> data, String why) {
    super(
        "MutationDropped",
        "the queued "
            + mutation
            + " of "
            + model
            + " "
            + recordId
            + " "
            + data
            + " does not fit the new schema ("
            + why
            + "); it was removed from the outbox, save it again in the new shape",
        false,
        null);
    this.model = model;
    this.recordId = recordId;
    this.mutation = mutation;
    this.data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
  }

  public String model() {
    return model;
  }

  /** The record's id: its whole primary key, written as in {@link CairnEvent}. */
  public String recordId() {
    return recordId;
  }

  public MutationType mutation() {
    return mutation;
  }

  /** The fields the mutation would have sent (wire values). */
  public Map<String, Object> data() {
    return data;
  }
}
