package dev.cairn.launcher;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;

/**
 * Turns the stand-in's oplog entries into the change events a change stream returns, in the shape
 * {@code mongo-java-server} 1.47 has always produced, so drivers and stored resume tokens see no
 * difference: {@code _id: {_data: <hex of the entry's timestamp>}}, {@code operationType}, {@code
 * fullDocument}, {@code documentKey} and {@code clusterTime}; a command entry (a drop) becomes an
 * event with {@code operationType} {@code drop}. Two of that shape's quirks are kept on purpose: an
 * update's {@code documentKey} is the update it applied, and its {@code fullDocument} is the {@code
 * $set}/{@code $unset} fields unless the stream asked for {@code updateLookup}.
 *
 * <p>Part of the embedded MongoDB stand-in (a fake; see {@link EmbeddedMongo}).
 */
final class ChangeEvents {
  static final String TIMESTAMP = "ts";
  static final String NAMESPACE = "ns";
  static final String OPERATION = "op";
  static final String OBJECT = "o";
  static final String OBJECT_KEY = "o2";
  static final String WALL = "wall";
  static final String INSERT = "i";
  static final String UPDATE = "u";
  static final String DELETE = "d";
  static final String COMMAND = "c";
  private static final String ID = "_id";
  private static final String DATA = "_data";

  private final MongoBackend backend;
  private final boolean lookUpUpdates;

  /**
   * @param changeStream the stream's {@code $changeStream} stage (its {@code fullDocument} option)
   */
  ChangeEvents(MongoBackend backend, Document changeStream) {
    this.backend = backend;
    this.lookUpUpdates = "updateLookup".equals(changeStream.get("fullDocument"));
  }

  /**
   * Whether a stream on {@code namespace} ({@code database.collection}) sees {@code entry}: the
   * collection's own entries and its database's commands.
   */
  static boolean concerns(Document entry, String namespace) {
    String entryNamespace = (String) entry.get(NAMESPACE);
    if (namespace.equals(entryNamespace)) {
      return true;
    }
    int dot = entryNamespace.indexOf('.');
    return dot > 0
        && entryNamespace.indexOf(".$cmd") == dot
        && entryNamespace.length() == dot + ".$cmd".length()
        && namespace.startsWith(entryNamespace.substring(0, dot + 1));
  }

  /** The resume token of the event at {@code timestamp}. */
  static Document token(long timestamp) {
    return new Document(DATA, Long.toHexString(timestamp));
  }

  /**
   * The timestamp a resume token names.
   *
   * @throws MongoServerError if it is not a token this server handed out
   */
  static long timestampOf(Object token) {
    if (token instanceof Document document && document.get(DATA) instanceof String hex) {
      try {
        return Long.parseUnsignedLong(hex, 16);
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new MongoServerError(
        2, "BadValue", "resume token " + token + " is not {_data: <hex timestamp>} of this server");
  }

  static long timestampOf(Document entry) {
    return ((BsonTimestamp) entry.get(TIMESTAMP)).getValue();
  }

  /** Whether {@code entry} drops {@code namespace}'s collection. */
  static boolean drops(Document entry, String namespace) {
    int dot = namespace.indexOf('.');
    return COMMAND.equals(entry.get(OPERATION))
        && (namespace.substring(0, dot) + ".$cmd").equals(entry.get(NAMESPACE))
        && new Document("drop", namespace.substring(dot + 1)).equals(entry.get(OBJECT));
  }

  /** The change event of {@code entry}. */
  Document of(Document entry) {
    BsonTimestamp timestamp = (BsonTimestamp) entry.get(TIMESTAMP);
    Document object = (Document) entry.get(OBJECT);
    Document event = new Document(ID, token(timestamp.getValue()));
    String operation = (String) entry.get(OPERATION);
    switch (operation) {
      case INSERT ->
          event
              .append("operationType", "insert")
              .append("fullDocument", object)
              .append("documentKey", new Document(ID, object.get(ID)));
      case UPDATE ->
          event
              .append("operationType", "update")
              .append("fullDocument", updatedDocument(entry, object))
              .append("documentKey", object);
      case DELETE ->
          event
              .append("operationType", "delete")
              .append("fullDocument", null)
              .append("documentKey", object);
      case COMMAND -> {
        String command =
            object.keySet().stream()
                .findFirst()
                .orElseThrow(
                    () -> new MongoServerError(2, "oplog command entry without a command"));
        return event.append("operationType", command).append("clusterTime", timestamp);
      }
      default -> throw new IllegalArgumentException("Unexpected operation type: " + operation);
    }
    return event.append("clusterTime", timestamp);
  }

  private Document updatedDocument(Document entry, Document update) {
    if (lookUpUpdates) {
      String namespace = (String) entry.get(NAMESPACE);
      int dot = namespace.indexOf('.');
      Object id = ((Document) entry.get(OBJECT_KEY)).get(ID);
      MongoCollection<?> collection =
          backend
              .resolveDatabase(namespace.substring(0, dot))
              .resolveCollection(namespace.substring(dot + 1), false);
      if (collection != null) {
        for (Document current : collection.handleQuery(new Document(ID, id))) {
          return current;
        }
      }
    }
    Document delta = new Document();
    if (update.get("$set") instanceof Document set) {
      delta.appendAll(set);
    }
    if (update.get("$unset") instanceof Document unset) {
      delta.appendAll(unset);
    }
    return delta;
  }
}
