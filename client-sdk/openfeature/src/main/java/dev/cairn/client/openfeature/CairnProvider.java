package dev.cairn.client.openfeature;

import dev.cairn.client.Auth;
import dev.cairn.client.FlagChange;
import dev.cairn.client.FlagContext;
import dev.cairn.client.FlagDetail;
import dev.cairn.client.Flags;
import dev.cairn.client.FlagsStatus;
import dev.cairn.client.Subscription;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.EventProvider;
import dev.openfeature.sdk.ImmutableMetadata;
import dev.openfeature.sdk.Metadata;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.ProviderEventDetails;
import dev.openfeature.sdk.Reason;
import dev.openfeature.sdk.TrackingEventDetails;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.exceptions.ProviderNotReadyError;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An OpenFeature provider over a {@link dev.cairn.client.CairnClient}'s {@link Flags}: evaluations
 * are local reads of the values the server evaluated for the client's user and {@link
 * dev.cairn.client.FlagContext}, and the provider emits events as the client's flags change:
 *
 * <ul>
 *   <li>{@code PROVIDER_READY} when initialized with values (live, or cached from the last run:
 *       their reason is then {@code CACHED}), and again when the connection is back after {@code
 *       STALE} or when values first arrive after a failed initialization;
 *   <li>{@code PROVIDER_CONFIGURATION_CHANGED} with {@code flagsChanged} = the keys whose value or
 *       variation changed for this user (not for the first values, which are READY);
 *   <li>{@code PROVIDER_STALE} when the connection is lost: values stay readable but may be old.
 * </ul>
 *
 * <p><b>Per-evaluation context.</b> Cairn evaluates on the server (rules never reach the client).
 * An evaluation whose context (OpenFeature's merged global, client and invocation context) holds
 * only attributes equal to the client's own {@code FlagContext} is a local read, offline too. One
 * that asks for something else (say {@code platform: "ios"} where the client said {@code desktop})
 * is evaluated by the server through OFREP when the provider was built with {@link
 * Builder#remoteEvaluation}: the client's attributes overlaid by the context's, token claims still
 * winning on the server; answers are cached per context for {@link Builder#remoteCacheFor} (30 s)
 * and dropped when the client's flags change. Unreachable server: the default with {@code
 * ErrorCode.GENERAL} naming why. Without remote evaluation the context is not sent and the value is
 * the client's, with metadata {@code cairnContext=client} saying so ({@code evaluation} when the
 * server evaluated the context).
 *
 * <p><b>Tracking.</b> {@link #track} hands a {@link TrackedEvent} (with the variations served now)
 * to the sink given to {@link Builder#onTrack}, on the caller's thread; Cairn's server collects no
 * events. Without a sink, tracking does nothing. A sink that throws is logged, never rethrown.
 *
 * <p>{@link #initialize} returns at once when values are there and otherwise waits for the server
 * up to the ready timeout, then throws {@link ProviderNotReadyError} (OpenFeature's state ERROR
 * until values arrive). The app owns the client: {@link #shutdown()} stops listening and does not
 * close it. Thread-safe.
 */
public final class CairnProvider extends EventProvider {
  private static final Metadata METADATA = () -> "cairn";
  private static final Logger LOG = Logger.getLogger(CairnProvider.class.getName());

  private final Flags flags;
  private final Duration readyTimeout;
  private final Map<String, Object> clientContext;
  private final OfrepEvaluations remote;
  private final Consumer<TrackedEvent> tracking;
  private final Clock clock;
  private final Object lock = new Object();
  private Subscription listening;
  private FlagsStatus lastStatus;
  private CountDownLatch loaded = new CountDownLatch(1);

  /**
   * A provider waiting up to 10 s for the first values when nothing is stored, without remote
   * evaluation or tracking; see {@link #builder}.
   */
  public CairnProvider(Flags flags) {
    this(builder(flags));
  }

  public CairnProvider(Flags flags, Duration readyTimeout) {
    this(builder(flags).readyTimeout(readyTimeout));
  }

  private CairnProvider(Builder b) {
    this.flags = b.flags;
    this.readyTimeout = b.readyTimeout;
    this.clientContext = Map.copyOf(b.clientContext.attributes());
    this.clock = b.clock;
    this.remote =
        b.endpoint == null
            ? null
            : new OfrepEvaluations(b.endpoint, b.auth, b.remoteCacheFor, b.remoteTimeout, b.clock);
    this.tracking = b.tracking;
  }

  /** A builder of a provider over {@code flags}. */
  public static Builder builder(Flags flags) {
    return new Builder(flags);
  }

  /** Builds a {@link CairnProvider}; every setting is optional. Not thread-safe. */
  public static final class Builder {
    private final Flags flags;
    private Duration readyTimeout = Duration.ofSeconds(10);
    private FlagContext clientContext = FlagContext.empty();
    private URI endpoint;
    private Auth auth;
    private Duration remoteCacheFor = Duration.ofSeconds(30);
    private Duration remoteTimeout = Duration.ofSeconds(5);
    private Consumer<TrackedEvent> tracking;
    private Clock clock = Clock.systemUTC();

    private Builder(Flags flags) {
      this.flags = Objects.requireNonNull(flags, "flags");
    }

    /** How long {@link CairnProvider#initialize} waits for values when none are stored (10 s). */
    public Builder readyTimeout(Duration timeout) {
      this.readyTimeout = positive("readyTimeout", timeout);
      return this;
    }

    /**
     * The {@link FlagContext} the client was built with, so an evaluation context holding the same
     * attributes is read locally. Empty by default: then any attribute in an evaluation context
     * asks the server (with {@link #remoteEvaluation}).
     */
    public Builder clientContext(FlagContext context) {
      this.clientContext = Objects.requireNonNull(context, "clientContext");
      return this;
    }

    /**
     * Evaluates contexts that differ from the client's on the server, through the tenant's OFREP
     * endpoint next to {@code graphqlEndpoint}, authenticated with {@code auth} (give the client's
     * endpoint and auth).
     *
     * @throws IllegalArgumentException when the endpoint does not end in {@code /graphql}
     */
    public Builder remoteEvaluation(URI graphqlEndpoint, Auth auth) {
      this.endpoint = Objects.requireNonNull(graphqlEndpoint, "graphqlEndpoint");
      this.auth = Objects.requireNonNull(auth, "auth");
      if (!graphqlEndpoint.getPath().endsWith("/graphql")) {
        throw new IllegalArgumentException(
            "remoteEvaluation: "
                + graphqlEndpoint
                + " does not end in /graphql; give the client's endpoint, .../t/{tenant}/graphql");
      }
      return this;
    }

    /** How long the server's answer for one context is used (30 s). */
    public Builder remoteCacheFor(Duration period) {
      this.remoteCacheFor = positive("remoteCacheFor", period);
      return this;
    }

    /** How long one OFREP request may take (5 s). */
    public Builder remoteTimeout(Duration timeout) {
      this.remoteTimeout = positive("remoteTimeout", timeout);
      return this;
    }

    /** Where {@code track()} calls go; without one, tracking does nothing. */
    public Builder onTrack(Consumer<TrackedEvent> sink) {
      this.tracking = Objects.requireNonNull(sink, "onTrack");
      return this;
    }

    /** The clock of tracked events' times and of the remote cache (system UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public CairnProvider build() {
      return new CairnProvider(this);
    }

    private static Duration positive(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " is " + d + "; give a positive duration");
      }
      return d;
    }
  }

  @Override
  public Metadata getMetadata() {
    return METADATA;
  }

  @Override
  public void initialize(EvaluationContext evaluationContext) throws Exception {
    CountDownLatch waiting;
    synchronized (lock) {
      if (listening == null) {
        lastStatus = flags.status();
        loaded = new CountDownLatch(lastStatus == FlagsStatus.NOT_LOADED ? 1 : 0);
        listening = flags.addListener(this::heard);
      }
      waiting = loaded;
    }
    if (!waiting.await(readyTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new ProviderNotReadyError(
          "no flag values within "
              + readyTimeout
              + ": the server has not answered and none are stored for this user; the provider"
              + " becomes READY when they arrive");
    }
  }

  @Override
  public void shutdown() {
    synchronized (lock) {
      if (listening != null) {
        listening.close();
        listening = null;
      }
    }
    super.shutdown();
  }

  private void heard(FlagChange change) {
    FlagsStatus before;
    synchronized (lock) {
      if (listening == null) {
        return;
      }
      before = lastStatus;
      lastStatus = change.status();
      if (change.status() != FlagsStatus.NOT_LOADED) {
        loaded.countDown();
      }
    }
    if (remote != null && !change.keys().isEmpty()) {
      remote.invalidate();
    }
    FlagsStatus now = change.status();
    if (now != before) {
      if (now == FlagsStatus.STALE) {
        emitProviderStale(ProviderEventDetails.builder().message("connection lost").build());
      } else if ((now == FlagsStatus.LIVE || now == FlagsStatus.CACHED)
          && (before == FlagsStatus.STALE || before == FlagsStatus.NOT_LOADED)) {
        emitProviderReady(ProviderEventDetails.builder().message("flags " + now).build());
      }
    }
    // The first values are READY, not a change of configuration.
    if (!change.keys().isEmpty() && before != FlagsStatus.NOT_LOADED) {
      List<String> keys = new ArrayList<>(change.keys());
      keys.sort(null);
      emitProviderConfigurationChanged(ProviderEventDetails.builder().flagsChanged(keys).build());
    }
  }

  @Override
  public ProviderEvaluation<Boolean> getBooleanEvaluation(
      String key, Boolean defaultValue, EvaluationContext ctx) {
    Map<String, Object> asked = serverContext(ctx);
    if (asked != null) {
      return remote(key, defaultValue, asked, v -> v instanceof Boolean b ? b : null);
    }
    return evaluation(flags.booleanDetail(key, Boolean.TRUE.equals(defaultValue)), defaultValue);
  }

  @Override
  public ProviderEvaluation<String> getStringEvaluation(
      String key, String defaultValue, EvaluationContext ctx) {
    Map<String, Object> asked = serverContext(ctx);
    if (asked != null) {
      return remote(key, defaultValue, asked, v -> v instanceof String s ? s : null);
    }
    return evaluation(flags.stringDetail(key, defaultValue), defaultValue);
  }

  @Override
  public ProviderEvaluation<Integer> getIntegerEvaluation(
      String key, Integer defaultValue, EvaluationContext ctx) {
    Map<String, Object> asked = serverContext(ctx);
    if (asked != null) {
      return remote(key, defaultValue, asked, CairnProvider::integer);
    }
    FlagDetail<Double> detail = flags.numberDetail(key, 0);
    if (!served(detail)) {
      return evaluation(detail, defaultValue, d -> defaultValue);
    }
    Integer v = integer(detail.value());
    if (v == null) {
      return ProviderEvaluation.<Integer>builder()
          .value(defaultValue)
          .reason(Reason.ERROR.name())
          .errorCode(ErrorCode.TYPE_MISMATCH)
          .errorMessage("flag `" + key + "` serves " + detail.value() + ", not an integer")
          .build();
    }
    return evaluation(detail, defaultValue, d -> v);
  }

  private static Integer integer(Object value) {
    if (!(value instanceof Number n)) {
      return null;
    }
    double v = n.doubleValue();
    if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      return null;
    }
    return (int) v;
  }

  @Override
  public ProviderEvaluation<Double> getDoubleEvaluation(
      String key, Double defaultValue, EvaluationContext ctx) {
    Map<String, Object> asked = serverContext(ctx);
    if (asked != null) {
      return remote(key, defaultValue, asked, v -> v instanceof Number n ? n.doubleValue() : null);
    }
    FlagDetail<Double> detail = flags.numberDetail(key, defaultValue == null ? 0 : defaultValue);
    return evaluation(detail, defaultValue, d -> d.value());
  }

  @Override
  public ProviderEvaluation<Value> getObjectEvaluation(
      String key, Value defaultValue, EvaluationContext ctx) {
    Map<String, Object> asked = serverContext(ctx);
    if (asked != null) {
      return remote(key, defaultValue, asked, v -> v == null ? null : Values.of(v));
    }
    FlagDetail<Object> detail = flags.jsonDetail(key, null);
    return evaluation(
        detail, defaultValue, d -> d.value() == null ? defaultValue : Values.of(d.value()));
  }

  /**
   * The attributes to ask the server with, or null when the local values answer: no remote
   * evaluation configured, or nothing in {@code ctx} differs from the client's context.
   */
  private Map<String, Object> serverContext(EvaluationContext ctx) {
    if (remote == null) {
      return null;
    }
    return Contexts.override(clientContext, Contexts.attributes(ctx));
  }

  /** A flag evaluated by the server for {@code context}; problems give the default. */
  private <T> ProviderEvaluation<T> remote(
      String key, T defaultValue, Map<String, Object> context, Function<Object, T> typed) {
    OfrepEvaluations.Remote flag;
    try {
      flag = remote.all(context).get(key);
    } catch (OfrepEvaluations.Unavailable e) {
      return failed(
          defaultValue, ErrorCode.GENERAL, "evaluating for this context: " + e.getMessage());
    }
    if (flag == null) {
      return failed(defaultValue, ErrorCode.FLAG_NOT_FOUND, "no flag `" + key + "`");
    }
    if (flag.errorCode() != null) {
      return failed(
          defaultValue,
          "FLAG_NOT_FOUND".equals(flag.errorCode()) ? ErrorCode.FLAG_NOT_FOUND : ErrorCode.GENERAL,
          flag.errorDetails());
    }
    ImmutableMetadata.ImmutableMetadataBuilder metadata =
        ImmutableMetadata.builder().addString("cairnContext", "evaluation");
    flag.metadata().forEach((k, v) -> metadata.addString(k, String.valueOf(v)));
    if (flag.variant() == null) {
      // off without an off variation: the caller's default, as for a local read
      return ProviderEvaluation.<T>builder()
          .value(defaultValue)
          .reason(flag.reason())
          .flagMetadata(metadata.build())
          .build();
    }
    T value = typed.apply(flag.value());
    if (value == null) {
      return failed(
          defaultValue,
          ErrorCode.TYPE_MISMATCH,
          "flag `" + key + "` serves " + flag.value() + ", not the kind asked for");
    }
    return ProviderEvaluation.<T>builder()
        .value(value)
        .variant(flag.variant())
        .reason(flag.reason())
        .flagMetadata(metadata.build())
        .build();
  }

  private static <T> ProviderEvaluation<T> failed(T defaultValue, ErrorCode code, String message) {
    return ProviderEvaluation.<T>builder()
        .value(defaultValue)
        .reason(Reason.ERROR.name())
        .errorCode(code)
        .errorMessage(message)
        .build();
  }

  /**
   * Hands the event to the tracking sink with the variations served to the user now; does nothing
   * without a sink. Never throws.
   */
  @Override
  public void track(String eventName, EvaluationContext context, TrackingEventDetails details) {
    if (tracking == null) {
      return;
    }
    try {
      Map<String, String> served = new TreeMap<>();
      flags
          .all()
          .forEach(
              (key, detail) -> {
                if (!detail.isError() && detail.variation() != null) {
                  served.put(key, detail.variation());
                }
              });
      Optional<Double> value =
          details == null ? Optional.empty() : details.getValue().map(Number::doubleValue);
      tracking.accept(
          new TrackedEvent(
              eventName,
              clock.instant(),
              value,
              Contexts.attributes(details),
              Contexts.attributes(context),
              served));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the tracking sink failed on `" + eventName + "`", e);
    }
  }

  /** Whether the server served a value (no error, and a variation: not "off without one"). */
  private static boolean served(FlagDetail<?> detail) {
    return !detail.isError() && detail.variation() != null;
  }

  private static <T> ProviderEvaluation<T> evaluation(FlagDetail<T> detail, T defaultValue) {
    return evaluation(detail, defaultValue, FlagDetail::value);
  }

  /** The detail as OpenFeature's evaluation; errors and "no value served" give the default. */
  private static <T, D> ProviderEvaluation<T> evaluation(
      FlagDetail<D> detail, T defaultValue, Function<FlagDetail<D>, T> value) {
    ImmutableMetadata.ImmutableMetadataBuilder metadata =
        ImmutableMetadata.builder()
            .addString("cairnReason", detail.reason().name())
            .addString("cairnContext", "client");
    if (detail.ruleId() != null) {
      metadata.addString("ruleId", detail.ruleId());
    }
    if (detail.prerequisiteKey() != null) {
      metadata.addString("prerequisiteKey", detail.prerequisiteKey());
    }
    return ProviderEvaluation.<T>builder()
        .value(served(detail) ? value.apply(detail) : defaultValue)
        .variant(detail.variation())
        .reason(Reasons.reason(detail.reason()).name())
        .errorCode(detail.isError() ? Reasons.errorCode(detail.errorKind()) : null)
        .errorMessage(detail.errorMessage())
        .flagMetadata(metadata.build())
        .build();
  }
}
