package dev.cairn.client.openfeature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.client.Auth;
import dev.cairn.client.CairnClient;
import dev.cairn.client.FieldKind;
import dev.cairn.client.FlagContext;
import dev.cairn.client.ModelField;
import dev.cairn.client.ModelType;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.MutableTrackingEventDetails;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderState;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.exceptions.ProviderNotReadyError;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider over a real client with a real SQLite file and no server (nothing listens at the
 * endpoint): with nothing stored, initialization gives up after its timeout and every evaluation is
 * the caller's default with an error code, never an exception. The online behaviour (values,
 * events, CACHED after a restart) is {@code OpenFeatureProviderIT}'s.
 */
class CairnProviderTest {
  @TempDir Path dir;

  record Item(String id) {}

  static final ModelType<Item> ITEM =
      ModelType.builder(Item.class, "Item", "Items")
          .field(ModelField.of("id", FieldKind.ID, true))
          .codec(i -> Map.of("id", i.id()), m -> new Item((String) m.get("id")))
          .build();

  @Test
  void withNothingStoredAndNoServerInitializationTimesOutAndReadsGiveTheDefault() throws Exception {
    try (CairnClient client =
        CairnClient.builder()
            .endpoint(URI.create("http://127.0.0.1:1/t/shop/graphql"))
            .auth(Auth.apiKey("k"))
            .models(ITEM)
            .storeFile(dir.resolve("app.db"))
            .build()) {
      CairnProvider provider = new CairnProvider(client.flags(), Duration.ofMillis(50));

      assertThatThrownBy(() -> provider.initialize(new ImmutableContext()))
          .isInstanceOf(ProviderNotReadyError.class)
          .hasMessageContaining("none are stored");
      assertThat(provider.getBooleanEvaluation("checkout-v2", true, null).getValue()).isTrue();
      assertThat(provider.getBooleanEvaluation("checkout-v2", true, null).getErrorCode())
          .isEqualTo(ErrorCode.PROVIDER_NOT_READY);
      assertThat(provider.getIntegerEvaluation("limit", 7, null).getValue()).isEqualTo(7);
      assertThat(provider.getObjectEvaluation("theme", null, null).getErrorCode())
          .isEqualTo(ErrorCode.PROVIDER_NOT_READY);
      provider.shutdown();
    }
  }

  @Test
  void throughTheOpenFeatureApiAnUnreadyProviderYieldsDefaultsNotExceptions() throws Exception {
    OpenFeatureAPI api = OpenFeatureAPI.getInstance();
    try (CairnClient client =
        CairnClient.builder()
            .endpoint(URI.create("http://127.0.0.1:1/t/shop/graphql"))
            .auth(Auth.apiKey("k"))
            .models(ITEM)
            .storeFile(dir.resolve("app.db"))
            .build()) {
      String domain = "unit-" + System.nanoTime();
      api.setProvider(domain, new CairnProvider(client.flags(), Duration.ofMillis(50)));
      var features = api.getClient(domain);

      FlagEvaluationDetails<String> banner = features.getStringDetails("banner", "none");

      assertThat(banner.getValue()).isEqualTo("none");
      assertThat(banner.getErrorCode()).isNotNull();
      assertThat(List.of(ProviderState.ERROR, ProviderState.NOT_READY))
          .contains(features.getProviderState());
    }
  }

  private CairnClient offlineClient() {
    return CairnClient.builder()
        .endpoint(URI.create("http://127.0.0.1:1/t/shop/graphql"))
        .auth(Auth.apiKey("k"))
        .models(ITEM)
        .storeFile(dir.resolve("app.db"))
        .build();
  }

