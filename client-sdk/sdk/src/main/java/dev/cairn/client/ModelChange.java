package dev.cairn.client;

/**
 * A change to a record in the local store, delivered to {@code observe} listeners. {@code model} is
 * the record after the change (for a delete, the record as it was). {@code origin} tells a change
 * made by this app ({@link Origin#LOCAL}) from one the sync engine applied ({@link Origin#REMOTE}).
 */
public record ModelChange<T>(ModelType<T> type, T model, MutationType mutation, Origin origin) {

  /** Who made a change. */
  public enum Origin {
    LOCAL,
    REMOTE
  }
}
