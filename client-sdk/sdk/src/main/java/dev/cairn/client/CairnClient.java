package dev.cairn.client;

import dev.cairn.client.internal.DefaultFlags;
import dev.cairn.client.internal.Engine;
import dev.cairn.client.internal.Events;
import dev.cairn.client.internal.FlagCache;
import dev.cairn.client.internal.FlagSync;
import dev.cairn.client.internal.GraphQLHttp;
import dev.cairn.client.internal.Identity;
import dev.cairn.client.internal.LocalStore;
import dev.cairn.client.internal.LocalWrites;
import dev.cairn.client.internal.Merger;
import dev.cairn.client.internal.Observers;
import dev.cairn.client.internal.Orchestrator;
import dev.cairn.client.internal.OwnerArgument;
import dev.cairn.client.internal.RecordKey;
import dev.cairn.client.internal.RetryPolicy;
import dev.cairn.client.internal.Scheduler;
import dev.cairn.client.internal.StoredRecord;
import dev.cairn.client.internal.TokenClaims;
import dev.cairn.client.internal.UserStores;
import dev.cairn.client.internal.Values;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * An offline-first client of one Cairn tenant: the app reads and writes a local SQLite store, and
 * the sync engine keeps it in step with the server over the same AppSync protocol Amplify DataStore
 * speaks (sync queries, versioned mutations, realtime subscriptions).
 *
 * <p>Made by {@link #builder()}; immutable and thread-safe. Local calls ({@code save}, {@code
 * query}, {@code delete}, {@code observe}) work whether or not the engine is started or the server
 * reachable; {@link #start()} begins syncing, {@link #stop()} pauses it. A {@code save} writes the
 * record and its outbox entry in one SQLite transaction and calls matching observers before it
 * returns. Arguments are non-null unless documented otherwise; bad input throws {@link
 * CairnException} with {@code errorType} {@code InvalidModel}, {@code InvalidPredicate} or {@code
 * ConditionNotMet} and writes nothing.
 */
public final class CairnClient implements AutoCloseable {
  private final Builder settings;
  private final Map<String, ModelType<?>> types;
  private final LocalStore store;
  private final Path storeFile;
  private final Identity identity;
  private final Map<String, QueryPredicate> syncExpressions;
  private final Observers observers = new Observers();
  private final Events events = new Events();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LocalWrites writes;
  private final Orchestrator orchestrator;
  private final DefaultFlags flags = new DefaultFlags();
  private final FlagSync flagSync;
  private final ScheduledExecutorService ownedExecutor;
  private final Set<String> syncedModels = ConcurrentHashMap.newKeySet();

  private CairnClient(Builder b, String user) {
    this.settings = b.copy();
    Map<String, ModelType<?>> byName = new LinkedHashMap<>();
    b.models.forEach(m -> byName.put(m.name(), m));
    this.types = Map.copyOf(byName);
    this.storeFile =
        b.storeDirectory != null ? UserStores.file(b.storeDirectory, user) : b.storeFile;
    this.store = LocalStore.open(storeFile, List.copyOf(b.models));
    try {
      this.identity = Identity.of(store, user, b.errorHandler);
    } catch (CairnException e) {
      store.close();
      throw e;
    }
    store.migration().dropped().forEach(b.errorHandler);
    this.syncExpressions = new ConcurrentHashMap<>(b.syncExpressions);
    this.writes = new LocalWrites(store);
    ScheduledExecutorService executor = b.executor;
    if (executor == null) {
      ScheduledThreadPoolExecutor own =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread t = new Thread(r, "cairn-sync");
                t.setDaemon(true);
                return t;
              });
      // Timers (keep-alive watchdog, next full sync) must not hold up close().
      own.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      own.setRemoveOnCancelPolicy(true);
      executor = own;
      this.ownedExecutor = executor;
    } else {
      this.ownedExecutor = null;
    }
    HttpClient http = b.httpClient != null ? b.httpClient : HttpClient.newHttpClient();
    Engine engine =
        new Engine(
            byName,
            store,
            new Merger(store),
            observers,
            events,
            new GraphQLHttp(http, b.endpoint, identity.guard(b.auth), b.requestTimeout),
            http,
            Scheduler.of(executor),
            b.clock,
            RetryPolicy.defaults(),
            b.conflictHandler,
            b.errorHandler,
            new Engine.Settings(
                b.syncPageSize,
                b.maxRecordsToSync,
                b.fullSyncInterval,
                syncExpressions,
                b.schemaHash,
                b.issuerClaims),
            identity);
    this.flagSync = new FlagSync(engine, flags, new FlagCache(store), b.flagContext);
    flagSync.loadLastStored();
    this.orchestrator = new Orchestrator(engine, flagSync);
    events.add(
        e -> {
          if (e instanceof CairnEvent.ModelSynced s) {
            syncedModels.add(s.model());
          }
        });
  }

  /**
   * A new builder; {@code endpoint}, {@code auth}, {@code models} and {@code storeFile} are
   * required.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder preset with this client's settings, for a variant (a new client, new store handle).
   */
  public Builder newBuilder() {
    return settings.copy();
  }

  /** Starts syncing in the background. Idempotent. */
  public void start() {
    orchestrator.start();
  }

  /** Stops syncing; the outbox keeps what is queued. Idempotent. */
  public void stop() {
    orchestrator.stop();
  }

  /**
   * What opening the store did to bring it to the app's models: tables created, migrated in place
   * or rebuilt, outbox entries kept or dropped (the dropped ones were also given to the error
   * handler during {@code build()}).
   */
  public StoreMigration storeMigration() {
    return store.migration();
  }

  /** The store's SQLite file (in a {@code storeDirectory}, the current user's). */
  public Path storeFile() {
    return storeFile;
  }

  /** The user this client's store belongs to, when known. */
  public Optional<String> userId() {
    return identity.user();
  }

  /**
   * Changes the selective-sync expression of {@code type} while running (null: sync everything). On
   * the next round — started now when the engine is live — records no longer in scope are evicted
   * (observers see deletes; records with pending outbox entries stay) and only the newly in-scope
   * records are fetched; no full re-sync, no {@code clear()}.
   */
  public void setSyncExpression(ModelType<?> type, QueryPredicate predicate) {
    checkRegistered(type);
    if (predicate == null || predicate == QueryPredicate.all()) {
      syncExpressions.remove(type.name());
    } else {
      syncExpressions.put(type.name(), predicate);
    }
    orchestrator.syncNow();
  }

  /**
   * Signs the user out: stops syncing and closes the store, keeping its file (and its pending
   * outbox) for the user's next sign-in unless {@code wipe}, which deletes it. The client cannot be
   * used afterwards; build the next user's client with {@code newBuilder().auth(...)}: with a
   * {@code storeDirectory}, it opens that user's own store.
   */
  public void signOut(boolean wipe) {
    close();
    if (wipe) {
      UserStores.wipe(storeFile);
    }
  }

  /**
   * Stops syncing, then deletes every local record, the outbox, the sync state and the stored flag
   * values.
   */
  public void clear() {
    awaitStopped();
    store.clear();
    flagSync.clear();
  }

  /**
   * The signed-in user's feature flags: typed reads with defaults, kept live while the engine is
   * connected and stored per user for offline starts (see {@link Flags}).
   */
  public Flags flags() {
    return flags;
  }

  private void awaitStopped() {
    try {
      orchestrator.stop().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // The engine is stuck in a request; closing the store ends it.
    }
  }

  /** Saves {@code model} locally (create or update) and queues it for the server. */
  public <T> void save(T model) {
    save(model, null);
  }

  /**
   * Saves {@code model} if {@code condition} holds for the local record (and, when sent, for the
   * server's record: it travels as the mutation's {@code condition}).
   *
   * @param condition null for none
   * @throws CairnException {@code InvalidModel} when the model breaks the schema, {@code
   *     ConditionNotMet} when the local record does not match {@code condition}
   */
  public <T> void save(T model, QueryPredicate condition) {
    ModelType<T> type = typeOf(model);
    writes.save(type, type.toValues(model), condition).ifPresent(this::announce);
  }

  /**
   * Deletes {@code model} locally and queues the delete; nothing happens when it does not exist.
   */
  public <T> void delete(T model) {
    ModelType<T> type = typeOf(model);
    RecordKey key = RecordKey.of(type, Values.normalize(type, type.toValues(model)));
    writes.delete(type, key, null).ifPresent(this::announce);
  }

  /** Deletes every local record of {@code type} matching {@code predicate}; returns how many. */
  public <T> int delete(ModelType<T> type, QueryPredicate predicate) {
    checkRegistered(type);
    int count = 0;
    for (StoredRecord record : store.query(type, predicate, null, null)) {
      Optional<LocalWrites.Written> written = writes.delete(type, record.key(type), null);
      if (written.isPresent()) {
        announce(written.get());
        count++;
      }
    }
    return count;
  }

  /** Every live local record of {@code type}. */
  public <T> List<T> query(ModelType<T> type) {
    return query(type, QueryPredicate.all(), null, null);
  }

  public <T> List<T> query(ModelType<T> type, QueryPredicate predicate) {
    return query(type, predicate, null, null);
  }

  /**
   * Local records of {@code type} matching {@code predicate}, in {@code sort} order, one {@code
   * page}.
   *
   * @param sort null for unspecified order
   * @param page null for all
   */
  public <T> List<T> query(
      ModelType<T> type, QueryPredicate predicate, QuerySort sort, QueryPage page) {
    checkRegistered(type);
    List<T> out = new ArrayList<>();
    for (StoredRecord record : store.query(type, predicate, sort, page)) {
      out.add(type.fromValues(record.values()));
    }
    return out;
  }

  /**
   * The live local record {@code id} of {@code type}: for a model keyed by one field ({@code id},
   * or a {@code @primaryKey} without sort key fields), the record whose key is {@code id}.
   *
   * @throws CairnException {@code InvalidPredicate} for a model whose primary key has sort key
   *     fields (use {@link #queryByKey})
   */
  public <T> Optional<T> query(ModelType<T> type, String id) {
    if (type.primaryKey().size() != 1) {
      checkRegistered(type);
      throw new CairnException(
          "InvalidPredicate",
          type.name()
              + " is keyed by "
              + type.primaryKey()
              + "; look a record up by its whole key with queryByKey("
              + type.name()
              + ".TYPE, "
              + String.join(", ", type.primaryKey())
              + ")");
    }
    return queryByKey(type, id);
  }

  /**
   * The live local record of {@code type} whose primary key is {@code keyValues}: the partition key
   * first, then the sort key fields in the schema's order ({@code queryByKey(Bin.TYPE, "w1",
   * "A-01")} for {@code warehouseId: ID! @primaryKey(sortKeyFields: ["code"])}); one value, the
   * {@code id}, for a model keyed by {@code id}. A lookup by the store's primary key.
   *
   * @throws CairnException {@code InvalidPredicate} naming the key when the number of values or the
   *     kind of one does not fit it
   */
  public <T> Optional<T> queryByKey(ModelType<T> type, Object... keyValues) {
    checkRegistered(type);
    RecordKey key = RecordKey.ofValues(type, Arrays.asList(keyValues));
    return store
        .transaction(c -> store.get(c, type, key))
        .filter(record -> !record.deleted())
        .map(record -> type.fromValues(record.values()));
  }

  /**
   * Calls {@code listener} for every change to a record of {@code type} matching {@code predicate}:
   * local saves on the saving thread before {@code save} returns, remote changes on the engine's
   * thread. The listener must be quick and must not throw.
   */
  public <T> Subscription observe(
      ModelType<T> type, QueryPredicate predicate, Consumer<ModelChange<T>> listener) {
    checkRegistered(type);
    return observers.add(type, predicate, listener);
  }

  /**
   * The changes {@link #observe} delivers, as a {@link Flow.Publisher} for reactive libraries: each
   * subscriber gets its own stream, delivered on the common fork-join pool with back-pressure (a
   * subscriber more than {@link Flow#defaultBufferSize()} changes behind slows the writer down);
   * cancelling the subscription stops observing.
   */
  public <T> Flow.Publisher<ModelChange<T>> changes(ModelType<T> type, QueryPredicate predicate) {
    checkRegistered(type);
    return subscriber -> {
      SubmissionPublisher<ModelChange<T>> publisher = new SubmissionPublisher<>();
      Subscription observing = observe(type, predicate, publisher::submit);
      publisher.subscribe(
          new Flow.Subscriber<ModelChange<T>>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
              subscriber.onSubscribe(
                  new Flow.Subscription() {
                    @Override
                    public void request(long n) {
                      subscription.request(n);
                    }

                    @Override
                    public void cancel() {
                      observing.close();
                      subscription.cancel();
                      publisher.close();
                    }
                  });
            }

            @Override
            public void onNext(ModelChange<T> item) {
              subscriber.onNext(item);
            }

            @Override
            public void onError(Throwable error) {
              subscriber.onError(error);
            }

            @Override
            public void onComplete() {
              subscriber.onComplete();
            }
          });
    };
  }

  public <T> Subscription observe(ModelType<T> type, Consumer<ModelChange<T>> listener) {
    return observe(type, QueryPredicate.all(), listener);
  }

  /**
   * Calls {@code listener} with a snapshot of the query now, again after every change to a record
   * of {@code type}, and when the model finishes syncing (then {@code isSynced} is true).
   *
   * @param sort null for unspecified order
   */
  public <T> Subscription observeQuery(
      ModelType<T> type,
      QueryPredicate predicate,
      QuerySort sort,
      Consumer<QuerySnapshot<T>> listener) {
    Runnable emit =
        () ->
            listener.accept(
                new QuerySnapshot<>(
                    query(type, predicate, sort, null), syncedModels.contains(type.name())));
    Subscription changes = observe(type, change -> emit.run());
    Subscription synced =
        events.add(
            e -> {
              if (e instanceof CairnEvent.ModelSynced s && s.model().equals(type.name())) {
                emit.run();
              }
            });
    emit.run();
    return () -> {
      changes.close();
      synced.close();
    };
  }

  /** Registers a listener for {@link CairnEvent}s. */
  public Subscription addEventListener(Consumer<CairnEvent> listener) {
    return events.add(listener);
  }

  /**
   * Stops syncing and closes the store. The client cannot be used afterwards. Idempotent: closing
   * again, or after {@link #signOut}, does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    awaitStopped();
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
      try {
        ownedExecutor.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    store.close();
  }

  private void announce(LocalWrites.Written written) {
    observers.changed(List.of(written.change()));
    if (written.outcome() != dev.cairn.client.internal.Outbox.Outcome.CANCELLED) {
      events.publish(
          new CairnEvent.OutboxMutationEnqueued(
              written.change().type().name(), written.id(), written.change().mutation()));
    }
    orchestrator.mutations().kick();
  }

  @SuppressWarnings("unchecked")
  private <T> ModelType<T> typeOf(T model) {
    Objects.requireNonNull(model, "model");
    for (ModelType<?> type : types.values()) {
      if (type.javaType() == model.getClass()) {
        return (ModelType<T>) type;
      }
    }
    throw new CairnException(
        "InvalidModel",
        model.getClass().getName()
            + " is not a registered model; add its TYPE to builder().models(...)");
  }

  private void checkRegistered(ModelType<?> type) {
    if (types.get(type.name()) != type) {
      throw new CairnException(
          "InvalidModel", "model " + type.name() + " is not registered with this client");
    }
  }

  /** Builds a {@link CairnClient}; not thread-safe. */
  public static final class Builder {
    private URI endpoint;
    private Auth auth;
    private final List<ModelType<?>> models = new ArrayList<>();
    private Path storeFile;
    private Path storeDirectory;
    private String userId;
    private String schemaHash;
    private OwnerArgument.IssuerClaims issuerClaims = OwnerArgument.IssuerClaims.DEFAULT;
    private Clock clock = Clock.systemUTC();
    private ScheduledExecutorService executor;
    private HttpClient httpClient;
    private ConflictHandler conflictHandler = ConflictHandler.retryLocal();
    private Consumer<CairnException> errorHandler = e -> {};
    private int syncPageSize = 1000;
    private int maxRecordsToSync = 10_000_000;
    private Duration fullSyncInterval = Duration.ofHours(24);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private final Map<String, QueryPredicate> syncExpressions = new LinkedHashMap<>();
    private FlagContext flagContext = FlagContext.empty();

    private Builder() {}

    /**
     * What this client tells the server for flag rules (app version, platform, locale, device id,
     * custom attributes); default none.
     */
    public Builder flagContext(FlagContext context) {
      this.flagContext = Objects.requireNonNull(context, "context");
      return this;
    }

    /** The tenant's GraphQL endpoint, e.g. {@code https://sync.example.com/t/acme/graphql}. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    public Builder auth(Auth auth) {
      this.auth = Objects.requireNonNull(auth, "auth");
      return this;
    }

    /**
     * The models to store and sync: keyed by {@code id} or by a {@code @primaryKey} with sort key
     * fields ({@link ModelType#primaryKey()}); records are identified by their whole key.
     */
    public Builder models(ModelType<?>... types) {
      models.addAll(List.of(types));
      return this;
    }

    /** The SQLite file of the offline store (created when missing). */
    public Builder storeFile(Path file) {
      this.storeFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Keeps one store per user in {@code directory} (instead of {@link #storeFile}): the user is
     * {@link #userId}, or else the {@code sub} of the token {@code build()} asks the token supplier
     * for. The previous user's records are never visible to the next one, and a token of another
     * user is never used with a store (its requests fail, the error handler hears {@code
     * IdentityMismatch}).
     */
    public Builder storeDirectory(Path directory) {
      this.storeDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * The signed-in user's id (the token's {@code sub}); lets an app open the user's store offline,
     * without asking for a token first.
     */
    public Builder userId(String userId) {
      if (userId == null || userId.isBlank()) {
        throw new IllegalArgumentException("userId is empty; pass the token's `sub`");
      }
      this.userId = userId;
      return this;
    }

    /**
     * The schema hash the app's models were generated from ({@code Models.SCHEMA_HASH}); when set,
     * each sync round compares it with the server's active schema and publishes {@link
     * CairnEvent.SchemaMismatch} when they differ.
     */
    public Builder schemaHash(String hash) {
      this.schemaHash = Objects.requireNonNull(hash, "hash");
      return this;
    }

    /**
     * The claims the tenant's trusted issuer names as owner identity and groups (the console's Auth
     * page); default {@code sub} and {@code groups}, as for the tenant's provisioned Keycloak
     * realm. They stand for Amplify's default claims ({@code cognito:username}, {@code
     * cognito:groups}) of {@code @auth} rules, as on the server, when the client decides whether
     * its subscriptions to an owner-auth model carry the {@code owner} argument and with which
     * value.
     */
    public Builder issuerClaims(String identityClaim, String groupsClaim) {
      this.issuerClaims =
          new OwnerArgument.IssuerClaims(
              Objects.requireNonNull(identityClaim, "identityClaim"),
              Objects.requireNonNull(groupsClaim, "groupsClaim"));
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The executor the sync engine runs on. It must run tasks one at a time in order (a single
     * thread); the client does not shut it down. Default: a daemon thread of its own.
     */
    public Builder executor(ScheduledExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    public Builder httpClient(HttpClient client) {
      this.httpClient = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Decides {@code ConflictUnhandled} rejections; default {@link ConflictHandler#retryLocal()}.
     */
    public Builder conflictHandler(ConflictHandler handler) {
      this.conflictHandler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Hears errors the engine cannot hand to a caller (refused mutations, refused subscriptions).
     */
    public Builder errorHandler(Consumer<CairnException> handler) {
      this.errorHandler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    public Builder syncPageSize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("syncPageSize must be >= 1, got " + size);
      }
      this.syncPageSize = size;
      return this;
    }

    public Builder maxRecordsToSync(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxRecordsToSync must be >= 1, got " + max);
      }
      this.maxRecordsToSync = max;
      return this;
    }

    public Builder fullSyncInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("fullSyncInterval must be positive, got " + interval);
      }
      this.fullSyncInterval = interval;
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Syncs only the records of {@code type} matching {@code predicate} (selective sync). */
    public Builder syncExpression(ModelType<?> type, QueryPredicate predicate) {
      syncExpressions.put(type.name(), Objects.requireNonNull(predicate, "predicate"));
      return this;
    }

    /**
     * @throws IllegalStateException naming the missing setting
     */
    public CairnClient build() {
      if (endpoint == null) {
        throw new IllegalStateException(
            "endpoint is not set; call endpoint(URI.create(\"https://host/t/<tenant>/graphql\"))");
      }
      String scheme = endpoint.getScheme();
      if (!"https".equals(scheme) && !"http".equals(scheme)) {
        throw new IllegalStateException("endpoint " + endpoint + " must be an http(s) URL");
      }
      if (auth == null) {
        throw new IllegalStateException(
            "auth is not set; call auth(Auth.apiKey(...)) or auth(Auth.token(...))");
      }
      if (models.isEmpty()) {
        throw new IllegalStateException("no models; call models(Post.TYPE, ...)");
      }
      if (storeFile == null && storeDirectory == null) {
        throw new IllegalStateException(
            "storeFile is not set; call storeFile(Path.of(\"app.db\")) or storeDirectory(...)");
      }
      if (storeFile != null && storeDirectory != null) {
        throw new IllegalStateException(
            "both storeFile and storeDirectory are set; choose one (storeDirectory: a store per"
                + " user)");
      }
      String user = userId == null && storeDirectory != null ? userFromToken() : userId;
      return new CairnClient(this, user);
    }

    private String userFromToken() {
      if (!(auth instanceof Auth.Token token)) {
        throw new IllegalStateException(
            "storeDirectory needs userId(...) with an API key; only a token names its user");
      }
      String jwt = token.accessToken().get();
      return TokenClaims.of(jwt == null ? "" : jwt)
          .subject()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "the token has no `sub` claim; pass userId(...) with storeDirectory"));
    }

    private Builder copy() {
      Builder b = new Builder();
      b.endpoint = endpoint;
      b.auth = auth;
      b.models.addAll(models);
      b.storeFile = storeFile;
      b.storeDirectory = storeDirectory;
      b.userId = userId;
      b.schemaHash = schemaHash;
      b.issuerClaims = issuerClaims;
      b.clock = clock;
      b.executor = executor;
      b.httpClient = httpClient;
      b.conflictHandler = conflictHandler;
      b.errorHandler = errorHandler;
      b.syncPageSize = syncPageSize;
      b.maxRecordsToSync = maxRecordsToSync;
      b.fullSyncInterval = fullSyncInterval;
      b.requestTimeout = requestTimeout;
      b.syncExpressions.putAll(syncExpressions);
      b.flagContext = flagContext;
      return b;
    }
  }
}
