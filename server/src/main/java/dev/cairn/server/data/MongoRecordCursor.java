package dev.cairn.server.data;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bson.Document;

/** A {@link RecordCursor} on a MongoDB cursor. */
final class MongoRecordCursor implements RecordCursor {
  private static final Logger LOG = Logger.getLogger(MongoRecordCursor.class.getName());

  private final MongoCursor<Document> cursor;

  MongoRecordCursor(MongoCursor<Document> cursor) {
    this.cursor = cursor;
  }

  @Override
  public Page next(int limit) {
    List<Document> items = new ArrayList<>(Math.min(limit, 1024));
    Object last = null;
    while (items.size() < limit && cursor.hasNext()) {
      Document document = cursor.next();
      last = document.get("_id");
      items.add(RecordDocuments.toApi(document));
    }
    boolean more = items.size() == limit && cursor.hasNext();
    return new Page(items, more ? Optional.of(last) : Optional.empty());
  }

  @Override
  public void close() {
    try {
      cursor.close();
    } catch (MongoException | IllegalStateException e) { // the client may be closed already
      LOG.log(Level.FINE, "closing a record cursor", e);
    }
  }
}
