package dev.cairn.server.data;

import static dev.cairn.server.data.RecordDocuments.DELETED;
import static dev.cairn.server.data.RecordDocuments.LAST_CHANGED_AT;
import static dev.cairn.server.data.RecordDocuments.VERSION;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.result.UpdateResult;
import dev.cairn.server.TenantId;
import dev.cairn.server.changes.ChangeEntry;
import dev.cairn.server.changes.ChangeJournal;
import dev.cairn.server.changes.ChangeOperation;
import dev.cairn.server.data.conflict.Conflict;
import dev.cairn.server.data.conflict.ConflictLog;
import dev.cairn.server.data.conflict.ConflictResolver;
import dev.cairn.server.data.conflict.ConflictStrategy;
import dev.cairn.server.data.conflict.Resolution;
import dev.cairn.server.data.filter.FilterTranslator;
import dev.cairn.spec.Model;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * An update or delete conditional on the version read: read the record, check the condition, apply
 * the input (or, for a stale {@code _version}, what the model's {@link ConflictResolver} decides),
 * then replace the record only if its {@code _version} is still the one read, and append the
 * journal entry in the same transaction. A concurrent writer that got in between makes the write
 * start over (a bounded number of times, then {@code ConflictUnhandled}). Every conflict is logged.
 *
 * <p>The resolvers of one write share one deadline, {@code resolutionTime} after the write began
 * (read from the store's clock): each is told the time left ({@link Conflict#timeLeft()}), and once
 * it has run out a conflict is rejected with {@code ConflictUnhandled} without asking the resolver
 * again. So a slow CUSTOM webhook holds the request thread for at most that long, however often the
 * write has to start over.
 */
public final class VersionedWrite {
  static final int ATTEMPTS = 5;

  private final Map<ConflictStrategy, ConflictResolver> resolvers;
  private final ConflictLog conflicts;
  private final ChangeJournal journal;
  private final Duration resolutionTime;

  /**
   * @param resolutionTime the most time the resolvers of one write may take together
   */
  public VersionedWrite(
      Map<ConflictStrategy, ConflictResolver> resolvers,
      ConflictLog conflicts,
      ChangeJournal journal,
      Duration resolutionTime) {
    if (resolutionTime.isNegative() || resolutionTime.isZero()) {
      throw new IllegalArgumentException("resolutionTime must be positive, was " + resolutionTime);
    }
    this.resolvers = new EnumMap<>(resolvers);
    this.conflicts = conflicts;
    this.journal = journal;
    this.resolutionTime = resolutionTime;
  }

  Document write(
      MongoRecordStore store,
      TenantId tenant,
      Model model,
      ChangeOperation operation,
      Map<String, Object> input,
      Map<String, ?> condition,
      ConflictStrategy strategy,
      Consumer<Document> authorize) {
    RecordKey key = RecordKey.of(model, input);
    int incomingVersion = RecordDocuments.incomingVersion(input);
    Map<String, Object> requested =
        operation == ChangeOperation.DELETE
            ? Map.of()
            : RecordDocuments.settableFields(model, input);
    Document conditionQuery =
        FilterTranslator.translate(model, FilterTranslator.Kind.CONDITION, condition);
    if (operation == ChangeOperation.DELETE
        && input.size() > key.values().size() + (input.containsKey(VERSION) ? 1 : 0)) {
      throw new DataException.InvalidInput(
          "delete" + model.name() + " takes only the key fields and `_version`");
    }
    MongoCollection<Document> collection = store.collection(tenant, model);
    Bson byId = Filters.eq("_id", key.documentId());
    long deadline = store.clock().millis() + resolutionTime.toMillis();
    Document current = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      current = collection.find(byId).first();
      if (current != null) {
        authorize.accept(RecordDocuments.toApi(current));
      }
      if (current == null || Boolean.TRUE.equals(current.getBoolean(DELETED))) {
        throw new DataException.ConditionalCheckFailed(
            model.name()
                + " with key "
                + key
                + (current == null ? " does not exist" : " is deleted"));
      }
      if (!conditionQuery.isEmpty()
          && collection.countDocuments(Filters.and(byId, conditionQuery)) == 0) {
        throw new DataException.ConditionalCheckFailed(
            "the condition does not hold on " + model.name() + " " + key);
      }
      int storedVersion = current.getInteger(VERSION, 0);
      ChangeOperation effective = operation;
      Map<String, Object> changes = requested;
      Conflict conflict = null;
      Resolution resolution = null;
      if (incomingVersion != storedVersion) {
        Document api = RecordDocuments.toApi(current);
        long left = deadline - store.clock().millis();
        conflict =
            new Conflict(
                tenant,
                model,
                operation,
                api,
                input,
                incomingVersion,
                () -> journal.recordAt(tenant, model.name(), key.documentId(), incomingVersion),
                Duration.ofMillis(Math.max(left, 0)));
        resolution =
            left > 0
                ? resolvers.get(strategy).resolve(conflict)
                : new Resolution.Reject(
                    "the conflict could not be resolved within "
                        + resolutionTime.toMillis()
                        + " ms (the write had to start over)");
        long now = store.clock().millis();
        if (resolution instanceof Resolution.Reject) {
          conflicts.record(tenant, key.documentId(), conflict, strategy, resolution, now);
          throw new DataException.ConflictUnhandled(api);
        }
        if (resolution instanceof Resolution.Remove) {
          effective = ChangeOperation.DELETE;
          changes = Map.of();
        } else if (operation == ChangeOperation.UPDATE) {
          changes =
              RecordDocuments.settableFields(
                  model, withoutMetadata(((Resolution.Apply) resolution).changes()));
        }
      }
      Document next = next(store, model, current, changes, effective, storedVersion);
      if (replace(
          store,
          tenant,
          model,
          collection,
          key,
          storedVersion,
          conditionQuery,
          current,
          next,
          effective)) {
        if (conflict != null) {
          conflicts.record(
              tenant,
              key.documentId(),
              conflict,
              strategy,
              resolution,
              next.getLong(LAST_CHANGED_AT));
        }
        return RecordDocuments.toApi(next);
      }
    }
    throw new DataException.ConflictUnhandled(RecordDocuments.toApi(collection.find(byId).first()));
  }

  private static Map<String, Object> withoutMetadata(Map<String, Object> item) {
    Map<String, Object> out = RecordDocuments.copy(item);
    out.keySet().removeIf(name -> name.startsWith("_"));
    return out;
  }

  private static Document next(
      MongoRecordStore store,
      Model model,
      Document current,
      Map<String, Object> changes,
      ChangeOperation operation,
      int storedVersion) {
    long now = Math.max(store.clock().millis(), current.get(LAST_CHANGED_AT, 0L));
    Document next = new Document(current);
    next.putAll(changes);
    model.timestamps().updatedAt().ifPresent(f -> next.put(f, RecordDocuments.dateTime(now)));
    next.put(VERSION, storedVersion + 1);
    next.put(LAST_CHANGED_AT, now);
    next.put(DELETED, operation == ChangeOperation.DELETE);
    return next;
  }

  private boolean replace(
      MongoRecordStore store,
      TenantId tenant,
      Model model,
      MongoCollection<Document> collection,
      RecordKey key,
      int storedVersion,
      Document conditionQuery,
      Document current,
      Document next,
      ChangeOperation operation) {
    Bson guard =
        Filters.and(Filters.eq("_id", key.documentId()), Filters.eq(VERSION, storedVersion));
    Bson filter = conditionQuery.isEmpty() ? guard : Filters.and(guard, conditionQuery);
    ChangeEntry entry =
        new ChangeEntry(
            tenant,
            model.name(),
            key.documentId(),
            operation,
            next.getInteger(VERSION),
            next.getLong(LAST_CHANGED_AT),
            RecordDocuments.toApi(next));
    return store
        .transactions()
        .run(
            session -> {
              UpdateResult result =
                  session == null
                      ? collection.replaceOne(filter, next)
                      : collection.replaceOne(session, filter, next);
              if (result.getMatchedCount() == 0) {
                return false;
              }
              store.appendOrUndo(
                  session,
                  entry,
                  () ->
                      collection.replaceOne(
                          Filters.and(
                              Filters.eq("_id", key.documentId()),
                              Filters.eq(VERSION, storedVersion + 1)),
                          current));
              return true;
            });
  }
}
