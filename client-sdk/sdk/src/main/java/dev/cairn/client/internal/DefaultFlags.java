package dev.cairn.client.internal;

import dev.cairn.client.FlagChange;
import dev.cairn.client.FlagDetail;
import dev.cairn.client.FlagErrorKind;
import dev.cairn.client.FlagReason;
import dev.cairn.client.Flags;
import dev.cairn.client.FlagsStatus;
import dev.cairn.client.Subscription;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The {@link Flags} of one client: an immutable snapshot (whose values, served flags, status)
 * swapped as a whole by the engine thread, read by any thread; typed reads turn every problem into
 * the caller's default with reason ERROR. Thread-safe.
 */
public final class DefaultFlags implements Flags {
  private static final System.Logger LOG = System.getLogger(DefaultFlags.class.getName());

  /** What the reads see; {@code user} is null when no user is known yet. */
  record Snapshot(String user, String version, Map<String, ServedFlag> flags, FlagsStatus status) {
    static final Snapshot NONE = new Snapshot(null, null, Map.of(), FlagsStatus.NOT_LOADED);
  }

  private final List<Consumer<FlagChange>> listeners = new CopyOnWriteArrayList<>();
  private volatile Snapshot snapshot = Snapshot.NONE;

  Snapshot snapshot() {
    return snapshot;
  }

  /** Replaces everything (a user's stored values, or the server's full answer). */
  void replace(String user, String version, Collection<ServedFlag> flags, FlagsStatus status) {
    Map<String, ServedFlag> byKey = new LinkedHashMap<>();
    flags.forEach(f -> byKey.put(f.key(), f));
    swap(new Snapshot(user, version, Map.copyOf(byKey), status));
  }

  /** Applies a push: changed flags replace theirs, removed flags (FLAG_NOT_FOUND) go. */
  void apply(String version, Collection<ServedFlag> pushed) {
    Snapshot before = snapshot;
    Map<String, ServedFlag> byKey = new LinkedHashMap<>(before.flags());
    for (ServedFlag f : pushed) {
      if (f.isGone()) {
        byKey.remove(f.key());
      } else {
        byKey.put(f.key(), f);
      }
    }
    swap(
        new Snapshot(
            before.user(),
            version != null ? version : before.version(),
            Map.copyOf(byKey),
            before.status()));
  }

  void status(FlagsStatus status) {
    Snapshot before = snapshot;
    if (before.status() != status) {
      swap(new Snapshot(before.user(), before.version(), before.flags(), status));
    }
  }