  @Test
  void trackHandsTheEventWithItsValueDetailsContextAndTimeToTheSink() throws Exception {
    Instant now = Instant.parse("2026-11-29T12:00:00Z");
    List<TrackedEvent> tracked = new CopyOnWriteArrayList<>();
    try (CairnClient client = offlineClient()) {
      CairnProvider provider =
          CairnProvider.builder(client.flags())
              .onTrack(tracked::add)
              .clock(Clock.fixed(now, ZoneOffset.UTC))
              .build();

      provider.track(
          "checkout-completed",
          new ImmutableContext("u-7", Map.of("plan", new Value("pro"))),
          new MutableTrackingEventDetails(49.9).add("currency", "EUR"));

      assertThat(tracked)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.name()).isEqualTo("checkout-completed");
                assertThat(e.at()).isEqualTo(now);
                assertThat(e.value()).contains(49.9);
                assertThat(e.details()).containsExactly(Map.entry("currency", "EUR"));
                assertThat(e.context())
                    .containsEntry("plan", "pro")
                    .containsEntry("targetingKey", "u-7");
                assertThat(e.served()).as("nothing served yet").isEmpty();
              });
    }
  }

  @Test
  void aSinkThatThrowsIsLoggedNotRethrownAndWithoutASinkTrackDoesNothing() throws Exception {
    try (CairnClient client = offlineClient()) {
      CairnProvider failing =
          CairnProvider.builder(client.flags())
              .onTrack(
                  e -> {
                    throw new IllegalStateException("analytics down");
                  })
              .build();
      failing.track("x", new ImmutableContext(), new MutableTrackingEventDetails());
      new CairnProvider(client.flags()).track("x", null, null);
    }
  }

  @Test
  void aContextLikeTheClientsIsReadLocallyAndAnotherIsAskedOfTheServerWhoseFailureGivesTheDefault()
      throws Exception {
    try (CairnClient client = offlineClient()) {
      CairnProvider provider =
          CairnProvider.builder(client.flags())
              .clientContext(FlagContext.builder().platform("desktop").build())
              .remoteEvaluation(URI.create("http://127.0.0.1:1/t/shop/graphql"), Auth.apiKey("k"))
              .remoteTimeout(Duration.ofSeconds(2))
              .build();

      var local =
          provider.getBooleanEvaluation(
              "new-ui", true, new ImmutableContext(Map.of("platform", new Value("desktop"))));
      assertThat(local.getErrorCode()).isEqualTo(ErrorCode.PROVIDER_NOT_READY);
      assertThat(local.getFlagMetadata().getString("cairnContext")).isEqualTo("client");

      var asked =
          provider.getBooleanEvaluation(
              "new-ui", true, new ImmutableContext(Map.of("platform", new Value("ios"))));
      assertThat(asked.getValue()).isTrue();
      assertThat(asked.getErrorCode()).isEqualTo(ErrorCode.GENERAL);
      assertThat(asked.getErrorMessage())
          .contains("evaluating for this context")
          .contains("/t/shop/ofrep/v1/evaluate/flags");
    }
  }

  @Test
  void remoteEvaluationNeedsTheClientsGraphqlEndpoint() {
    assertThatThrownBy(
            () ->
                CairnProvider.builder(new CairnProviderTest.NoFlags())
                    .remoteEvaluation(URI.create("http://h/t/shop/"), Auth.apiKey("k")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not end in /graphql");
  }

  @Test
  void onlyAttributesThatDifferFromTheClientsMakeAServerContextOverlaidOnTheClients() {
    Map<String, Object> client = Map.of("platform", "desktop", "appVersion", "2.0.0");

    assertThat(Contexts.override(client, Map.of())).isNull();
    assertThat(Contexts.override(client, Map.of("platform", "desktop"))).isNull();
    assertThat(Contexts.override(client, Map.of("platform", "ios")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("platform", "ios", "appVersion", "2.0.0"));
    assertThat(Contexts.override(Map.of("n", 1L), Map.of("n", 1))).isNull();
  }

  /** Flags that hold nothing: the builder's checks need no client. */
  static final class NoFlags implements dev.cairn.client.Flags {
    @Override
    public boolean getBoolean(String key, boolean defaultValue) {
      return defaultValue;
    }

    @Override
    public String getString(String key, String defaultValue) {
      return defaultValue;
    }

    @Override
    public double getNumber(String key, double defaultValue) {
      return defaultValue;
    }

    @Override
    public Object getJson(String key, Object defaultValue) {
      return defaultValue;
    }

    @Override
    public dev.cairn.client.FlagDetail<Boolean> booleanDetail(String key, boolean defaultValue) {
      throw new UnsupportedOperationException();
    }

    @Override
    public dev.cairn.client.FlagDetail<String> stringDetail(String key, String defaultValue) {
      throw new UnsupportedOperationException();
    }

    @Override
    public dev.cairn.client.FlagDetail<Double> numberDetail(String key, double defaultValue) {
      throw new UnsupportedOperationException();
    }

    @Override
    public dev.cairn.client.FlagDetail<Object> jsonDetail(String key, Object defaultValue) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, dev.cairn.client.FlagDetail<Object>> all() {
      return Map.of();
    }

    @Override
    public dev.cairn.client.FlagsStatus status() {
      return dev.cairn.client.FlagsStatus.NOT_LOADED;
    }

    @Override
    public dev.cairn.client.Subscription addListener(
        java.util.function.Consumer<dev.cairn.client.FlagChange> listener) {
      return () -> {};
    }
  }
}
