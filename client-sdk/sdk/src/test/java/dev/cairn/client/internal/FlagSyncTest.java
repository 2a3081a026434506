package dev.cairn.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.cairn.client.Auth;
import dev.cairn.client.CairnClient;
import dev.cairn.client.CairnException;
import dev.cairn.client.ConflictHandler;
import dev.cairn.client.FlagChange;
import dev.cairn.client.FlagContext;
import dev.cairn.client.FlagDetail;
import dev.cairn.client.FlagErrorKind;
import dev.cairn.client.FlagReason;
import dev.cairn.client.Flags;
import dev.cairn.client.FlagsStatus;
import dev.cairn.client.ModelType;
import dev.cairn.client.testmodel.Post;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flags without a network: values the server served are read back from the real SQLite file after a
 * restart (reason CACHED, per user), and every bad read gives the default with an ERROR reason. The
 * "server" here is the JDK's HTTP server answering {@code _cairnFlags} with a canned {@code
 * CairnFlags} object, because these tests run offline; the real server is {@code SdkFlagsIT}'s.
 * Time is a {@link ManualScheduler}: retries are driven by advancing it.
 */
class FlagSyncTest {
  static final String FLAGS =
      """
      {"data":{"_cairnFlags":{"version":"v1","flags":[
        {"key":"checkout-v2","kind":"boolean","value":"true","variation":"on","reason":"RULE_MATCH","ruleId":"beta"},
        {"key":"banner","kind":"string","value":"\\"sale\\"","variation":"sale","reason":"FALLTHROUGH"},
        {"key":"max-items","kind":"number","value":"12.5","variation":"many","reason":"TARGET_MATCH"},
        {"key":"theme","kind":"json","value":"{\\"color\\":\\"teal\\",\\"sizes\\":[1,2]}","variation":"teal","reason":"FALLTHROUGH"},
        {"key":"dark-mode","kind":"boolean","value":null,"variation":null,"reason":"OFF"},
        {"key":"broken","kind":"boolean","value":null,"variation":null,"reason":"ERROR","errorKind":"MALFORMED_FLAG"}
      ]}}}
      """;

