package dev.cairn.client.openfeature;

import dev.cairn.client.FlagChange;
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
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.exceptions.ProviderNotReadyError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An OpenFeature provider over a {@link dev.cairn.client.CairnClient}'s {@link Flags}: evaluations
 * are local reads of the values the server evaluated for the client's user and {@link
 * dev.cairn.client.FlagContext} (the per-evaluation context is not sent: Cairn evaluates on the
 * server, once per change, like OpenFeature's static-context providers), and the provider emits
 * events as the client's flags change:
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
 * <p>{@link #initialize} returns at once when values are there and otherwise waits for the server
 * up to the ready timeout, then throws {@link ProviderNotReadyError} (OpenFeature's state ERROR
 * until values arrive). The app owns the client: {@link #shutdown()} stops listening and does not
 * close it. Thread-safe.
 */
public final class CairnProvider extends EventProvider {
  private static final Metadata METADATA = () -> "cairn";

  private final Flags flags;
  private final Duration readyTimeout;
  private final Object lock = new Object();
  private Subscription listening;
  private FlagsStatus lastStatus;
  private CountDownLatch loaded = new CountDownLatch(1);

  /** A provider waiting up to 10 s for the first values when nothing is stored. */
  public CairnProvider(Flags flags) {
    this(flags, Duration.ofSeconds(10));
  }

  public CairnProvider(Flags flags, Duration readyTimeout) {
    this.flags = Objects.requireNonNull(flags, "flags");
    this.readyTimeout = Objects.requireNonNull(readyTimeout, "readyTimeout");
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
    return evaluation(flags.booleanDetail(key, Boolean.TRUE.equals(defaultValue)), defaultValue);
  }

  @Override
  public ProviderEvaluation<String> getStringEvaluation(
      String key, String defaultValue, EvaluationContext ctx) {
    return evaluation(flags.stringDetail(key, defaultValue), defaultValue);
  }

  @Override
  public ProviderEvaluation<Integer> getIntegerEvaluation(
      String key, Integer defaultValue, EvaluationContext ctx) {
    FlagDetail<Double> detail = flags.numberDetail(key, 0);
    if (!served(detail)) {
      return evaluation(detail, defaultValue, d -> defaultValue);
    }
    double v = detail.value();
    if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      return ProviderEvaluation.<Integer>builder()
          .value(defaultValue)
          .reason(Reason.ERROR.name())
          .errorCode(ErrorCode.TYPE_MISMATCH)
          .errorMessage("flag `" + key + "` serves " + v + ", not an integer")
          .build();
    }
    return evaluation(detail, defaultValue, d -> (int) v);
  }

  @Override
  public ProviderEvaluation<Double> getDoubleEvaluation(
      String key, Double defaultValue, EvaluationContext ctx) {
    FlagDetail<Double> detail = flags.numberDetail(key, defaultValue == null ? 0 : defaultValue);
    return evaluation(detail, defaultValue, d -> d.value());
  }

  @Override
  public ProviderEvaluation<Value> getObjectEvaluation(
      String key, Value defaultValue, EvaluationContext ctx) {
    FlagDetail<Object> detail = flags.jsonDetail(key, null);
    return evaluation(
        detail, defaultValue, d -> d.value() == null ? defaultValue : Values.of(d.value()));
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
      FlagDetail<D> detail, T defaultValue, java.util.function.Function<FlagDetail<D>, T> value) {
    ImmutableMetadata.ImmutableMetadataBuilder metadata =
        ImmutableMetadata.builder().addString("cairnReason", detail.reason().name());
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
