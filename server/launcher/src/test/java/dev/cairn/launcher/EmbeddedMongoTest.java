package dev.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
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
      client.getDatabase("cairn").getCollection("journal").insertOne(new Document("_id", 1));

      long keptWhileYoung = mongo.trimOplog(10, Duration.ofMinutes(10));
      long droppedWhenOld = mongo.trimOplog(10, Duration.ofMillis(-1));

      assertThat(keptWhileYoung).isZero();
      assertThat(droppedWhenOld).isEqualTo(1);
    }
  }
}
