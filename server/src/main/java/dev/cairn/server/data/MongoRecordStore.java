package dev.cairn.server.data;

import static dev.cairn.server.data.RecordDocuments.DELETED;
import static dev.cairn.server.data.RecordDocuments.LAST_CHANGED_AT;
import static dev.cairn.server.data.RecordDocuments.VERSION;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.EstimatedDocumentCountOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import dev.cairn.server.TenantId;
import dev.cairn.server.changes.ChangeEntry;
import dev.cairn.server.changes.ChangeJournal;
import dev.cairn.server.changes.ChangeOperation;
import dev.cairn.server.changes.GroupCommit;
import dev.cairn.server.changes.RawDocuments;
import dev.cairn.server.data.conflict.ConflictStrategy;
import dev.cairn.server.data.filter.FilterTranslator;
import dev.cairn.spec.AuthRule;
import dev.cairn.spec.Index;
import dev.cairn.spec.Model;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.conversions.Bson;

/**
 * {@link RecordStore} on MongoDB: database {@code cairn_t_<tenant>}, collection {@code <Model>},
 * {@code _id} = the {@link RecordKey}. Indexes (delta sync on {@code _lastChangedAt}, each {@code
 * @index}, and each owner or groups field an {@code @auth} rule scopes reads by, so that a
 * signed-in user's sync and its {@link #count} seek instead of scanning) are created on a model's
 * first use on this node. Creates are inserts that fail on a duplicate {@code _id} (without a
 * transaction, concurrent creates of one collection share one {@code insertMany}: {@link
 * GroupCommit}); updates and deletes are {@link VersionedWrite}s.
 */
public final class MongoRecordStore implements RecordStore {
  private static final Logger LOG = Logger.getLogger(MongoRecordStore.class.getName());
  private final MongoClient client;
  private final ChangeJournal journal;
  private final Transactions transactions;
  private final VersionedWrite versionedWrite;
  private final Clock clock;
  private static final int MAX_KNOWN_COLLECTIONS = 10_000;

  /** Beyond the limit, old schema versions' models go first; forgetting one costs a lookup. */
  private final Cache<CollectionKey, OpenCollection> collections =
      Caffeine.newBuilder().maximumSize(MAX_KNOWN_COLLECTIONS).executor(Runnable::run).build();

  public MongoRecordStore(
      MongoClient client,
      ChangeJournal journal,
      Transactions transactions,
      VersionedWrite versionedWrite,
      Clock clock) {
    this.client = client;
    this.journal = journal;
    this.transactions = transactions;
    this.versionedWrite = versionedWrite;
    this.clock = clock;
  }

  /**
   * A model's collection of one schema version, by the identity of its {@link Model} (built once
   * per schema version): looked up once, and given the model's indexes the first time, so an index
   * added by a new schema version is created when that version is first used.
   */
  private record CollectionKey(TenantId tenant, Model model) {
    @Override
    public boolean equals(Object o) {
      return o instanceof CollectionKey k && k.tenant.equals(tenant) && k.model == model;
    }

    @Override
    public int hashCode() {
      return 31 * tenant.hashCode() + System.identityHashCode(model);
    }
  }

  /**
   * A model's collection, and the group commit its creates insert through when there is no
   * transaction: the records of concurrent creates share one {@code insertMany} (the record insert
   * was the largest share of a mutation's CPU, JFR of SyncBench, issue 18). Created records are
   * inserted as {@link RawDocuments}.
   */
  private record OpenCollection(
      MongoCollection<Document> documents,
      MongoCollection<RawBsonDocument> raw,
      RawDocuments encoding,
      GroupCommit<RawBsonDocument> creates) {}

  MongoCollection<Document> collection(TenantId tenant, Model model) {
    return opened(tenant, model).documents();
  }

  private OpenCollection opened(TenantId tenant, Model model) {
    return collections.get(new CollectionKey(tenant, model), this::open);
  }

