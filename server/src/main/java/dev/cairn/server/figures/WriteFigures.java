package dev.cairn.server.figures;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.cairn.server.TenantId;
import dev.cairn.server.changes.MongoChangeJournal;
import dev.cairn.server.data.conflict.ConflictLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Date;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * Per-tenant counts of accepted writes (change-journal entries, from every node) and conflicts over
 * the last hour, in the buckets of {@link TrafficFigures}, read from MongoDB when asked. The
 * journal is range-scanned by {@code _id} (an ObjectId, so by insertion time), never in full.
 * Thread-safe.
 */
@ApplicationScoped
public class WriteFigures {
  private MongoClient mongo;
  private Clock clock;

  protected WriteFigures() {}

  @Inject
  public WriteFigures(MongoClient mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
  }

  /**
   * Writes and conflicts per bucket, oldest first: {@code [bucket][0]} writes, {@code [1]}
   * conflicts.
   */
  public int[][] lastHour(TenantId tenant) {
    long bucketMillis = TrafficFigures.BUCKET_SECONDS * 1000L;
    long current = clock.millis() / bucketMillis;
    long first = current - TrafficFigures.BUCKETS + 1;
    long since = first * bucketMillis;
    int[][] counts = new int[TrafficFigures.BUCKETS][2];
    for (Document d :
        mongo
            .getDatabase(MongoChangeJournal.DATABASE)
            .getCollection(MongoChangeJournal.COLLECTION)
            .find(
                Filters.and(
                    Filters.gte("_id", new ObjectId(new Date(since))),
                    Filters.eq("tenant", tenant.slug())))
            .projection(Projections.include("lastChangedAt"))) {
      add(counts, d.get("lastChangedAt"), first, bucketMillis, 0);
    }
    for (Document d :
        mongo
            .getDatabase(tenant.databaseName())
            .getCollection(ConflictLog.COLLECTION)
            .find(Filters.gte("at", since))
            .projection(Projections.include("at"))) {
      add(counts, d.get("at"), first, bucketMillis, 1);
    }
    return counts;
  }

  private static void add(int[][] counts, Object at, long first, long bucketMillis, int kind) {
    if (at instanceof Number n) {
      long i = n.longValue() / bucketMillis - first;
      if (i >= 0 && i < counts.length) {
        counts[(int) i][kind]++;
      }
    }
  }
}
