package dev.cairn.launcher;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stand-in's oplog, logging writes only to collections a change stream has been opened on.
 *
 * <p>Part of the embedded MongoDB stand-in (a fake; see {@link EmbeddedMongo}). A change stream of
 * the stand-in follows one collection and matches entries by exact namespace, so entries of
 * collections nobody follows could never be read: they would only cost a copy and a write into the
 * oplog on every write, and a read by every poll after them (with Cairn, whose change feed follows
 * the journal only, the records' entries were half of the oplog). Such writes are not logged. A
 * collection is followed from the first change stream opened on it, and collections already in the
 * oplog when it is opened (from before a restart of the data file) are followed from the start, so
 * a stream resumed after a restart misses nothing written in between. Drops are always logged.
 */
final class WatchedNamespacesOplog implements Oplog {
  private final Oplog logged;
  private final Set<String> followed = ConcurrentHashMap.newKeySet();

  /**
   * @param logged the oplog that writes and reads the entries ({@link IndexedOplog})
   * @param entries the oplog collection, whose namespaces are followed from the start
   */
  WatchedNamespacesOplog(Oplog logged, MongoCollection<Document> entries) {
    this.logged = logged;
    entries.queryAllAsStream().map(entry -> entry.get("ns")).forEach(this::follow);
  }

  private void follow(Object namespace) {
    if (namespace instanceof String ns) {
      followed.add(ns);
    }
  }

  /** Whether writes to {@code namespace} ({@code database.collection}) are logged. */
  boolean follows(String namespace) {
    return followed.contains(namespace);
  }

  @Override
  public void handleInsert(String namespace, List<Document> documents) {
    if (follows(namespace)) {
      logged.handleInsert(namespace, documents);
    }
  }

  @Override
  public void handleUpdate(
      String namespace, Document selector, Document query, List<Object> modifiedIds) {
    if (follows(namespace)) {
      logged.handleUpdate(namespace, selector, query, modifiedIds);
    }
  }

  @Override
  public void handleDelete(String namespace, Document query, List<Object> deletedIds) {
    if (follows(namespace)) {
      logged.handleDelete(namespace, query, deletedIds);
    }
  }

  @Override
  public void handleDropCollection(String namespace) {
    logged.handleDropCollection(namespace);
  }

  @Override
  public Cursor createCursor(Document changeStream, String namespace, Aggregation aggregation) {
    followed.add(namespace);
    return logged.createCursor(changeStream, namespace, aggregation);
  }
}
