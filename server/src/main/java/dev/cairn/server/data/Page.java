package dev.cairn.server.data;

import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * One page of records in {@code _id} order.
 *
 * @param lastId the {@code _id} of the last record, when more records may follow
 */
public record Page(List<Document> items, Optional<Object> lastId) {
  public Page {
    items = List.copyOf(items);
  }
}
