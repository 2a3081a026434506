package dev.cairn.server.data.conflict;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Sorts;
import dev.cairn.server.TenantId;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * Records every conflict (model, record, versions, both sides, strategy, outcome) in the tenant's
 * {@code _conflicts} collection, and reads the newest back for the console's conflict log. Model
 * collections cannot be named so (model names cannot start with {@code _}).
 */
public final class ConflictLog {
  public static final String COLLECTION = "_conflicts";

  private final MongoClient client;

  public ConflictLog(MongoClient client) {
    this.client = client;
  }

  public void record(
      TenantId tenant,
      Object recordId,
      Conflict conflict,
      ConflictStrategy strategy,
      Resolution resolution,
      long at) {
    String detail =
        resolution instanceof Resolution.Apply apply
            ? apply.note()
            : resolution instanceof Resolution.Reject reject ? reject.reason() : "";
    client
        .getDatabase(tenant.databaseName())
        .getCollection(COLLECTION)
        .insertOne(
            new Document("model", conflict.model().name())
                .append("recordId", recordId)
                .append("operation", conflict.operation().name())
                .append("incomingVersion", conflict.incomingVersion())
                .append("currentVersion", conflict.current().get("_version"))
                .append("strategy", strategy.name())
                .append("outcome", resolution.outcome())
                .append("detail", detail)
                .append("incoming", new Document(conflict.incoming()))
                .append("current", conflict.current())
                .append("at", at));
  }

  /** The newest {@code limit} conflicts of {@code tenant}, newest first. */
  public List<Document> recent(TenantId tenant, int limit) {
    return client
        .getDatabase(tenant.databaseName())
        .getCollection(COLLECTION)
        .find()
        .sort(Sorts.descending("at"))
        .limit(limit)
        .into(new ArrayList<>());
  }
}
