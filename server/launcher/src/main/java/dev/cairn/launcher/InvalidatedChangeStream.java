package dev.cairn.launcher;

import de.bwaldvogel.mongo.backend.AbstractCursor;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;

/**
 * The answer to a change stream resumed after its collection was dropped: one {@code invalidate}
 * event carrying the resume position, and no cursor to poll (id 0), as {@code mongo-java-server}
 * answers.
 *
 * <p>Part of the embedded MongoDB stand-in (a fake; see {@link EmbeddedMongo}).
 */
final class InvalidatedChangeStream extends AbstractCursor {
  private final long position;

  InvalidatedChangeStream(long position) {
    super(0);
    this.position = position;
  }

  @Override
  public boolean isEmpty() {
    return false;
  }

  @Override
  public List<Document> takeDocuments(int numberToReturn) {
    return List.of(
        new Document("_id", ChangeEvents.token(position)).append("operationType", "invalidate"));
  }
}
