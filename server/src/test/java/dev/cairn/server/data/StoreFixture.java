package dev.cairn.server.data;

import com.mongodb.client.MongoClient;
import dev.cairn.server.changes.MongoChangeJournal;
import dev.cairn.server.data.conflict.AutoMerge;
import dev.cairn.server.data.conflict.ConflictLog;
import dev.cairn.server.data.conflict.ConflictResolver;
import dev.cairn.server.data.conflict.ConflictStrategy;
import dev.cairn.server.data.conflict.OptimisticConcurrency;
import java.time.Instant;
import java.util.Map;

/** A {@link MongoRecordStore} wired as in production, on the embedded stand-in. */
public final class StoreFixture {
  public final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  public final MongoChangeJournal journal;
  public final MongoRecordStore store;

  public StoreFixture(MongoClient client, ConflictResolver custom) {
    journal = new MongoChangeJournal(client);
    VersionedWrite writes =
        new VersionedWrite(
            Map.of(
                ConflictStrategy.AUTOMERGE, new AutoMerge(),
                ConflictStrategy.OPTIMISTIC_CONCURRENCY, new OptimisticConcurrency(),
                ConflictStrategy.CUSTOM, custom),
            new ConflictLog(client),
            journal);
    store = new MongoRecordStore(client, journal, Transactions.detect(client), writes, clock);
  }
}
