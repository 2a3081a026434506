package dev.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.OperationType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stand-in through the official driver: data kept in its file, change streams on. */
class EmbeddedMongoTest {
  @TempDir Path dir;

  @Test
  void dataWrittenBeforeARestartIsThereAfterIt() throws IOException {
    Path file = dir.resolve("mongo/cairn.mv");
    try (EmbeddedMongo mongo = EmbeddedMongo.start("localhost", 0, Optional.of(file));
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      client
          .getDatabase("cairn_t_acme")
          .getCollection("Post")
          .insertOne(new Document("_id", "p1").append("title", "kept"));
    }

    try (EmbeddedMongo mongo = EmbeddedMongo.start("localhost", 0, Optional.of(file));
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      Document found = client.getDatabase("cairn_t_acme").getCollection("Post").find().first();
      assertThat(found).isNotNull();
      assertThat(found.getString("title")).isEqualTo("kept");
    }
  }

  @Test
  void aCollectionChangeStreamSeesInserts() throws IOException {
    try (EmbeddedMongo mongo = EmbeddedMongo.start("localhost", 0, Optional.empty());
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> journal = client.getDatabase("cairn").getCollection("journal");
      try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes =
          journal.watch().cursor()) {
        journal.insertOne(new Document("_id", 1).append("model", "Post"));

        ChangeStreamDocument<Document> change = changes.next();
        assertThat(change.getFullDocument()).containsEntry("model", "Post");
      }
    }
  }

  @Test
  void theOplogIsCappedAndAnOpenChangeStreamKeepsWorking() throws IOException {
    try (EmbeddedMongo mongo = EmbeddedMongo.start("localhost", 0, Optional.empty());
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> journal = client.getDatabase("cairn").getCollection("journal");
      MongoCollection<Document> oplog = client.getDatabase("local").getCollection("oplog.rs");
      try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes =
          journal.watch().cursor()) {
        for (int i = 0; i < 50; i++) {
          journal.insertOne(new Document("_id", i));
        }
        for (int i = 0; i < 50; i++) {
          changes.next();
        }

        long dropped = mongo.trimOplog(10, Duration.ofMinutes(10));
        journal.insertOne(new Document("_id", "after-trim"));

        assertThat(dropped).isEqualTo(40);
        assertThat(oplog.countDocuments()).isEqualTo(11);
        assertThat(oplog.find().sort(Sorts.ascending("ts")).first().get("o", Document.class))
            .containsEntry("_id", 40);
        assertThat(changes.next().getFullDocument()).containsEntry("_id", "after-trim");
      }
    }
  }

  @Test
  void oplogEntriesOlderThanTheRetentionAreDropped() throws IOException {
    try (EmbeddedMongo mongo = EmbeddedMongo.start("localhost", 0, Optional.empty());
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> journal = client.getDatabase("cairn").getCollection("journal");
      journal.watch().cursor().close(); // followed from now on
      journal.insertOne(new Document("_id", 1));

      long keptWhileYoung = mongo.trimOplog(10, Duration.ofMinutes(10));
      long droppedWhenOld = mongo.trimOplog(10, Duration.ofMillis(-1));

      assertThat(keptWhileYoung).isZero();
      assertThat(droppedWhenOld).isEqualTo(1);
    }
  }

  @Test
  void writesToACollectionNoChangeStreamFollowsAreNotLogged() throws IOException {
    try (EmbeddedMongo mongo = EmbeddedMongo.start("localhost", 0, Optional.empty());
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> journal = client.getDatabase("cairn").getCollection("journal");
      MongoCollection<Document> posts = client.getDatabase("cairn_t_acme").getCollection("Post");
      MongoCollection<Document> oplog = client.getDatabase("local").getCollection("oplog.rs");
      posts.insertOne(new Document("_id", "before"));
      try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes =
          journal.watch().cursor()) {
        posts.insertOne(new Document("_id", "p1"));
        posts.updateOne(Filters.eq("_id", "p1"), Updates.set("title", "t"));
        posts.deleteOne(Filters.eq("_id", "p1"));
        journal.insertOne(new Document("_id", "j1"));
        journal.updateOne(Filters.eq("_id", "j1"), Updates.set("seen", true));
        journal.deleteOne(Filters.eq("_id", "j1"));

        assertThat(changes.next().getFullDocument()).containsEntry("_id", "j1");
        assertThat(changes.next().getOperationType()).isEqualTo(OperationType.UPDATE);
        assertThat(changes.next().getOperationType()).isEqualTo(OperationType.DELETE);
        assertThat(oplog.distinct("ns", String.class).into(new ArrayList<>()))
            .containsExactly("cairn.journal");
        assertThat(oplog.countDocuments()).isEqualTo(3);
      }
    }
  }

  @Test
  void aCollectionFollowedBeforeARestartIsLoggedAfterItBeforeAnyStreamReopens() throws IOException {
    Path file = dir.resolve("mongo/cairn.mv");
    try (EmbeddedMongo mongo = EmbeddedMongo.start("localhost", 0, Optional.of(file));
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> journal = client.getDatabase("cairn").getCollection("journal");
      try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes =
          journal.watch().cursor()) {
        journal.insertOne(new Document("_id", "j1"));
        assertThat(nextWithin(changes, Duration.ofSeconds(10)).getFullDocument())
            .containsEntry("_id", "j1");
      }
    }

    try (EmbeddedMongo mongo = EmbeddedMongo.start("localhost", 0, Optional.of(file));
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      client.getDatabase("cairn").getCollection("journal").insertOne(new Document("_id", "j2"));
      client.getDatabase("cairn").getCollection("other").insertOne(new Document("_id", "o1"));

      // a stream resuming after j1 reads j2 from here (resumed through a stream after a restart:
      // EmbeddedMongoChangeStreamTest)
      assertThat(
              client
                  .getDatabase("local")
                  .getCollection("oplog.rs")
                  .find(Filters.eq("o._id", "j2"))
                  .map(entry -> entry.getString("ns"))
                  .into(new ArrayList<>()))
          .containsExactly("cairn.journal");
      assertThat(
              client
                  .getDatabase("local")
                  .getCollection("oplog.rs")
                  .countDocuments(Filters.eq("ns", "cairn.other")))
          .isZero();
    }
  }

  private static ChangeStreamDocument<Document> nextWithin(
      MongoChangeStreamCursor<ChangeStreamDocument<Document>> changes, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      ChangeStreamDocument<Document> change = changes.tryNext();
      if (change != null) {
        return change;
      }
    }
    throw new AssertionError("no change within " + limit);
  }
}
