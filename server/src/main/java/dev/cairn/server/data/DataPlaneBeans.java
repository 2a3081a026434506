package dev.cairn.server.data;

import com.mongodb.client.MongoClient;
import dev.cairn.server.changes.ChangeJournal;
import dev.cairn.server.changes.MongoChangeJournal;
import dev.cairn.server.data.conflict.AutoMerge;
import dev.cairn.server.data.conflict.ConflictLog;
import dev.cairn.server.data.conflict.ConflictStrategy;
import dev.cairn.server.data.conflict.ConflictWebhooks;
import dev.cairn.server.data.conflict.CustomWebhook;
import dev.cairn.server.data.conflict.OptimisticConcurrency;
import dev.cairn.server.data.sync.PageTokens;
import dev.cairn.server.data.sync.SyncCursors;
import dev.cairn.server.data.sync.SyncQueries;
import dev.cairn.server.data.sync.SyncSettings;
import dev.cairn.server.outbound.OutboundHttp;
import dev.cairn.server.outbound.OutboundPolicy;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The data plane's beans for this node, from configuration: {@code cairn.sync.token-secret} ({@code
 * CAIRN_SYNC_TOKEN_SECRET}, at least 32 characters, the same on every node; the launcher makes one
 * in embedded mode), {@code cairn.sync.tombstone-retention-days} (30) and {@code
 * cairn.conflict.webhook-timeout-ms} (5000; also the most time one write spends resolving its
 * conflicts, retries included). Produced as singletons: the data-plane classes are final and need
 * no proxies. When the application stops, the database cursors parked between sync pages are
 * closed.
 */
@ApplicationScoped
public class DataPlaneBeans {
  @Inject MongoClient mongo;
  @Inject ConflictWebhooks webhooks;
  @Inject OutboundPolicy outbound;

  /** A webhook's answer is one record; 1 MiB is far above any. */
  private static final int WEBHOOK_ANSWER_LIMIT_BYTES = 1024 * 1024;

  @Inject
  @ConfigProperty(name = "cairn.sync.token-secret")
  Optional<String> tokenSecret;

  @Inject
  @ConfigProperty(name = "cairn.sync.tombstone-retention-days", defaultValue = "30")
  int retentionDays;

  @Inject
  @ConfigProperty(name = "cairn.sync.safety-margin-ms", defaultValue = "5000")
  long safetyMarginMs;

  @Inject
  @ConfigProperty(name = "cairn.conflict.webhook-timeout-ms", defaultValue = "5000")
  long webhookTimeoutMs;

  private volatile SyncCursors cursors;

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Produces
  @Singleton
  ChangeJournal journal() {
    return new MongoChangeJournal(mongo);
  }

  @Produces
  @Singleton
  RecordStore recordStore(ChangeJournal journal, Clock clock) {
    CustomWebhook webhook =
        new CustomWebhook(
            new OutboundHttp(
                outbound,
                Duration.ofMillis(webhookTimeoutMs),
                Duration.ofMillis(webhookTimeoutMs),
                WEBHOOK_ANSWER_LIMIT_BYTES),
            webhooks::webhook,
            Duration.ofMillis(webhookTimeoutMs),
            clock);
    VersionedWrite writes =
        new VersionedWrite(
            Map.of(
                ConflictStrategy.AUTOMERGE, new AutoMerge(),
                ConflictStrategy.OPTIMISTIC_CONCURRENCY, new OptimisticConcurrency(),
                ConflictStrategy.CUSTOM, webhook),
            new ConflictLog(mongo),
            journal,
            Duration.ofMillis(webhookTimeoutMs));
    return new MongoRecordStore(mongo, journal, Transactions.detect(mongo), writes, clock);
  }

  @Produces
  @Singleton
  SyncQueries syncQueries(RecordStore store, Clock clock) {
    cursors = SyncCursors.defaults(clock);
    return new SyncQueries(
        store,
        new PageTokens(
            tokenSecret
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "cairn.sync.token-secret is not set: set CAIRN_SYNC_TOKEN_SECRET to at"
                                + " least 32 random characters, the same on every node"))
                .getBytes(StandardCharsets.UTF_8)),
        clock,
        new SyncSettings(
            Duration.ofDays(retentionDays),
            Duration.ofMillis(safetyMarginMs),
            SyncSettings.defaults().defaultLimit(),
            SyncSettings.defaults().maxLimit()),
        cursors);
  }

  /** Closes the parked sync cursors, so none outlives an undeploy. */
  @PreDestroy
  void closeParkedCursors() {
    SyncCursors open = cursors;
    if (open != null) {
      open.closeAll();
    }
  }
}
