package dev.cairn.bench;

import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;
import org.bson.Document;

/**
 * The first baseline: a bare change-stream cursor on the journal collection {@code cairn.changes},
 * opened the way Cairn's {@code ChangeFeed} opens it; latency from an acknowledged insert to the
 * cursor's event. Runs before Cairn starts, on entries of a tenant that does not exist.
 */
final class CursorBaseline {
  record Result(int inserts, long received, Histogram latencyMicros) {}

  private CursorBaseline() {}

  static Result run(MongoClient mongo, int rate, int warmUpSeconds, int seconds) throws Exception {
    MongoCollection<Document> journal = mongo.getDatabase("cairn").getCollection("changes");
    int warm = rate * warmUpSeconds;
    int total = warm + rate * seconds;
    AtomicLongArray inserted = new AtomicLongArray(total);
    Histogram latency = new Histogram(60_000_000L, 3);
    String tenant = "bench-cursor-" + System.currentTimeMillis();
    long[] received = new long[1];
    Thread reader;
    try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor =
        journal
            .watch(List.of(Aggregates.match(Filters.eq("operationType", "insert"))))
            .maxAwaitTime(250, TimeUnit.MILLISECONDS)
            .cursor()) {
      reader =
          new Thread(
              () -> {
                while (received[0] < total) {
                  ChangeStreamDocument<Document> change;
                  try {
                    change = cursor.tryNext();
                  } catch (RuntimeException e) {
                    return;
                  }
                  long now = System.nanoTime();
                  if (change == null
                      || !tenant.equals(change.getFullDocument().getString("tenant"))) {
                    continue;
                  }
                  int seq = change.getFullDocument().getInteger("recordId");
                  received[0]++;
                  long at = inserted.get(seq);
                  if (seq >= warm) {
                    latency.recordValue(at == 0 ? 0 : Math.max(0, (now - at) / 1000));
                  }
                }
              },
              "bench-cursor");
      reader.start();
      long period = 1_000_000_000L / rate;
      long next = System.nanoTime();
      for (int seq = 0; seq < total; seq++) {
        journal.insertOne(
            new Document("tenant", tenant)
                .append("model", "Cursor")
                .append("recordId", seq)
                .append("operation", "CREATE")
                .append("version", 1)
                .append("lastChangedAt", System.currentTimeMillis())
                .append("record", new Document("title", FanOutProbe.title(seq))));
        inserted.set(seq, System.nanoTime());
        next += period;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
      reader.join(TimeUnit.SECONDS.toMillis(15));
    }
    return new Result(total - warm, received[0] - Math.min(received[0], warm), latency);
  }
}
