package dev.cairn.server.flags;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.cairn.server.TenantId;
import dev.cairn.server.changes.MongoChangeJournal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@link FlagUsage} in the collection {@code flag_usage} of Cairn's own database: one document per
 * tenant and flag holding the last evaluation time, raised with {@code $max} (an atomic upsert, so
 * nodes recording at once never move it back and need no lock on the flag set). Kept in MongoDB
 * beside the change journal rather than in the control-plane database because it is written from
 * the request path of every node, not configuration. Each node writes a flag at most once per
 * {@link #recordEvery} (a tenth of the stale period, at most an hour), so a busy tenant costs one
 * write per flag per hour per node. The stale period is {@code cairn.flags.stale-after} ({@code
 * CAIRN_FLAGS_STALE_AFTER}, an ISO-8601 duration, {@code P30D}). Thread-safe.
 */
@ApplicationScoped
public class MongoFlagUsage implements FlagUsage {
  static final String COLLECTION = "flag_usage";
  private static final Logger LOG = Logger.getLogger(MongoFlagUsage.class.getName());

  private MongoCollection<Document> usage;
  private Clock clock;
  private Duration staleAfter;
  private Cache<String, Boolean> recent;

  protected MongoFlagUsage() {}

  @Inject
  public MongoFlagUsage(
      MongoClient mongo,
      Clock clock,
      @ConfigProperty(name = "cairn.flags.stale-after", defaultValue = "P30D") String staleAfter) {
    this(mongo, clock, period(staleAfter));
  }

  MongoFlagUsage(MongoClient mongo, Clock clock, Duration staleAfter) {
    if (staleAfter.isNegative() || staleAfter.isZero()) {
      throw new IllegalArgumentException(
          "cairn.flags.stale-after is "
              + staleAfter
              + "; give a positive ISO-8601 duration such as P30D");
    }
    this.usage = mongo.getDatabase(MongoChangeJournal.DATABASE).getCollection(COLLECTION);
    this.clock = clock;
    this.staleAfter = staleAfter;
    // the clock's time, so that the interval follows an injected clock
    this.recent =
        Caffeine.newBuilder()
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .expireAfterWrite(recordEvery(staleAfter))
            .build();
    usage.createIndex(Indexes.ascending("tenant"), new IndexOptions().name("tenant"));
  }

  private static Duration period(String setting) {
    try {
      return Duration.parse(setting.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "cairn.flags.stale-after is `"
              + setting
              + "`; give an ISO-8601 duration such as P30D (30 days) or PT1H",
          e);
    }
  }

  /** How often one node writes one flag's time: a tenth of the stale period, at most an hour. */
  static Duration recordEvery(Duration staleAfter) {
    Duration tenth = staleAfter.dividedBy(10);
    return tenth.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : tenth;
  }

  @Override
  public void evaluated(TenantId tenant, Collection<String> keys) {
    List<String> due = new ArrayList<>();
    for (String key : keys) {
      String id = tenant.slug() + "/" + key;
      if (recent.asMap().putIfAbsent(id, Boolean.TRUE) == null) {
        due.add(id);
      }
    }
    if (due.isEmpty()) {
      return;
    }
    long now = clock.millis();
    try {
      for (String id : due) {
        usage.updateOne(
            Filters.eq("_id", id),
            Updates.combine(
                Updates.setOnInsert("tenant", tenant.slug()),
                Updates.setOnInsert("key", id.substring(tenant.slug().length() + 1)),
                Updates.max("at", now)),
            new UpdateOptions().upsert(true));
      }
    } catch (MongoException e) {
      due.forEach(recent::invalidate);
      LOG.log(Level.WARNING, "could not record flag evaluations of tenant " + tenant, e);
    }
  }

  @Override
  public Map<String, Instant> lastEvaluated(TenantId tenant) {
    Map<String, Instant> out = new LinkedHashMap<>();
    for (Document d : usage.find(Filters.eq("tenant", tenant.slug()))) {
      out.put(d.getString("key"), Instant.ofEpochMilli(d.getLong("at")));
    }
    return out;
  }

  @Override
  public Duration staleAfter() {
    return staleAfter;
  }
}
