package dev.cairn.client.openfeature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.client.Auth;
import dev.cairn.client.CairnClient;
import dev.cairn.client.FieldKind;
import dev.cairn.client.ModelField;
import dev.cairn.client.ModelType;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderState;
import dev.openfeature.sdk.exceptions.ProviderNotReadyError;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
}
