package dev.cairn.server.data.sync;

import dev.cairn.server.TenantId;
import dev.cairn.server.data.DataException;
import dev.cairn.server.data.Page;
import dev.cairn.server.data.RecordCursor;
import dev.cairn.server.data.RecordKey;
import dev.cairn.server.data.RecordStore;
import dev.cairn.server.data.filter.FilterTranslator;
import dev.cairn.spec.Model;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
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
  private static final Logger LOG = Logger.getLogger(SyncQueries.class.getName());

  private final RecordStore store;
  private final PageTokens tokens;
  private final Clock clock;
  private final SyncSettings settings;
  private final SyncCursors cursors;

  public SyncQueries(RecordStore store, PageTokens tokens, Clock clock, SyncSettings settings) {
    this(store, tokens, clock, settings, SyncCursors.defaults(clock));
  }

  /**
   * @param cursors where this node keeps the database cursors of queries between pages
   */
  public SyncQueries(
      RecordStore store,
      PageTokens tokens,
      Clock clock,
      SyncSettings settings,
      SyncCursors cursors) {
    this.store = store;
    this.tokens = tokens;
    this.clock = clock;
    this.settings = settings;
    this.cursors = cursors;
  }

  public SyncPage list(
      TenantId tenant, Model model, Map<String, ?> filter, Integer limit, String nextToken) {
    Document query = FilterTranslator.translate(model, FilterTranslator.Kind.FILTER, filter);
    Document binding = binding("list", tenant, model, filter, null);
    Document token = nextToken == null ? new Document() : checked(nextToken, binding);
    Read read = read(tenant, model, query, pageSize(limit), binding, token);
    return new SyncPage(
        read.page().items(), nextToken(read, new Document(binding)), Optional.empty());
  }

  /**
   * One of several list queries that differ only in the values of the same equality fields, as the
   * {@code @hasMany} lists of many parents do.
   *
   * @param key the equality fields and this query's values, e.g. {@code {postCommentsId: "p1"}}
   * @param filter the whole filter of this query on its own, as {@link #list} would get it (the key
   *     equalities and {@code common} included); its {@code nextToken} is bound to it
   */
  public record ListGroup(Map<String, Object> key, Map<String, ?> filter) {}

  /**
   * The first page of each group's list, as {@link #list}{@code (tenant, model, group.filter(),
   * limit, null)} answers it, read with one database query for all groups: {@code common} and the
   * groups' key values ({@code $in}), in {@code _id} order, each record going to the group its key
   * values name. The scan stops when every group has a full page and knows whether more follow, or
   * after {@value #GROUP_READ_FACTOR} × groups × (page size + 1) records; a group still short of a
   * full page then runs its own query, so no group reads more than a page more than on its own.
   * Each page's {@code nextToken} continues that group's own {@link #list}.
   *
   * @param common the filter every group shares (read scope, the caller's filter), without keys
   * @return one page per group, in the order of {@code groups}
   */
  public List<SyncPage> listEach(
      TenantId tenant, Model model, Map<String, ?> common, List<ListGroup> groups, Integer limit) {
    int size = pageSize(limit);
    if (groups.size() == 1) {
      return List.of(list(tenant, model, groups.get(0).filter(), limit, null));
    }
    Map<List<Object>, Integer> byKey = new HashMap<>();
    List<String> keyFields = List.copyOf(groups.get(0).key().keySet());
    List<Document> alternatives = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      Map<String, Object> key = groups.get(i).key();
      if (!key.keySet().equals(Set.copyOf(keyFields))) {
        throw new IllegalArgumentException("every group must use the key fields " + keyFields);
      }
      if (byKey.putIfAbsent(keyValues(keyFields, key), i) == null) {
        alternatives.add(new Document(key));
      }
    }
    Document keys =
        keyFields.size() == 1
            ? new Document(
                keyFields.get(0),
                new Document(
                    "$in", alternatives.stream().map(a -> a.get(keyFields.get(0))).toList()))
            : new Document("$or", alternatives);
    Document shared = FilterTranslator.translate(model, FilterTranslator.Kind.FILTER, common);
    Document query = shared.isEmpty() ? keys : new Document("$and", List.of(shared, keys));
    List<List<Document>> found = new ArrayList<>();
    groups.forEach(g -> found.add(new ArrayList<>()));
    long readCap = (long) GROUP_READ_FACTOR * groups.size() * (size + 1);
    long read = 0;
    int full = 0;
    boolean exhausted = false;
    try (RecordCursor cursor = store.scan(tenant, model, query, Optional.empty(), 1000)) {
      while (full < byKey.size() && read < readCap) {
        Page page = cursor.next((int) Math.min(1000, readCap - read));
        for (Document record : page.items()) {
          read++;
          Integer group = byKey.get(keyValues(keyFields, record));
          if (group == null || found.get(group).size() > size) {
            continue;
          }
          found.get(group).add(record);
          if (found.get(group).size() == size + 1) {
            full++;
          }
        }
        if (page.lastId().isEmpty()) {
          exhausted = true;
          break;
        }
      }
    }
    List<SyncPage> pages = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      ListGroup group = groups.get(i);
      List<Document> items = found.get(byKey.get(keyValues(keyFields, group.key())));
      if (items.size() > size) {
        List<Document> page = items.subList(0, size);
        Object lastId = RecordKey.of(model, page.get(size - 1)).documentId();
        Document token =
            binding("list", tenant, model, group.filter(), null).append("after", lastId);
        pages.add(new SyncPage(page, Optional.of(tokens.seal(token)), Optional.empty()));
      } else if (exhausted) {
        pages.add(new SyncPage(items, Optional.empty(), Optional.empty()));
      } else {
        pages.add(list(tenant, model, group.filter(), limit, null));
      }
    }
    return pages;
  }

  /**
   * How many records per group (page size + 1) a batched list reads at most before falling back.
   */
  static final int GROUP_READ_FACTOR = 2;

  private static List<Object> keyValues(List<String> fields, Map<String, ?> record) {
    List<Object> values = new ArrayList<>(fields.size());
    for (String field : fields) {
      Object value = record.get(field);
      values.add(
          value instanceof Number n ? new BigDecimal(n.toString()).stripTrailingZeros() : value);
    }
    return values;
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
    Document token;
    if (nextToken == null) {
      startedAt = clock.millis() - settings.safetyMargin().toMillis();
      token = new Document();
    } else {
      token = checked(nextToken, binding);
      startedAt = token.getLong("startedAt");
    }
    Read read = read(tenant, model, since(query, lastSync, startedAt), size, binding, token);
    return new SyncPage(
        read.page().items(),
        nextToken(read, new Document(binding).append("startedAt", startedAt)),
        Optional.of(startedAt));
  }

  /** How long {@link #estimate} lets the database count before giving up. */
  static final Duration ESTIMATE_BUDGET = Duration.ofMillis(250);

  /**
   * How many records the sync {@link #sync}{@code (tenant, model, filter, lastSync, ...)} started
   * now would return over all its pages, for progress: the same query (filter, which carries the
   * caller's read scope, and the delta condition) counted by {@link RecordStore#count} — an index
   * seek for a delta sync or a scoped one, collection metadata for an unscoped base sync. Records
   * written while the sync pages run are not in it, so it is an estimate. Empty when the database
   * cannot count within {@link #ESTIMATE_BUDGET}.
   */
  public OptionalLong estimate(TenantId tenant, Model model, Map<String, ?> filter, Long lastSync) {
    Document query = FilterTranslator.translate(model, FilterTranslator.Kind.FILTER, filter);
    long startedAt = clock.millis() - settings.safetyMargin().toMillis();
    return store.count(tenant, model, since(query, lastSync, startedAt), ESTIMATE_BUDGET);
  }

  /** {@code query}, and for a delta sync the condition {@code _lastChangedAt >= lastSync}. */
  private Document since(Document query, Long lastSync, long startedAt) {
    boolean base =
        lastSync == null
            || lastSync <= 0
            || lastSync < startedAt - settings.tombstoneRetention().toMillis();
    if (base) {
      return query;
    }
    Document since = new Document("_lastChangedAt", new Document("$gte", lastSync));
    return query.isEmpty() ? since : new Document("$and", List.of(query, since));
  }

  /** A page and, when more follow, where this node parked the cursor that continues it. */
  private record Read(Page page, Optional<String> cursor) {}

  /**
   * Reads one page: from this node's parked cursor when the token names one that stands right after
   * the token's last {@code _id}, otherwise from a fresh query after that {@code _id}. Both give
   * the same records in the same order; the cursor only saves the database a query.
   */
  private Read read(
      TenantId tenant, Model model, Document query, int size, Document binding, Document token) {
    Optional<Object> after = Optional.ofNullable(token.get("after"));
    RecordCursor cursor = null;
    Page page = null;
    String parked = token.get("cursor") instanceof String id ? id : null;
    if (parked != null && after.isPresent()) {
      cursor = cursors.take(parked, binding, after.get()).orElse(null);
    }
    if (cursor != null) {
      try {
        page = cursor.next(size);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "a parked cursor failed; querying afresh", e);
        cursor.close();
        cursor = null;
      }
    }
    if (cursor == null) {
      cursor = store.scan(tenant, model, query, after, size);
      try {
        page = cursor.next(size);
      } catch (RuntimeException e) {
        cursor.close();
        throw e;
      }
    }
    if (page.lastId().isEmpty()) {
      cursor.close();
      return new Read(page, Optional.empty());
    }
    return new Read(page, cursors.park(cursor, binding, page.lastId().get()));
  }

  /** The sealed token of the page after {@code read}: the query, its last id and the cursor. */
  private Optional<String> nextToken(Read read, Document token) {
    return read.page()
        .lastId()
        .map(
            id -> {
              token.append("after", id);
              read.cursor().ifPresent(c -> token.append("cursor", c));
              return tokens.seal(token);
            });
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
      if (!Objects.equals(normalize(value), normalize(bound.getValue()))) {
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
