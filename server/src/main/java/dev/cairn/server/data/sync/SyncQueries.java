package dev.cairn.server.data.sync;

import dev.cairn.server.TenantId;
import dev.cairn.server.data.DataException;
import dev.cairn.server.data.Page;
import dev.cairn.server.data.RecordStore;
import dev.cairn.server.data.filter.FilterTranslator;
import dev.cairn.spec.Model;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;

/**
 * {@code list<Plural>} and {@code sync<Plural>} (APPSYNC.md §4.1, DESIGN.md "Sync").
 *
 * <p>Sync: {@code lastSync} null or 0 is a base sync (every record, tombstones included); a {@code
 * lastSync} older than the tombstone retention also answers as a base sync, since the tombstones a
 * delta would need may be purged; otherwise a delta: every record whose {@code _lastChangedAt} is
 * at or after {@code lastSync}, tombstones included. {@code startedAt} is read from the clock when
 * the first page is read, minus the safety margin, and carried in the {@code nextToken} so every
 * page answers the same value. Pages run in {@code _id} order; a record changed during a paginated
 * sync may be missed by that sync but has {@code _lastChangedAt >= startedAt}, so the next delta
 * sync returns it.
 *
 * <p>{@code nextToken}s are bound to tenant, model, kind, filter and {@code lastSync}: a token used
 * with any other query, forged or altered, is refused with {@link DataException.InvalidInput}.
 * Thread-safe.
 */
public final class SyncQueries {
  private final RecordStore store;
  private final PageTokens tokens;
  private final Clock clock;
  private final SyncSettings settings;

  public SyncQueries(RecordStore store, PageTokens tokens, Clock clock, SyncSettings settings) {
    this.store = store;
    this.tokens = tokens;
    this.clock = clock;
    this.settings = settings;
  }

  public SyncPage list(
      TenantId tenant, Model model, Map<String, ?> filter, Integer limit, String nextToken) {
    Document query = FilterTranslator.translate(model, FilterTranslator.Kind.FILTER, filter);
    Document binding = binding("list", tenant, model, filter, null);
    Optional<Object> after = Optional.empty();
    if (nextToken != null) {
      after = Optional.ofNullable(checked(nextToken, binding).get("after"));
    }
    Page page = store.page(tenant, model, query, pageSize(limit), after);
    return new SyncPage(
        page.items(),
        page.lastId().map(id -> tokens.seal(new Document(binding).append("after", id))),
        Optional.empty());
  }

  public SyncPage sync(
      TenantId tenant,
      Model model,
      Map<String, ?> filter,
      Long lastSync,
      Integer limit,
      String nextToken) {
    Document query = FilterTranslator.translate(model, FilterTranslator.Kind.FILTER, filter);
    int size = pageSize(limit);
    Document binding = binding("sync", tenant, model, filter, lastSync);
    long startedAt;
    Optional<Object> after = Optional.empty();
    if (nextToken == null) {
      startedAt = clock.millis() - settings.safetyMargin().toMillis();
    } else {
      Document token = checked(nextToken, binding);
      startedAt = token.getLong("startedAt");
      after = Optional.ofNullable(token.get("after"));
    }
    boolean base =
        lastSync == null
            || lastSync <= 0
            || lastSync < startedAt - settings.tombstoneRetention().toMillis();
    if (!base) {
      Document since = new Document("_lastChangedAt", new Document("$gte", lastSync));
      query = query.isEmpty() ? since : new Document("$and", List.of(query, since));
    }
    Page page = store.page(tenant, model, query, size, after);
    Optional<String> next =
        page.lastId()
            .map(
                id ->
                    tokens.seal(
                        new Document(binding).append("startedAt", startedAt).append("after", id)));
    return new SyncPage(page.items(), next, Optional.of(startedAt));
  }

  private int pageSize(Integer limit) {
    if (limit == null) {
      return settings.defaultLimit();
    }
    if (limit < 1 || limit > settings.maxLimit()) {
      throw new DataException.InvalidInput(
          "limit " + limit + " is out of range; use 1 to " + settings.maxLimit());
    }
    return limit;
  }

  private static Document binding(
      String kind, TenantId tenant, Model model, Map<String, ?> filter, Long lastSync) {
    return new Document("k", kind)
        .append("t", tenant.slug())
        .append("m", model.name())
        .append("f", PageTokens.filterHash(filter))
        .append("ls", lastSync);
  }

  private Document checked(String nextToken, Document binding) {
    Document token = tokens.open(nextToken);
    for (Map.Entry<String, Object> bound : binding.entrySet()) {
      Object value = token.get(bound.getKey());
      if (!java.util.Objects.equals(normalize(value), normalize(bound.getValue()))) {
        throw new DataException.InvalidInput(
            "nextToken belongs to a different query (tenant, model, filter or lastSync changed);"
                + " start again without a nextToken");
      }
    }
    return token;
  }

  private static Object normalize(Object value) {
    return value instanceof Number n ? (Object) n.longValue() : value;
  }
}
