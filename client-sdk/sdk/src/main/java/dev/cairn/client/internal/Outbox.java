package dev.cairn.client.internal;

import dev.cairn.client.MutationType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The durable queue of local changes, a table in the same SQLite file as the records, written in
 * the same transaction as the record it belongs to.
 *
 * <p>Semantics: entries leave in {@code seq} order, one at a time; the head is "in flight" while
 * the mutation processor sends it, and an in-flight entry is never changed. A record is identified
 * by its model and its full primary key ({@link RecordKey#text()}: the {@code id}, or every key
 * field of a {@code @primaryKey}), so records that share a partition key but differ in a sort key
 * never coalesce. A new change to a record whose latest entry is not in flight is coalesced as
 * DataStore does: create + update = one create with the merged fields; update + update (no
 * conditions) = one update; create + delete = nothing to send; and, beyond DataStore, unconditional
 * update + delete = the delete alone. Entries are never dropped for being old or retried often.
 *
 * <p>Every method takes the connection of a transaction the caller holds (see {@link
 * LocalStore#transaction}); the in-flight marker is guarded by that same store lock.
 */
public final class Outbox {
  /** What {@link #enqueue} did. */
  public enum Outcome {
    QUEUED,
    MERGED,
    CANCELLED
  }

  private final Statements statements;
  private volatile long inFlight = -1;

  Outbox(Statements statements) {
    this.statements = statements;
  }

  Outcome enqueue(
      Connection c,
      String model,
      String id,
      MutationType mutation,
      Map<String, Object> data,
      Map<String, Object> condition)
      throws SQLException {
    Optional<PendingMutation> last = latestFor(c, model, id);
    if (last.isPresent() && last.get().seq() != inFlight) {
      PendingMutation prior = last.get();
      boolean unconditional = prior.condition() == null && condition == null;
      if (mutation == MutationType.UPDATE
          && (prior.mutation() == MutationType.CREATE
              || (prior.mutation() == MutationType.UPDATE && unconditional))) {
        Map<String, Object> merged = new LinkedHashMap<>(prior.data());
        merged.putAll(data);
        update(c, prior.seq(), prior.mutation(), merged, prior.condition());
        return Outcome.MERGED;
      }
      if (mutation == MutationType.DELETE && prior.mutation() == MutationType.CREATE) {
        remove(c, prior.seq());
        return Outcome.CANCELLED;
      }
      if (mutation == MutationType.DELETE
          && prior.mutation() == MutationType.UPDATE
          && unconditional) {
        update(c, prior.seq(), MutationType.DELETE, data, null);
        return Outcome.MERGED;
      }
    }
    append(c, model, id, mutation, data, condition);
    return Outcome.QUEUED;
  }

  /**
   * Queues a mutation of a record without looking for entries to coalesce with: for a record the
   * store has never held, which therefore has none (an entry is only ever queued in the transaction
   * that writes its record, and a record with entries is never removed).
   */
  Outcome enqueueFirst(
      Connection c,
      String model,
      String id,
      MutationType mutation,
      Map<String, Object> data,
      Map<String, Object> condition)
      throws SQLException {
    append(c, model, id, mutation, data, condition);
    return Outcome.QUEUED;
  }

  private void append(
      Connection c,
      String model,
      String id,
      MutationType mutation,
      Map<String, Object> data,
      Map<String, Object> condition)
      throws SQLException {
    PreparedStatement s =
        statements.get(
            c,
            "INSERT INTO "
                + SqlTables.OUTBOX
                + " (model, record_id, mutation, data, condition) VALUES (?, ?, ?, ?, ?)");
    s.setString(1, model);
    s.setString(2, id);
    s.setString(3, mutation.name());
    s.setString(4, Json.write(data));
    s.setString(5, condition == null ? null : Json.write(condition));
    s.executeUpdate();
  }

  /** The oldest entry, now marked in flight; empty when the outbox is empty. */
  Optional<PendingMutation> takeHead(Connection c) throws SQLException {
    Optional<PendingMutation> head =
        first(c, "SELECT * FROM " + SqlTables.OUTBOX + " ORDER BY seq LIMIT 1");
    inFlight = head.map(PendingMutation::seq).orElse(-1L);
    return head;
  }

  /** Clears the in-flight marker (the entry stays queued). */
  void release() {
    inFlight = -1;
  }

  void remove(Connection c, long seq) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM " + SqlTables.OUTBOX + " WHERE seq = ?")) {
      s.setLong(1, seq);
      s.executeUpdate();
    }
    if (seq == inFlight) {
      inFlight = -1;
    }
  }

  void update(
      Connection c,
      long seq,
      MutationType mutation,
      Map<String, Object> data,
      Map<String, Object> condition)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE "
                + SqlTables.OUTBOX
                + " SET mutation = ?, data = ?, condition = ? WHERE seq = ?")) {
      s.setString(1, mutation.name());
      s.setString(2, Json.write(data));
      s.setString(3, condition == null ? null : Json.write(condition));
      s.setLong(4, seq);
      s.executeUpdate();
    }
  }

  boolean hasPending(Connection c, String model, String id) throws SQLException {
    return latestFor(c, model, id).isPresent();
  }

  long size(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SqlTables.OUTBOX)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private Optional<PendingMutation> latestFor(Connection c, String model, String id)
      throws SQLException {
    PreparedStatement s =
        statements.get(
            c,
            "SELECT * FROM "
                + SqlTables.OUTBOX
                + " WHERE model = ? AND record_id = ? ORDER BY seq DESC LIMIT 1");
    s.setString(1, model);
    s.setString(2, id);
    try (ResultSet rs = s.executeQuery()) {
      return rs.next() ? Optional.of(read(rs)) : Optional.empty();
    }
  }

  /** Whether the outbox is empty (cheap; checked before every merge). */
  boolean isEmpty(Connection c) throws SQLException {
    PreparedStatement s = statements.get(c, "SELECT 1 FROM " + SqlTables.OUTBOX + " LIMIT 1");
    try (ResultSet rs = s.executeQuery()) {
      return !rs.next();
    }
  }

  private static Optional<PendingMutation> first(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? Optional.of(read(rs)) : Optional.empty();
    }
  }

  private static PendingMutation read(ResultSet rs) throws SQLException {
    String condition = rs.getString("condition");
    return new PendingMutation(
        rs.getLong("seq"),
        rs.getString("model"),
        rs.getString("record_id"),
        MutationType.valueOf(rs.getString("mutation")),
        Json.parseObject(rs.getString("data")),
        condition == null ? null : Json.parseObject(condition));
  }
}
