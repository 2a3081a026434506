package dev.cairn.client;

import java.util.Map;
import java.util.function.Consumer;

/**
 * The signed-in user's feature flags, as the server evaluated them for this client's {@link
 * FlagContext}: typed getters with a default, detail forms with the variation and reason, and a
 * listener for changes. Got from {@link CairnClient#flags()}.
 *
 * <p>Reads are local and never block or throw: a flag that is unknown, of another kind than asked
 * for, or that the server could not evaluate gives the caller's default with reason {@link
 * FlagReason#ERROR} and a {@link FlagErrorKind}. Values come from the last answer of the server
 * (live), or before the first answer of this run from the local store ({@link FlagReason#CACHED}),
 * so an app started offline has the last values its user was served. The engine subscribes to
 * changes and then queries the current values on every (re)connect. Thread-safe.
 */
public interface Flags {

  boolean getBoolean(String key, boolean defaultValue);

  /**
   * @param defaultValue may be null
   */
  String getString(String key, String defaultValue);

  double getNumber(String key, double defaultValue);

  /**
   * A {@code json} flag's value: {@code Map<String, Object>}, {@code List<Object>}, {@code String},
   * {@code Boolean}, {@code Long} or {@code Double}.
   *
   * @param defaultValue may be null
   */
  Object getJson(String key, Object defaultValue);

  FlagDetail<Boolean> booleanDetail(String key, boolean defaultValue);

  FlagDetail<String> stringDetail(String key, String defaultValue);

  FlagDetail<Double> numberDetail(String key, double defaultValue);

  FlagDetail<Object> jsonDetail(String key, Object defaultValue);

  /** Every flag served to this user now, by key, each as its own kind's value (see getJson). */
  Map<String, FlagDetail<Object>> all();

  /** Where the values come from now. */
  FlagsStatus status();

  /**
   * Calls {@code listener} when flag values change (the keys whose value or variation changed) or
   * the {@link #status()} changes; on the engine's thread, in order. The listener must be quick and
   * must not throw. Close the returned handle to stop listening.
   */
  Subscription addListener(Consumer<FlagChange> listener);
}
