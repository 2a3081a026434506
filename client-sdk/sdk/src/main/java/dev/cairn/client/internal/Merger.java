package dev.cairn.client.internal;

import dev.cairn.client.CairnException;
import dev.cairn.client.ModelChange;
import dev.cairn.client.ModelType;
import dev.cairn.client.MutationType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies records from the server to the local store. A record is matched by its full primary key
 * ({@link RecordKey}: the {@code id}, or every field of a {@code @primaryKey}). The merge rule: a
 * record is applied only when its {@code _version} is higher than the local one (or equal with a
 * different deleted flag), and never while the record has pending outbox entries — the app's unsent
 * change wins locally until the server has answered it. Writes made here never enter the outbox.
 * Thread-safe.
 */
public final class Merger {
  private static final System.Logger LOG = System.getLogger(Merger.class.getName());
  private final LocalStore store;

  public Merger(LocalStore store) {
    this.store = store;
  }

  /** Counts of what a merge did, and the changes to announce. */
  public record Result(int created, int updated, int deleted, List<Observers.Change> changes) {}

  /** Merges a page of server records (sync or subscription) in one transaction. */
  public Result merge(ModelType<?> type, List<Map<String, Object>> items) {
    return merge(type, items, false);
  }

  /**
   * Like {@link #merge(ModelType, List)}; with {@code refresh} a server record of the same {@code
   * _version} as the local one is applied too — for records re-read because the local copy lacks
   * fields a schema upgrade added.
   */
  public Result merge(ModelType<?> type, List<Map<String, Object>> items, boolean refresh) {
    return store.transaction(
        c -> {
          int created = 0;
          int updated = 0;
          int deleted = 0;
          List<Observers.Change> changes = new ArrayList<>();
          boolean outboxEmpty = store.outbox().isEmpty(c);
          List<StoredRecord> incoming = new ArrayList<>(items.size());
          List<RecordKey> keys = new ArrayList<>(items.size());
          for (Map<String, Object> item : items) {
            StoredRecord record = fromServer(type, item);
            try {
              keys.add(record.key(type));
              incoming.add(record);
            } catch (CairnException e) {
              LOG.log(System.Logger.Level.WARNING, "skipped a server record without its key: " + e);
            }
          }
          // One look-up for the page instead of one per record.
          Map<String, LocalStore.Metadata> stored = store.metadata(c, type, keys);
          for (int i = 0; i < incoming.size(); i++) {
            Optional<Observers.Change> change =
                mergeOne(c, type, incoming.get(i), keys.get(i), stored, outboxEmpty, refresh);
            if (change.isPresent()) {
              switch (change.get().mutation()) {
                case CREATE -> created++;
                case UPDATE -> updated++;
                case DELETE -> deleted++;
              }
              changes.add(change.get());
            }
          }
          return new Result(created, updated, deleted, changes);
        });
  }

  /**
   * Applies {@code incoming} unless the local record is as new or has pending outbox entries;
   * {@code stored} holds the metadata of the page's records and follows the writes made here.
   */
  private Optional<Observers.Change> mergeOne(
      Connection c,
      ModelType<?> type,
      StoredRecord incoming,
      RecordKey key,
      Map<String, LocalStore.Metadata> stored,
      boolean outboxEmpty,
      boolean refresh)
      throws SQLException {
    if (!outboxEmpty && store.outbox().hasPending(c, type.name(), key.text())) {
      return Optional.empty();
    }
    LocalStore.Metadata old = stored.get(key.text());
    if (old != null
        && (old.version() > incoming.version()
            || (!refresh
                && old.version() == incoming.version()
                && old.deleted() == incoming.deleted()))) {
      return Optional.empty();
    }
    boolean wasLive = old != null && !old.deleted();
    // The values a delete announces are the local ones: read only then.
    Optional<StoredRecord> removed =
        incoming.deleted() && wasLive ? store.get(c, type, key) : Optional.empty();
    store.put(c, type, incoming);
    stored.put(key.text(), new LocalStore.Metadata(incoming.version(), incoming.deleted()));
    if (incoming.deleted()) {
      return removed.map(r -> change(type, r.values(), MutationType.DELETE));
    }
    return Optional.of(
        change(type, incoming.values(), wasLive ? MutationType.UPDATE : MutationType.CREATE));
  }

  /**
   * The server accepted {@code entry}: removes it and stores the server's record — only its
   * metadata when later entries for the record are still pending (their changes stay on top).
   */
  public List<Observers.Change> acknowledge(
      ModelType<?> type, PendingMutation entry, Map<String, Object> serverRecord) {
    return store.transaction(
        c -> {
          store.outbox().remove(c, entry.seq());
          return adopt(c, type, entry.key(type), serverRecord);
        });
  }

  /**
   * Gives up {@code entry} and takes the server's record (null when the server has none: the local
   * record is then removed).
   */
  public List<Observers.Change> abandon(
      ModelType<?> type, PendingMutation entry, Map<String, Object> serverRecord) {
    return store.transaction(
        c -> {
          store.outbox().remove(c, entry.seq());
          if (serverRecord == null) {
            if (store.outbox().hasPending(c, type.name(), entry.recordId())) {
              return List.<Observers.Change>of();
            }
            Optional<StoredRecord> old = store.get(c, type, entry.key(type));
            if (old.isPresent() && !old.get().deleted()) {
              StoredRecord o = old.get();
              store.put(
                  c, type, new StoredRecord(o.values(), o.version(), o.lastChangedAt(), true));
              return List.of(change(type, o.values(), MutationType.DELETE));
            }
            return List.<Observers.Change>of();
          }
          return adopt(c, type, entry.key(type), serverRecord);
        });
  }

  private List<Observers.Change> adopt(
      Connection c, ModelType<?> type, RecordKey key, Map<String, Object> serverRecord)
      throws SQLException {
    StoredRecord incoming = fromServer(type, serverRecord);
    if (store.outbox().hasPending(c, type.name(), key.text())) {
      store.putMetadata(c, type, key, incoming.version(), incoming.lastChangedAt());
      return List.of();
    }
    Optional<StoredRecord> old = store.get(c, type, key);
    store.put(c, type, incoming);
    boolean wasLive = old.isPresent() && !old.get().deleted();
    if (incoming.deleted()) {
      return wasLive ? List.of(change(type, old.get().values(), MutationType.DELETE)) : List.of();
    }
    boolean sameValues = wasLive && sameFields(type, old.get().values(), incoming.values());
    return sameValues
        ? List.of()
        : List.of(
            change(type, incoming.values(), wasLive ? MutationType.UPDATE : MutationType.CREATE));
  }

  private static boolean sameFields(
      ModelType<?> type, Map<String, Object> a, Map<String, Object> b) {
    return type.fields().stream().allMatch(f -> Values.same(a.get(f.name()), b.get(f.name())));
  }

  static StoredRecord fromServer(ModelType<?> type, Map<String, Object> item) {
    return new StoredRecord(
        Values.normalize(type, item),
        Values.intOf(item.get(Values.VERSION), 0),
        Values.longOf(item.get(Values.LAST_CHANGED_AT), 0),
        Boolean.TRUE.equals(item.get(Values.DELETED)));
  }

  private static Observers.Change change(
      ModelType<?> type, Map<String, Object> values, MutationType mutation) {
    return new Observers.Change(type, values, mutation, ModelChange.Origin.REMOTE);
  }
}
