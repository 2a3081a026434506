package dev.cairn.server.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.cairn.launcher.EmbeddedMongo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit on the embedded MongoDB stand-in: appends that queue while the writer is busy go in
 * one insert, and each caller gets exactly its own outcome.
 */
class GroupCommitTest {
  private EmbeddedMongo mongo;
  private MongoClient client;
  private final AtomicInteger inserts = new AtomicInteger();
  private MongoCollection<Document> entries;
  private GroupCommit<Document> groupCommit;
  private final ExecutorService callers = Executors.newCachedThreadPool();

  @BeforeEach
  void start() throws Exception {
    mongo = EmbeddedMongo.start("localhost", 0, Optional.empty());
    CommandListener counter =
        new CommandListener() {
          @Override
          public void commandStarted(CommandStartedEvent event) {
            if (event.getCommandName().equals("insert")) {
              inserts.incrementAndGet();
            }
          }
        };
    client =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString(mongo.connectionString()))
                .addCommandListener(counter)
                .build());
    entries = client.getDatabase("cairn").getCollection("changes");
    entries.createIndex(Indexes.ascending("key"), new IndexOptions().unique(true));
    groupCommit = new GroupCommit<>(entries);
  }

  @AfterEach
  void stop() {
    callers.shutdownNow();
    client.close();
    mongo.close();
  }

  @Test
  void aLoneAppendIsWrittenAtOnce() {
    groupCommit.insert(new Document("key", "a"));

    assertThat(entries.countDocuments(Filters.eq("key", "a"))).isEqualTo(1);
    assertThat(inserts).hasValue(1);
  }

  @Test
  void appendsQueuedWhileTheWriterIsBusyShareOneInsertAndOnlyTheDuplicateFails() throws Exception {
    groupCommit.insert(new Document("key", "taken"));
    inserts.set(0);
    List<String> keys = List.of("k1", "k2", "taken", "k3", "k4");
    List<CompletableFuture<Void>> outcomes = new ArrayList<>();
    groupCommit.writer.lock(); // the writer is busy: every append below queues behind it
    try {
      for (String key : keys) {
        outcomes.add(
            CompletableFuture.runAsync(
                () -> groupCommit.insert(new Document("key", key)), callers));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (groupCommit.writer.getQueueLength() < keys.size() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(groupCommit.writer.getQueueLength()).isEqualTo(keys.size());
    } finally {
      groupCommit.writer.unlock();
    }

    for (int i = 0; i < keys.size(); i++) {
      CompletableFuture<Void> outcome = outcomes.get(i);
      if (keys.get(i).equals("taken")) {
        assertThatThrownBy(() -> outcome.get(30, TimeUnit.SECONDS))
            .hasCauseInstanceOf(MongoWriteException.class)
            .cause()
            .satisfies(
                e ->
                    assertThat(((MongoWriteException) e).getError().getCategory())
                        .isEqualTo(ErrorCategory.DUPLICATE_KEY));
      } else {
        outcome.get(30, TimeUnit.SECONDS);
      }
    }
    assertThat(inserts).as("one insert command for the whole queue").hasValue(1);
    for (String key : List.of("k1", "k2", "k3", "k4", "taken")) {
      assertThat(entries.countDocuments(Filters.eq("key", key))).as(key).isEqualTo(1);
    }
  }
}
