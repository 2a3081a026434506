package dev.cairn.server.changes;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.MongoWriteException;
import com.mongodb.WriteError;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit of documents inserted into one collection outside a transaction (journal entries,
 * and the records of creates): while one thread inserts, the documents other threads insert
 * meanwhile queue up, and the next thread to get the writer's lock inserts all of them with one
 * unordered {@code insertMany} (a lone document still goes with {@code insertOne}). No thread waits
 * for a timer; each caller returns once its own document is written, and fails exactly as its own
 * {@code insertOne} would have: a write error (e.g. a duplicate key) only for the document it
 * names, a write-concern error or a failed command for every document of the batch. Thread-safe.
 *
 * @param <T> the collection's document class
 */
public final class GroupCommit<T> {
  /** The most entries one insert carries; far below MongoDB's own message limits. */
  static final int MAX_BATCH = 128;

  private static final InsertManyOptions UNORDERED = new InsertManyOptions().ordered(false);

  private final MongoCollection<T> entries;
  private final Queue<Pending<T>> queue = new ConcurrentLinkedQueue<>();

  /** Held by the thread inserting a batch (package-private so a test can hold it). */
  final ReentrantLock writer = new ReentrantLock();

  public GroupCommit(MongoCollection<T> entries) {
    this.entries = entries;
  }

  /**
   * Inserts {@code document}, possibly in one command with entries other threads append at the same
   * time; returns once it is written.
   *
   * @throws MongoException as {@code insertOne} of the document alone would
   */
  public void insert(T document) {
    Pending<T> mine = new Pending<>(document);
    queue.add(mine);
    writer.lock();
    try {
      while (!mine.done) {
        writeQueued();
      }
    } finally {
      writer.unlock();
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
  }

  /** Writes up to {@link #MAX_BATCH} queued entries; called holding the writer's lock. */
  private void writeQueued() {
    List<Pending<T>> batch = new ArrayList<>();
    Pending<T> next;
    while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
      batch.add(next);
    }
    try {
      if (batch.size() == 1) {
        entries.insertOne(batch.get(0).document);
      } else if (!batch.isEmpty()) {
        entries.insertMany(batch.stream().map(p -> p.document).toList(), UNORDERED);
      }
    } catch (MongoBulkWriteException e) {
      failEach(batch, e);
    } catch (RuntimeException e) {
      MongoException failure =
          e instanceof MongoException m ? m : new MongoException("journal insert failed", e);
      batch.forEach(p -> p.failure = failure);
    } finally {
      batch.forEach(p -> p.done = true);
    }
  }

  /** Gives each entry of a batch the exception its own {@code insertOne} would have thrown. */
  private static void failEach(List<? extends Pending<?>> batch, MongoBulkWriteException e) {
    for (BulkWriteError error : e.getWriteErrors()) {
      batch.get(error.getIndex()).failure =
          new MongoWriteException(
              new WriteError(error.getCode(), error.getMessage(), error.getDetails()),
              e.getServerAddress(),
              e.getErrorLabels());
    }
    if (e.getWriteConcernError() != null) {
      for (Pending<?> p : batch) {
        if (p.failure == null) {
          p.failure =
              new MongoWriteConcernException(
                  e.getWriteConcernError(), null, e.getServerAddress(), e.getErrorLabels());
        }
      }
    }
  }

  /** One caller's entry; its fields are written and read under the writer's lock. */
  private static final class Pending<T> {
    final T document;
    boolean done;
    MongoException failure;

    Pending(T document) {
      this.document = document;
    }
  }
}