  private void swap(Snapshot next) {
    Snapshot before = snapshot;
    snapshot = next;
    Set<String> changed = new LinkedHashSet<>();
    next.flags()
        .forEach(
            (k, f) -> {
              if (!f.servesSameAs(before.flags().get(k))) {
                changed.add(k);
              }
            });
    before.flags().keySet().stream()
        .filter(k -> !next.flags().containsKey(k))
        .forEach(changed::add);
    if (!changed.isEmpty() || before.status() != next.status()) {
      FlagChange change = new FlagChange(changed, next.status());
      for (Consumer<FlagChange> listener : listeners) {
        try {
          listener.accept(change);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "a flag listener failed on " + change, e);
        }
      }
    }
  }

  @Override
  public boolean getBoolean(String key, boolean defaultValue) {
    return booleanDetail(key, defaultValue).value();
  }

  @Override
  public String getString(String key, String defaultValue) {
    return stringDetail(key, defaultValue).value();
  }

  @Override
  public double getNumber(String key, double defaultValue) {
    return numberDetail(key, defaultValue).value();
  }

  @Override
  public Object getJson(String key, Object defaultValue) {
    return jsonDetail(key, defaultValue).value();
  }

  @Override
  public FlagDetail<Boolean> booleanDetail(String key, boolean defaultValue) {
    return resolve(key, "boolean", defaultValue, v -> v instanceof Boolean b ? b : null);
  }

  @Override
  public FlagDetail<String> stringDetail(String key, String defaultValue) {
    return resolve(key, "string", defaultValue, v -> v instanceof String s ? s : null);
  }

  @Override
  public FlagDetail<Double> numberDetail(String key, double defaultValue) {
    return resolve(
        key, "number", defaultValue, v -> v instanceof Number n ? n.doubleValue() : null);
  }

  @Override
  public FlagDetail<Object> jsonDetail(String key, Object defaultValue) {
    return resolve(key, "json", defaultValue, v -> v);
  }

  @Override
  public Map<String, FlagDetail<Object>> all() {
    Snapshot s = snapshot;
    Map<String, FlagDetail<Object>> out = new LinkedHashMap<>();
    s.flags().forEach((k, f) -> out.put(k, resolve(s, k, f.kind(), null, v -> v)));
    return out;
  }

  @Override
  public FlagsStatus status() {
    return snapshot.status();
  }

  @Override
  public Subscription addListener(Consumer<FlagChange> listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private <T> FlagDetail<T> resolve(
      String key, String kind, T defaultValue, Function<Object, T> cast) {
    return resolve(snapshot, key, kind, defaultValue, cast);
  }

  private static <T> FlagDetail<T> resolve(
      Snapshot s, String key, String kind, T defaultValue, Function<Object, T> cast) {
    if (key == null) {
      return error(defaultValue, FlagErrorKind.FLAG_NOT_FOUND, "no flag key given");
    }
    ServedFlag flag = s.flags().get(key);
    if (flag == null) {
      return s.status() == FlagsStatus.NOT_LOADED
          ? error(
              defaultValue,
              FlagErrorKind.NOT_LOADED,
              "no flag values yet: the server has not answered and none are stored for this user")
          : error(
              defaultValue,
              FlagErrorKind.FLAG_NOT_FOUND,
              "flag `" + key + "` is not served to this user; check its key in the console");
    }
    if (!kind.equals(flag.kind())) {
      return error(
          defaultValue,
          FlagErrorKind.WRONG_TYPE,
          "flag `"
              + key
              + "` is a "
              + flag.kind()
              + " flag, read as "
              + kind
              + "; use the "
              + flag.kind()
              + " getter");
    }
    FlagReason served = reasonOf(flag.reason());
    if (served == FlagReason.ERROR) {
      return new FlagDetail<>(
          defaultValue,
          null,
          FlagReason.ERROR,
          null,
          null,
          errorKindOf(flag.errorKind()),
          "the server could not evaluate flag `" + key + "`: " + flag.errorKind());
    }
    FlagReason reason = s.status() == FlagsStatus.CACHED ? FlagReason.CACHED : served;
    if (flag.valueJson() == null) {
      // Served no value (e.g. off without an off variation): the caller's default, for that reason.
      return new FlagDetail<>(
          defaultValue, null, reason, flag.ruleId(), flag.prerequisiteKey(), null, null);
    }
    T value = flag.readable() ? cast.apply(flag.value()) : null;
    if (value == null) {
      return error(
          defaultValue,
          FlagErrorKind.WRONG_TYPE,
          "flag `" + key + "` holds " + flag.valueJson() + ", not a " + kind + " value");
    }
    return new FlagDetail<>(
        value, flag.variation(), reason, flag.ruleId(), flag.prerequisiteKey(), null, null);
  }

  private static <T> FlagDetail<T> error(T defaultValue, FlagErrorKind kind, String message) {
    return new FlagDetail<>(defaultValue, null, FlagReason.ERROR, null, null, kind, message);
  }

  private static FlagReason reasonOf(String reason) {
    try {
      return reason == null ? FlagReason.UNKNOWN : FlagReason.valueOf(reason);
    } catch (IllegalArgumentException e) {
      return FlagReason.UNKNOWN;
    }
  }

  private static FlagErrorKind errorKindOf(String kind) {
    try {
      return kind == null ? FlagErrorKind.OTHER : FlagErrorKind.valueOf(kind);
    } catch (IllegalArgumentException e) {
      return FlagErrorKind.OTHER;
    }
  }
}
