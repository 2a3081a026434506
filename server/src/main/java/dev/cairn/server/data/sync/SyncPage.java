package dev.cairn.server.data.sync;

import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * A page of a list or sync query, as {@code Model<M>Connection} answers it.
 *
 * @param startedAt for sync queries, the {@code startedAt} of the first page (ms), on every page
 */
public record SyncPage(List<Document> items, Optional<String> nextToken, Optional<Long> startedAt) {
  public SyncPage {
    items = List.copyOf(items);
  }
}