  private OpenCollection open(CollectionKey key) {
    TenantId tenant = key.tenant();
    Model model = key.model();
    MongoCollection<Document> collection =
        client.getDatabase(tenant.databaseName()).getCollection(model.name());
    collection.createIndex(
        Indexes.ascending(LAST_CHANGED_AT), new IndexOptions().name("delta_sync"));
    for (Index index : model.indexes()) {
      List<String> fields = new ArrayList<>();
      fields.add(index.partitionField());
      fields.addAll(index.sortKeyFields());
      collection.createIndex(Indexes.ascending(fields), new IndexOptions().name(index.name()));
    }
    for (String field : readScopeFields(model)) {
      try {
        collection.createIndex(
            Indexes.ascending(field), new IndexOptions().name("auth_scope_" + field));
      } catch (MongoCommandException e) {
        // an operator's index on the same key under another name serves as well
        LOG.log(Level.FINE, "index on " + field + " of " + model.name() + " not created", e);
      }
    }
    MongoCollection<RawBsonDocument> raw = collection.withDocumentClass(RawBsonDocument.class);
    return new OpenCollection(
        collection, raw, new RawDocuments(collection.getCodecRegistry()), new GroupCommit<>(raw));
  }

  /**
   * The owner and groups fields of the model's {@code @auth} rules that no {@code @index} already
   * leads with: the fields a read scope filters on.
   */
  static Set<String> readScopeFields(Model model) {
    Set<String> fields = new TreeSet<>();
    for (AuthRule rule : model.authRules()) {
      rule.ownerField().ifPresent(fields::add);
      rule.groupsField().ifPresent(fields::add);
    }
    model.indexes().forEach(index -> fields.remove(index.partitionField()));
    fields.remove(model.primaryKey().partitionField());
    return fields;
  }

