package dev.cairn.client;

import java.util.List;

/**
 * The result of an {@code observeQuery} at one moment: the matching records, and whether the model
 * has finished a sync with the server since the client started ({@code isSynced}), as DataStore's
 * {@code observeQuery} reports.
 */
public record QuerySnapshot<T>(List<T> items, boolean isSynced) {
  public QuerySnapshot {
    items = List.copyOf(items);
  }
}
