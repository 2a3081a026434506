package dev.cairn.client.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last flag values served to each user, in their own table of the offline store ({@value
 * #TABLE}: one row per user id, the flags as the {@code CairnFlag} JSON the server sent), so that
 * an app started offline reads what its user was last served. Kept apart from the model tables: the
 * models' migrations never touch it. An unreadable row reads as nothing stored. Thread-safe (every
 * access is a {@link LocalStore#transaction}).
 */
public final class FlagCache {
  static final String TABLE = "cairn_flag_values";

  private final LocalStore store;

  /** Values stored for {@code user}: their version and flags. */
  record Stored(String user, String version, List<ServedFlag> flags) {}

  /** Opens the cache in {@code store}, creating its table when missing. */
  public FlagCache(LocalStore store) {
    this.store = store;
    store.transaction(
        c -> {
          try (Statement s = c.createStatement()) {
            s.execute(
                "CREATE TABLE IF NOT EXISTS "
                    + TABLE
                    + " (user_id TEXT PRIMARY KEY NOT NULL, version TEXT, flags TEXT NOT NULL,"
                    + " stored_at INTEGER NOT NULL)");
          }
          return null;
        });
  }

  Optional<Stored> load(String user) {
    return store.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT user_id, version, flags FROM " + TABLE + " WHERE user_id = ?")) {
            s.setString(1, user);
            return read(s);
          }
        });
  }

  /** The values of the user stored last (the user of the app's last session). */
  Optional<Stored> lastStored() {
    return store.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT user_id, version, flags FROM "
                      + TABLE
                      + " ORDER BY stored_at DESC, rowid DESC LIMIT 1")) {
            return read(s);
          }
        });
  }

  void save(String user, String version, Collection<ServedFlag> flags, long storedAt) {
    List<Object> wire = new ArrayList<>();
    flags.forEach(f -> wire.add(f.toWire()));
    store.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO "
                      + TABLE
                      + " (user_id, version, flags, stored_at) VALUES (?, ?, ?, ?)")) {
            s.setString(1, user);
            s.setString(2, version);
            s.setString(3, Json.write(wire));
            s.setLong(4, storedAt);
            s.executeUpdate();
          }
          return null;
        });
  }

  /** Forgets every user's values. */
  public void clear() {
    store.transaction(
        (Connection c) -> {
          try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM " + TABLE);
          }
          return null;
        });
  }

  private static Optional<Stored> read(PreparedStatement s) throws SQLException {
    try (ResultSet rs = s.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      List<ServedFlag> flags = new ArrayList<>();
      try {
        for (Object o : (List<?>) Json.parse(rs.getString("flags"))) {
          flags.add(ServedFlag.fromWire((Map<?, ?>) o));
        }
      } catch (RuntimeException e) {
        return Optional.empty();
      }
      return Optional.of(new Stored(rs.getString("user_id"), rs.getString("version"), flags));
    }
  }
}