  @Override
  public Document create(
      TenantId tenant, Model model, Map<String, Object> input, Map<String, ?> condition) {
    if (condition != null
        && !FilterTranslator.translate(model, FilterTranslator.Kind.CONDITION, condition)
            .isEmpty()) {
      throw new DataException.InvalidInput(
          "conditions on create are not supported; create fails on an existing key by itself");
    }
    Map<String, Object> values = RecordDocuments.copy(input);
    if (model.primaryKey().isDefaultId() && values.get("id") == null) {
      values.put("id", UUID.randomUUID().toString());
    }
    RecordKey key = RecordKey.of(model, values);
    Map<String, Object> fields = RecordDocuments.settableFields(model, values);
    RecordDocuments.applyDefaults(model, fields);
    long now = clock.millis();
    Document record = new Document("_id", key.documentId());
    record.putAll(key.values());
    record.putAll(fields);
    if (model.timestamps().createdAt().isPresent() || model.timestamps().updatedAt().isPresent()) {
      String at = RecordDocuments.dateTime(now);
      model.timestamps().createdAt().ifPresent(f -> record.put(f, at));
      model.timestamps().updatedAt().ifPresent(f -> record.put(f, at));
    }
    record.append(VERSION, 1).append(LAST_CHANGED_AT, now).append(DELETED, false);
    Document api = RecordDocuments.toApi(record);
    OpenCollection collection = opened(tenant, model);
    ChangeEntry entry =
        new ChangeEntry(
            tenant, model.name(), key.documentId(), ChangeOperation.CREATE, 1, now, api);
    try {
      transactions.run(
          session -> {
            insert(collection, session, record);
            appendOrUndo(
                session,
                entry,
                () -> collection.documents().deleteOne(Filters.eq("_id", key.documentId())));
            return null;
          });
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        throw new DataException.ConditionalCheckFailed(
            model.name() + " with key " + key + " already exists");
      }
      throw e;
    }
    return api;
  }

  private static void insert(OpenCollection c, ClientSession session, Document d) {
    RawBsonDocument encoded = c.encoding().encode(d);
    if (session == null) {
      c.creates().insert(encoded);
    } else {
      c.raw().insertOne(session, encoded);
    }
  }

  /**
   * Appends the journal entry. Without a transaction a failed append undoes the record write, so
   * that no accepted write is missing from the journal.
   */
  void appendOrUndo(ClientSession session, ChangeEntry entry, Runnable undo) {
    if (session != null) {
      journal.append(session, entry);
      return;
    }
    try {
      journal.append(null, entry);
    } catch (RuntimeException e) {
      undo.run();
      throw e;
    }
  }

  @Override
  public Document update(
      TenantId tenant,
      Model model,
      Map<String, Object> input,
      Map<String, ?> condition,
      ConflictStrategy strategy,
      Consumer<Document> authorize) {
    return versionedWrite.write(
        this, tenant, model, ChangeOperation.UPDATE, input, condition, strategy, authorize);
  }

  @Override
  public Document delete(
      TenantId tenant,
      Model model,
      Map<String, Object> input,
      Map<String, ?> condition,
      ConflictStrategy strategy,
      Consumer<Document> authorize) {
    return versionedWrite.write(
        this, tenant, model, ChangeOperation.DELETE, input, condition, strategy, authorize);
  }

  @Override
  public Optional<Document> get(TenantId tenant, Model model, RecordKey key) {
    return Optional.ofNullable(
            collection(tenant, model).find(Filters.eq("_id", key.documentId())).first())
        .map(RecordDocuments::toApi);
  }

  @Override
  public Map<Object, Document> getAll(TenantId tenant, Model model, Collection<RecordKey> keys) {
    Map<Object, Document> found = new LinkedHashMap<>();
    if (keys.isEmpty()) {
      return found;
    }
    List<Object> ids = keys.stream().map(RecordKey::documentId).distinct().toList();
    for (Document document : collection(tenant, model).find(Filters.in("_id", ids))) {
      found.put(document.get("_id"), RecordDocuments.toApi(document));
    }
    return found;
  }

  @Override
  public RecordCursor scan(
      TenantId tenant, Model model, Document query, Optional<Object> afterId, int batchSize) {
    Bson filter = afterId.map(id -> Filters.and(query, Filters.gt("_id", id))).orElse(query);
    return new MongoRecordCursor(
        collection(tenant, model)
            .find(filter)
            .sort(Sorts.ascending("_id"))
            .batchSize(batchSize)
            .cursor());
  }

  /**
   * {@inheritDoc}
   *
   * <p>An empty query is answered from the collection's metadata ({@code estimatedDocumentCount}:
   * no documents read); any other runs {@code countDocuments} with {@code maxTimeMS = budget},
   * which MongoDB answers from an index where the query has one (the delta-sync index for {@code
   * _lastChangedAt}, the read-scope indexes for owner and groups fields). A count the server stops
   * for taking too long is no estimate.
   */
  @Override
  public OptionalLong count(TenantId tenant, Model model, Document query, Duration budget) {
    MongoCollection<Document> collection = collection(tenant, model);
    long maxMillis = Math.max(1, budget.toMillis());
    try {
      if (query.isEmpty()) {
        return OptionalLong.of(
            collection.estimatedDocumentCount(
                new EstimatedDocumentCountOptions().maxTime(maxMillis, TimeUnit.MILLISECONDS)));
      }
      return OptionalLong.of(
          collection.countDocuments(
              query, new CountOptions().maxTime(maxMillis, TimeUnit.MILLISECONDS)));
    } catch (MongoExecutionTimeoutException e) {
      return OptionalLong.empty();
    }
  }

  @Override
  public long purgeTombstones(TenantId tenant, Model model, long cutoffMillis) {
    return collection(tenant, model)
        .deleteMany(
            Filters.and(Filters.eq(DELETED, true), Filters.lt(LAST_CHANGED_AT, cutoffMillis)))
        .getDeletedCount();
  }

  Transactions transactions() {
    return transactions;
  }

  Clock clock() {
    return clock;
  }
}