  @TempDir Path dir;
  private HttpServer server;
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AtomicReference<String> lastRequest = new AtomicReference<>();
  private final ManualScheduler scheduler = new ManualScheduler();
  private LocalStore store;
  private final DefaultFlags flags = new DefaultFlags();
  private FlagSync sync;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/graphql",
        exchange -> {
          lastRequest.set(new String(exchange.getRequestBody().readAllBytes(), UTF8));
          boolean fail = failuresLeft.getAndDecrement() > 0;
          byte[] body = (fail ? "{}" : FLAGS).getBytes(UTF8);
          exchange.sendResponseHeaders(fail ? 503 : 200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    store = LocalStore.open(dir.resolve("app.db"), List.of(Post.TYPE));
    sync = syncFor(store, flags, jwt("u-1"));
  }

  @AfterEach
  void stop() {
    server.stop(0);
    store.close();
  }

  @Test
  void valuesServedOnlineAreReadFromTheSqliteFileAfterARestartWithReasonCached() {
    List<FlagChange> heard = new CopyOnWriteArrayList<>();
    flags.addListener(heard::add);

    sync.catchUp();

    assertThat(flags.status()).isEqualTo(FlagsStatus.LIVE);
    assertThat(flags.booleanDetail("checkout-v2", false))
        .isEqualTo(new FlagDetail<>(true, "on", FlagReason.RULE_MATCH, "beta", null, null, null));
    assertThat(heard).hasSize(1);
    assertThat(heard.get(0).keys())
        .containsExactlyInAnyOrder(
            "checkout-v2", "banner", "max-items", "theme", "dark-mode", "broken");
    assertThat(lastRequest.get()).contains("_cairnFlags").contains("appVersion");
    store.close();

    // The app starts again, offline: nothing answers at the endpoint.
    try (CairnClient offline =
        CairnClient.builder()
            .endpoint(URI.create("http://127.0.0.1:1/t/shop/graphql"))
            .auth(
                Auth.token(
                    () -> {
                      throw new IllegalStateException("offline");
                    }))
            .models(Post.TYPE)
            .storeFile(dir.resolve("app.db"))
            .build()) {
      Flags cached = offline.flags();
      assertThat(cached.status()).isEqualTo(FlagsStatus.CACHED);
      assertThat(cached.booleanDetail("checkout-v2", false))
          .isEqualTo(new FlagDetail<>(true, "on", FlagReason.CACHED, "beta", null, null, null));
      assertThat(cached.getString("banner", "none")).isEqualTo("sale");
      assertThat(cached.getNumber("max-items", 1)).isEqualTo(12.5);
      assertThat(cached.getJson("theme", null))
          .isEqualTo(Map.of("color", "teal", "sizes", List.of(1L, 2L)));
      assertThat(cached.all()).containsOnlyKeys(heard.get(0).keys());
    }
    store = LocalStore.open(dir.resolve("app.db"), List.of(Post.TYPE));
  }

  @Test
  void readsNeverThrowAndGiveTheDefaultWithAnErrorReason() {
    assertThat(flags.status()).isEqualTo(FlagsStatus.NOT_LOADED);
    assertThat(flags.booleanDetail("checkout-v2", true))
        .satisfies(d -> assertError(d, true, FlagErrorKind.NOT_LOADED));

    sync.catchUp();

    assertThat(flags.getBoolean("banner", true)).isTrue();
    assertError(flags.booleanDetail("banner", true), true, FlagErrorKind.WRONG_TYPE);
    assertThat(flags.booleanDetail("banner", true).errorMessage()).contains("string flag");
    assertError(flags.stringDetail("checkout-v2", "x"), "x", FlagErrorKind.WRONG_TYPE);
    assertError(flags.numberDetail("theme", 3), 3.0, FlagErrorKind.WRONG_TYPE);
    assertError(flags.jsonDetail("max-items", "d"), "d", FlagErrorKind.WRONG_TYPE);
    assertError(flags.stringDetail("no-such-flag", null), null, FlagErrorKind.FLAG_NOT_FOUND);
    assertError(flags.booleanDetail(null, false), false, FlagErrorKind.FLAG_NOT_FOUND);
    assertError(flags.booleanDetail("broken", true), true, FlagErrorKind.MALFORMED_FLAG);
    // Off without an off variation: the caller's default, for the reason OFF (not an error).
    assertThat(flags.booleanDetail("dark-mode", true))
        .isEqualTo(new FlagDetail<>(true, null, FlagReason.OFF, null, null, null, null));
  }

  @Test
  void aPushChangesAndRemovesFlagsTellsListenersAndIsStored() {
    sync.catchUp();
    List<FlagChange> heard = new CopyOnWriteArrayList<>();
    flags.addListener(heard::add);

    sync.pushed(
        Json.parse(
            """
            {"_cairnOnFlagsChanged":{"version":"v2","flags":[
              {"key":"checkout-v2","kind":"boolean","value":"false","variation":"off","reason":"OFF"},
              {"key":"banner","kind":"string","value":null,"reason":"ERROR","errorKind":"FLAG_NOT_FOUND"}
            ]}}
            """));

    assertThat(heard)
        .containsExactly(new FlagChange(Set.of("checkout-v2", "banner"), FlagsStatus.LIVE));
    assertThat(flags.booleanDetail("checkout-v2", true).reason()).isEqualTo(FlagReason.OFF);
    assertThat(flags.getBoolean("checkout-v2", true)).isFalse();
    assertThat(flags.stringDetail("banner", "none").errorKind())
        .isEqualTo(FlagErrorKind.FLAG_NOT_FOUND);
    FlagCache.Stored stored = new FlagCache(store).load("u-1").orElseThrow();
    assertThat(stored.version()).isEqualTo("v2");
    assertThat(stored.flags())
        .extracting(ServedFlag::key)
        .doesNotContain("banner")
        .contains("checkout-v2");

    sync.offline();
    assertThat(heard.get(heard.size() - 1)).isEqualTo(new FlagChange(Set.of(), FlagsStatus.STALE));
    assertThat(flags.getBoolean("checkout-v2", true)).isFalse();
  }

  @Test
  void aFailedQueryIsRetriedWithBackoffUntilTheServerAnswers() {
    failuresLeft.set(2);

    sync.catchUp();
    assertThat(flags.status()).isEqualTo(FlagsStatus.NOT_LOADED);
    scheduler.advance(scheduler.requestedDelays().get(0));
    assertThat(flags.status()).isEqualTo(FlagsStatus.NOT_LOADED);
    scheduler.advance(scheduler.requestedDelays().get(1));

    assertThat(flags.status()).isEqualTo(FlagsStatus.LIVE);
    assertThat(scheduler.requestedDelays().get(1))
        .isGreaterThan(scheduler.requestedDelays().get(0));
  }

  @Test
  void anotherUserSeesOnlyTheirOwnStoredValuesNeverThePreviousUsers() throws Exception {
    sync.catchUp();
    store.close();

    CountDownLatch switched = new CountDownLatch(1);
    try (CairnClient bob =
        CairnClient.builder()
            .endpoint(URI.create("http://127.0.0.1:1/t/shop/graphql"))
            .auth(Auth.token(() -> jwt("u-2")))
            .models(Post.TYPE)
            .storeFile(dir.resolve("app.db"))
            .build()) {
      // Before the engine has asked the auth, the last stored user's values are assumed.
      assertThat(bob.flags().status()).isEqualTo(FlagsStatus.CACHED);
      bob.flags()
          .addListener(
              c -> {
                if (c.status() == FlagsStatus.NOT_LOADED) {
                  switched.countDown();
                }
              });
      bob.start();
      assertThat(switched.await(10, TimeUnit.SECONDS)).isTrue();
      assertError(bob.flags().booleanDetail("checkout-v2", false), false, FlagErrorKind.NOT_LOADED);
    }
    store = LocalStore.open(dir.resolve("app.db"), List.of(Post.TYPE));
  }

  @Test
  void anUnreadableStoredRowReadsAsNothingStored() throws Exception {
    sync.catchUp();
    store.transaction(
        c -> {
          try (Statement s = c.createStatement()) {
            s.execute("UPDATE " + FlagCache.TABLE + " SET flags = '{not json'");
          }
          return null;
        });
    DefaultFlags reopened = new DefaultFlags();

    syncFor(store, reopened, jwt("u-1")).loadLastStored();

    assertThat(reopened.status()).isEqualTo(FlagsStatus.NOT_LOADED);
    assertError(reopened.booleanDetail("checkout-v2", false), false, FlagErrorKind.NOT_LOADED);
  }

  @Test
  void aContextAttributeThatIsNoJsonValueIsRefusedNamingIt() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> FlagContext.builder().attribute("started", java.time.Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("`started`");
  }

  private static <T> void assertError(FlagDetail<T> detail, T defaultValue, FlagErrorKind kind) {
    assertThat(detail.value()).isEqualTo(defaultValue);
    assertThat(detail.reason()).isEqualTo(FlagReason.ERROR);
    assertThat(detail.errorKind()).isEqualTo(kind);
    assertThat(detail.errorMessage()).isNotBlank();
  }

  private FlagSync syncFor(LocalStore on, DefaultFlags into, String token) {
    HttpClient http = HttpClient.newHttpClient();
    Engine engine =
        new Engine(
            Map.<String, ModelType<?>>of("Post", Post.TYPE),
            on,
            new Merger(on),
            new Observers(),
            new Events(),
            new GraphQLHttp(
                http,
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/graphql"),
                Auth.token(() -> token),
                Duration.ofSeconds(5)),
            http,
            scheduler,
            Clock.systemUTC(),
            new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0.0),
            ConflictHandler.retryLocal(),
            (CairnException e) -> {},
            new Engine.Settings(1000, 10_000, Duration.ofHours(24), Map.of()));
    return new FlagSync(
        engine, into, new FlagCache(on), FlagContext.builder().appVersion("2.1.0").build());
  }

  /** An unsigned JWT naming {@code sub}: the client only reads it; the server would verify it. */
  static String jwt(String sub) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"none\"}".getBytes(UTF8))
        + "."
        + b64.encodeToString(("{\"sub\":\"" + sub + "\"}").getBytes(UTF8))
        + ".sig";
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;
}
