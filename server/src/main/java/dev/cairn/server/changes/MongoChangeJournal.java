package dev.cairn.server.changes;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.cairn.server.TenantId;
import dev.cairn.server.observability.TraceParent;
import java.util.Optional;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.types.ObjectId;

/**
 * The journal as the collection {@code changes} of the database {@code cairn}: one document per
 * accepted write, never updated; with tracing on it also holds the writing request's {@code
 * traceparent}. A unique index on (tenant, model, record, version) makes a second entry for the
 * same version fail instead of forking history. Entries appended without a session (no transactions
 * on the deployment) are group-committed ({@link GroupCommit}): concurrent appends share one
 * insert. Entries are written as {@link RawDocuments} with the {@code _id} (an {@link ObjectId})
 * the driver would have given them.
 */
public final class MongoChangeJournal implements ChangeJournal {
  /** The database of Cairn's own cross-tenant collections. */
  public static final String DATABASE = "cairn";

  public static final String COLLECTION = "changes";

  /**
   * The field holding the W3C {@code traceparent} of the request that wrote the entry, when tracing
   * is on: 55 characters, so the change feed's span can link to that request's trace.
   */
  public static final String TRACEPARENT = "traceparent";

  private final MongoCollection<Document> entries;
  private final MongoCollection<RawBsonDocument> rawEntries;
  private final RawDocuments encoding;
  private final GroupCommit<RawBsonDocument> groupCommit;

  public MongoChangeJournal(MongoClient client) {
    this.entries = client.getDatabase(DATABASE).getCollection(COLLECTION);
    entries.createIndex(
        Indexes.ascending("tenant", "model", "recordId", "version"),
        new IndexOptions().unique(true).name("record_version"));
    entries.createIndex(Indexes.ascending("lastChangedAt"), new IndexOptions().name("retention"));
    this.rawEntries = entries.withDocumentClass(RawBsonDocument.class);
    this.encoding = new RawDocuments(entries.getCodecRegistry());
    this.groupCommit = new GroupCommit<>(rawEntries);
  }

  @Override
  public long purgeBefore(long cutoffMillis) {
    return entries.deleteMany(Filters.lt("lastChangedAt", cutoffMillis)).getDeletedCount();
  }

  @Override
  public void append(ClientSession session, ChangeEntry entry) {
    Document document =
        new Document("_id", new ObjectId())
            .append("tenant", entry.tenant().slug())
            .append("model", entry.model())
            .append("recordId", entry.recordId())
            .append("operation", entry.operation().name())
            .append("version", entry.version())
            .append("lastChangedAt", entry.lastChangedAt())
            .append("record", entry.record());
    TraceParent.current().ifPresent(t -> document.append(TRACEPARENT, t));
    RawBsonDocument encoded = encoding.encode(document);
    if (session == null) {
      groupCommit.insert(encoded);
    } else {
      rawEntries.insertOne(session, encoded);
    }
  }

  /** Reads an entry back from its document, as the change feed finds it. */
  public static ChangeEntry fromDocument(Document document) {
    return new ChangeEntry(
        TenantId.of(document.getString("tenant")),
        document.getString("model"),
        document.get("recordId"),
        ChangeOperation.valueOf(document.getString("operation")),
        document.getInteger("version"),
        document.getLong("lastChangedAt"),
        document.get("record", Document.class));
  }

  @Override
  public Optional<Document> recordAt(TenantId tenant, String model, Object recordId, int version) {
    Document entry =
        entries
            .find(
                Filters.and(
                    Filters.eq("tenant", tenant.slug()),
                    Filters.eq("model", model),
                    Filters.eq("recordId", recordId),
                    Filters.eq("version", version)))
            .first();
    return Optional.ofNullable(entry).map(e -> e.get("record", Document.class));
  }
}
