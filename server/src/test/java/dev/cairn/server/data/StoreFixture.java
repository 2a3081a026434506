package dev.cairn.server.data;

import com.mongodb.client.MongoClient;
import dev.cairn.server.changes.MongoChangeJournal;
import dev.cairn.server.data.conflict.AutoMerge;
import dev.cairn.server.data.conflict.ConflictLog;
import dev.cairn.server.data.conflict.ConflictResolver;
import dev.cairn.server.data.conflict.ConflictStrategy;
import dev.cairn.server.data.conflict.OptimisticConcurrency;
import dev.cairn.server.data.sync.PageTokens;
import dev.cairn.server.data.sync.SyncQueries;
import dev.cairn.server.data.sync.SyncSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** A {@link MongoRecordStore} wired as in production, on the embedded stand-in. */
public final class StoreFixture {
  /** The nextToken secret of {@link #syncQueries()}. */
  public static final byte[] TOKEN_SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  /** How long the resolvers of one write may take together, as in production by default. */
  public static final Duration RESOLUTION_TIME = Duration.ofSeconds(5);

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
            journal,
            RESOLUTION_TIME);
    store = new MongoRecordStore(client, journal, Transactions.detect(client), writes, clock);
  }

  /** Sync and list queries on this store with the default settings and {@link #TOKEN_SECRET}. */
  public SyncQueries syncQueries() {
    return new SyncQueries(store, new PageTokens(TOKEN_SECRET), clock, SyncSettings.defaults());
  }
}
