package dev.cairn.client.internal;

import dev.cairn.client.CairnException;
import dev.cairn.client.FlagContext;
import dev.cairn.client.FlagsStatus;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Keeps {@link DefaultFlags} in step with the server: the realtime connection subscribes to {@code
 * _cairnOnFlagsChanged} with the models' subscriptions, and once they are acknowledged this queries
 * {@code _cairnFlags} to catch up (the server pushes nothing on subscribe, only later changes),
 * then applies each push. What the server serves is stored per user in the {@link FlagCache}. The
 * user is the token's {@code sub} (an API-key client's {@code targetingKey}); until the engine has
 * asked the auth, the user of the last stored values is assumed, so that an app started offline
 * reads them. Confined to the engine thread, except {@link #loadLastStored()}.
 */
public final class FlagSync {
  private static final System.Logger LOG = System.getLogger(FlagSync.class.getName());
  static final String FIELDS =
      "version flags { key kind value variation reason ruleId prerequisiteKey errorKind }";
  static final String QUERY =
      "query operation($context: AWSJSON) { _cairnFlags(context: $context) { " + FIELDS + " } }";
  static final String SUBSCRIPTION =
      "subscription operation($context: AWSJSON) { _cairnOnFlagsChanged(context: $context) { "
          + FIELDS
          + " } }";
  static final String SUBSCRIPTION_FIELD = "_cairnOnFlagsChanged";
  private static final String API_KEY_USER = "api-key";

  private final Engine engine;
  private final DefaultFlags flags;
  private final FlagCache cache;
  private final FlagContext context;
  private int attempt;
  private Scheduler.Cancellable retry;

  public FlagSync(Engine engine, DefaultFlags flags, FlagCache cache, FlagContext context) {
    this.engine = engine;
    this.flags = flags;
    this.cache = cache;
    this.context = context;
  }

  /** Reads the values stored last (the last session's user) as CACHED; any thread, at start-up. */
  public void loadLastStored() {
    cache
        .lastStored()
        .ifPresent(s -> flags.replace(s.user(), s.version(), s.flags(), FlagsStatus.CACHED));
  }

  /** Forgets every stored value (the store is cleared). */
  public void clear() {
    cache.clear();
    flags.replace(null, null, List.of(), FlagsStatus.NOT_LOADED);
  }

  /**
   * Switches to the values of the user the auth names now, when another user's are shown. Without
   * an answer from the auth (offline, no token) the shown values stay.
   */
  void resolveUser() {
    try {
      switchTo(currentUser());
    } catch (CairnException e) {
      LOG.log(Level.DEBUG, "no user for flags yet: " + e.getMessage());
    }
  }

  /** The variables of the query and the subscription: the client's attributes as AWSJSON. */
  Map<String, Object> variables() {
    return Map.of("context", Json.write(context.attributes()));
  }

  /** Catches up with a {@code _cairnFlags} query; retried with backoff while connected. */
  void catchUp() {
    cancelRetry();
    String user;
    GraphQLHttp.Response response;
    try {
      user = currentUser();
      switchTo(user);
      response = engine.http().send(QUERY, variables());
    } catch (CairnException e) {
      if (e.isRetryable()) {
        scheduleRetry(e.getMessage());
      } else {
        engine.errorHandler().accept(e);
      }
      return;
    }
    if (!response.ok()) {
      engine
          .errorHandler()
          .accept(
              new CairnException(
                  response.errorType(),
                  "the server refused the flags query: " + response.errorMessage()));
      return;
    }
    Answer answer;
    try {
      answer = Answer.of(response.data().get("_cairnFlags"));
    } catch (IllegalArgumentException e) {
      scheduleRetry("unreadable flags answer: " + e.getMessage());
      return;
    }
    attempt = 0;
    flags.replace(user, answer.version(), answer.flags(), FlagsStatus.LIVE);
    cache.save(user, answer.version(), answer.flags(), engine.clock().millis());
  }

  /** Applies the {@code data} of a {@code _cairnOnFlagsChanged} frame. */
  void pushed(Object data) {
    if (!(data instanceof Map<?, ?> d)) {
      return;
    }
    Answer answer;
    try {
      answer = Answer.of(d.get(SUBSCRIPTION_FIELD));
    } catch (IllegalArgumentException e) {
      LOG.log(Level.WARNING, "skipped an unreadable flag push: " + e.getMessage());
      return;
    }
    flags.apply(answer.version(), answer.flags());
    DefaultFlags.Snapshot now = flags.snapshot();
    if (now.user() != null) {
      cache.save(now.user(), now.version(), now.flags().values(), engine.clock().millis());
    }
  }

  /** The connection is gone (or the engine stopped): live values become STALE. */
  void offline() {
    cancelRetry();
    attempt = 0;
    if (flags.status() == FlagsStatus.LIVE) {
      flags.status(FlagsStatus.STALE);
    }
  }

  private void switchTo(String user) {
    DefaultFlags.Snapshot shown = flags.snapshot();
    if (user.equals(shown.user())) {
      return;
    }
    cache
        .load(user)
        .ifPresentOrElse(
            s -> flags.replace(user, s.version(), s.flags(), FlagsStatus.CACHED),
            () -> flags.replace(user, null, List.of(), FlagsStatus.NOT_LOADED));
  }

  /**
   * The user whose flags these are: the token's {@code sub}, or for an API key the context's {@code
   * targetingKey}.
   *
   * @throws CairnException when the auth cannot answer now (retryable when it may later)
   */
  private String currentUser() {
    Map<String, String> headers = engine.http().authHeaders();
    String token = headers.get("Authorization");
    if (token == null) {
      Object named = context.attributes().get("targetingKey");
      return named == null ? API_KEY_USER : API_KEY_USER + ":" + named;
    }
    return subjectOf(token);
  }

  /** The {@code sub} claim of a JWT, read without verifying it (the server verifies). */
  static String subjectOf(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length >= 2) {
      try {
        Object sub =
            Json.parseObject(
                    new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
                .get("sub");
        if (sub instanceof String s && !s.isEmpty()) {
          return s;
        }
      } catch (IllegalArgumentException e) {
        // not a JWT: below
      }
    }
    // An opaque token names no user the client can read: one shared slot.
    return "opaque-token";
  }

  private void scheduleRetry(String why) {
    attempt++;
    LOG.log(Level.DEBUG, "flags query failed (" + why + "); retrying");
    retry = engine.scheduler().schedule(this::catchUp, engine.retryPolicy().delay(attempt));
  }

  private void cancelRetry() {
    if (retry != null) {
      retry.cancel();
      retry = null;
    }
  }

  /** A {@code CairnFlags} object: version and flags. */
  private record Answer(String version, List<ServedFlag> flags) {
    static Answer of(Object cairnFlags) {
      if (!(cairnFlags instanceof Map<?, ?> m) || !(m.get("flags") instanceof List<?> list)) {
        throw new IllegalArgumentException("expected {version, flags}, got " + cairnFlags);
      }
      List<ServedFlag> flags = new ArrayList<>();
      for (Object o : list) {
        if (!(o instanceof Map<?, ?> f)) {
          throw new IllegalArgumentException("a flag is not an object: " + o);
        }
        flags.add(ServedFlag.fromWire(f));
      }
      return new Answer(m.get("version") == null ? null : String.valueOf(m.get("version")), flags);
    }
  }
}
