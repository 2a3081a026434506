package dev.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.OperationType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Change streams of the stand-in ({@link IndexedOplog}) through the official driver: positions,
 * what a poll reads, trimming and a restart of the data file.
 */
class EmbeddedMongoChangeStreamTest {
  @TempDir Path dir;

  @Test
  void aChangeStreamReceivesInsertsInTheOrderTheyWereWritten() throws IOException {
    try (EmbeddedMongo mongo = EmbeddedMongo.start("localhost", 0, Optional.empty());
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> journal = journal(client);
      try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes =
          journal.watch().cursor()) {
        for (int i = 0; i < 20; i++) {
          journal.insertOne(new Document("_id", i));
        }

        assertThat(ids(changes, 20)).containsExactly(range(0, 20));
      }
    }
  }

  @Test
  void aStreamResumedAfterATokenGetsExactlyTheLaterEvents() throws IOException {
    try (EmbeddedMongo mongo = EmbeddedMongo.start("localhost", 0, Optional.empty());
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> journal = journal(client);
      List<BsonDocument> tokens = new ArrayList<>();
      try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes =
          journal.watch().cursor()) {
        for (int i = 0; i < 5; i++) {
          journal.insertOne(new Document("_id", i));
        }
        for (int i = 0; i < 5; i++) {
          tokens.add(next(changes).getResumeToken());
        }
      }

      try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> resumed =
          journal.watch().resumeAfter(tokens.get(2)).cursor()) {
        assertThat(ids(resumed, 2)).containsExactly(3, 4);
        assertThat(resumed.tryNext()).isNull();
        journal.insertOne(new Document("_id", 5));
        assertThat(ids(resumed, 1)).containsExactly(5);
      }
    }
  }

  @Test
  void aStreamStartingAtAnOperationTimeIncludesTheEventAtThatTime() throws IOException {
    try (EmbeddedMongo mongo = EmbeddedMongo.start("localhost", 0, Optional.empty());
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> journal = journal(client);
      List<BsonTimestamp> times = new ArrayList<>();
      try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes =
          journal.watch().cursor()) {
        for (int i = 0; i < 4; i++) {
          journal.insertOne(new Document("_id", i));
        }
        for (int i = 0; i < 4; i++) {
          times.add(next(changes).getClusterTime());
        }
      }

      try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> started =
          journal.watch().startAtOperationTime(times.get(1)).cursor()) {
        assertThat(ids(started, 3)).containsExactly(1, 2, 3);
      }
    }
  }

  @Test
  void aPollReadsOnlyTheEntriesWrittenAfterTheStreamsPosition() throws IOException {
    try (EmbeddedMongo mongo = EmbeddedMongo.start("localhost", 0, Optional.empty());
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> journal = journal(client);
      MongoCollection<Document> other = client.getDatabase("cairn").getCollection("other");
      journal.watch().cursor().close(); // both followed from now on
      other.watch().cursor().close();
      for (int i = 0; i < 500; i++) {
        journal.insertOne(new Document("_id", "old-" + i));
      }
      try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes =
          journal.watch().cursor()) {
        long before = mongo.oplog().entriesReadByPolls();
        assertThat(changes.tryNext()).isNull();
        assertThat(mongo.oplog().entriesReadByPolls()).isEqualTo(before);

        for (int i = 0; i < 100; i++) {
          other.insertOne(new Document("_id", i));
        }
        assertThat(changes.tryNext()).isNull(); // reads the 100, returns none, moves past them
        journal.insertOne(new Document("_id", "new"));
        assertThat(next(changes).getDocumentKey().getString("_id").getValue()).isEqualTo("new");
        assertThat(changes.tryNext()).isNull();

        // each of the 101 new entries read once, by the first poll after it was written
        assertThat(mongo.oplog().entriesReadByPolls() - before).isEqualTo(101);
      }
    }
  }

  @Test
  void trimmingKeepsTheNewestEntriesInTheIndexAndTheCollectionAlike() throws IOException {
    try (EmbeddedMongo mongo = EmbeddedMongo.start("localhost", 0, Optional.empty());
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> journal = journal(client);
      journal.watch().cursor().close();
      for (int i = 0; i < 30; i++) {
        journal.insertOne(new Document("_id", i));
      }

      long dropped = mongo.trimOplog(10, Duration.ofMinutes(10));

      assertThat(dropped).isEqualTo(20);
      assertThat(mongo.oplog().size()).isEqualTo(10);
      assertThat(oplog(client).countDocuments()).isEqualTo(10);
      try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> all =
          journal.watch().startAtOperationTime(new BsonTimestamp(0)).cursor()) {
        assertThat(ids(all, 10)).containsExactly(range(20, 30));
        assertThat(all.tryNext()).isNull();
      }
    }
  }

  @Test
  void trimmingByAgeEmptiesTheIndexAndTheCollectionAlike() throws IOException {
    try (EmbeddedMongo mongo = EmbeddedMongo.start("localhost", 0, Optional.empty());
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> journal = journal(client);
      journal.watch().cursor().close();
      for (int i = 0; i < 5; i++) {
        journal.insertOne(new Document("_id", i));
      }

      long dropped = mongo.trimOplog(10, Duration.ofMillis(-1)); // everything is older than that

      assertThat(dropped).isEqualTo(5);
      assertThat(mongo.oplog().size()).isZero();
      assertThat(oplog(client).countDocuments()).isZero();
      try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> all =
          journal.watch().startAtOperationTime(new BsonTimestamp(0)).cursor()) {
        assertThat(all.tryNext()).isNull();
        journal.insertOne(new Document("_id", "after"));
        assertThat(next(all).getDocumentKey().getString("_id").getValue()).isEqualTo("after");
      }
    }
  }

  @Test
  void aStreamResumedAfterItsCollectionWasDroppedIsInvalidated() throws IOException {
    try (EmbeddedMongo mongo = EmbeddedMongo.start("localhost", 0, Optional.empty());
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> journal = journal(client);
      BsonDocument dropToken;
      try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes =
          journal.watch().cursor()) {
        journal.insertOne(new Document("_id", 1));
        journal.drop();
        assertThat(next(changes).getOperationType()).isEqualTo(OperationType.INSERT);
        ChangeStreamDocument<Document> drop = next(changes);
        assertThat(drop.getOperationType()).isEqualTo(OperationType.DROP);
        dropToken = drop.getResumeToken();
      }

      try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> resumed =
          journal.watch().resumeAfter(dropToken).cursor()) {
        assertThat(next(resumed).getOperationType()).isEqualTo(OperationType.INVALIDATE);
      }
    }
  }

  @Test
  void aStreamResumedFromAStoredTokenAfterARestartSeesTheEntriesWrittenSinceInOrder()
      throws IOException {
    Path file = dir.resolve("mongo/cairn.mv");
    BsonDocument stored;
    try (EmbeddedMongo mongo = EmbeddedMongo.start("localhost", 0, Optional.of(file));
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> journal = journal(client);
      try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes =
          journal.watch().cursor()) {
        for (int i = 0; i < 3; i++) {
          journal.insertOne(new Document("_id", i));
        }
        next(changes);
        stored = next(changes).getResumeToken(); // after 1
      }
    }

    // restarted at once: the clock goes on after the stored entries even within the same second
    try (EmbeddedMongo mongo = EmbeddedMongo.start("localhost", 0, Optional.of(file));
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> journal = journal(client);
      for (int i = 3; i < 6; i++) {
        journal.insertOne(new Document("_id", i));
      }

      try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> resumed =
          journal.watch().resumeAfter(stored).cursor()) {
        assertThat(ids(resumed, 4)).containsExactly(2, 3, 4, 5);
        assertThat(resumed.tryNext()).isNull();
      }
      assertThat(oplog(client).countDocuments()).isEqualTo(6);
      assertThat(mongo.oplog().size()).isEqualTo(6);

      // entries loaded from the file are trimmed from the file too
      assertThat(mongo.trimOplog(4, Duration.ofMinutes(10))).isEqualTo(2);
      assertThat(oplog(client).countDocuments()).isEqualTo(4);
    }

    try (EmbeddedMongo mongo = EmbeddedMongo.start("localhost", 0, Optional.of(file))) {
      assertThat(mongo.oplog().size()).isEqualTo(4);
    }
  }

  private static MongoCollection<Document> journal(MongoClient client) {
    return client.getDatabase("cairn").getCollection("journal");
  }

  private static MongoCollection<Document> oplog(MongoClient client) {
    return client.getDatabase("local").getCollection("oplog.rs");
  }

  private static List<Integer> ids(
      MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes, int count) {
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(next(changes).getDocumentKey().getInt32("_id").getValue());
    }
    return ids;
  }

  /** The next event, failing (rather than blocking) if none comes within 10 s. */
  private static ChangeStreamDocument<Document> next(
      MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      ChangeStreamDocument<Document> change = changes.tryNext();
      if (change != null) {
        return change;
      }
    }
    throw new AssertionError("no change event within 10 s");
  }

  private static Integer[] range(int from, int to) {
    Integer[] values = new Integer[to - from];
    for (int i = from; i < to; i++) {
      values[i - from] = i;
    }
    return values;
  }
}
