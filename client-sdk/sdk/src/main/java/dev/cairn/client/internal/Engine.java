package dev.cairn.client.internal;

import dev.cairn.client.CairnException;
import dev.cairn.client.ConflictHandler;
import dev.cairn.client.ModelType;
import dev.cairn.client.QueryPredicate;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The parts of one client that the sync components share: store, merger, observers, events, the
 * HTTP transport, the scheduler and clock, and the settings. Immutable.
 */
public record Engine(
    Map<String, ModelType<?>> types,
    LocalStore store,
    Merger merger,
    Observers observers,
    Events events,
    GraphQLHttp http,
    HttpClient httpClient,
    Scheduler scheduler,
    Clock clock,
    RetryPolicy retryPolicy,
    ConflictHandler conflictHandler,
    Consumer<CairnException> errorHandler,
    Settings settings,
    Identity identity) {

  /** An engine whose store is bound to no user. */
  public Engine(
      Map<String, ModelType<?>> types,
      LocalStore store,
      Merger merger,
      Observers observers,
      Events events,
      GraphQLHttp http,
      HttpClient httpClient,
      Scheduler scheduler,
      Clock clock,
      RetryPolicy retryPolicy,
      ConflictHandler conflictHandler,
      Consumer<CairnException> errorHandler,
      Settings settings) {
    this(
        types,
        store,
        merger,
        observers,
        events,
        http,
        httpClient,
        scheduler,
        clock,
        retryPolicy,
        conflictHandler,
        errorHandler,
        settings,
        new Identity(null, errorHandler));
  }

  /**
   * Sync settings: page size, record cap, full-sync interval, selective-sync expressions (a map the
   * client may change at run time: a changed expression re-scopes the model), the schema hash the
   * app's models were generated from (null: not checked against the server's), and the claims the
   * tenant's issuer names for owner identity and groups (for subscription owner arguments).
   */
  public record Settings(
      int syncPageSize,
      int maxRecordsToSync,
      Duration fullSyncInterval,
      Map<String, QueryPredicate> syncExpressions,
      String appSchemaHash,
      OwnerArgument.IssuerClaims issuerClaims) {

    public Settings(
        int syncPageSize,
        int maxRecordsToSync,
        Duration fullSyncInterval,
        Map<String, QueryPredicate> syncExpressions,
        String appSchemaHash) {
      this(
          syncPageSize,
          maxRecordsToSync,
          fullSyncInterval,
          syncExpressions,
          appSchemaHash,
          OwnerArgument.IssuerClaims.DEFAULT);
    }

    public Settings(
        int syncPageSize,
        int maxRecordsToSync,
        Duration fullSyncInterval,
        Map<String, QueryPredicate> syncExpressions) {
      this(syncPageSize, maxRecordsToSync, fullSyncInterval, syncExpressions, null);
    }
  }
}
