package dev.cairn.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.cairn.client.Auth;
import dev.cairn.client.CairnEvent;
import dev.cairn.client.CairnException;
import dev.cairn.client.ConflictHandler;
import dev.cairn.client.ModelType;
import dev.cairn.client.testmodel.Post;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox is drained with backoff and never gives up. The server here is the JDK's HTTP server
 * answering with scripted failures, because the real server cannot be made to fail on cue; the
 * real-server behaviour is covered by {@code SdkSyncIT}. Time is a {@link ManualScheduler}: no test
 * waits for real delays.
 */
class MutationProcessorTest {
  @TempDir Path dir;
  private HttpServer server;
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();

  /** Bodies to answer with, in order, before the default answer; and the requests' bodies. */
  private final Deque<String> scripted = new ConcurrentLinkedDeque<>();

  private final List<String> sent = new CopyOnWriteArrayList<>();
  private volatile ConflictHandler onConflict = ConflictHandler.retryLocal();
  private LocalStore store;
  private final ManualScheduler scheduler = new ManualScheduler();
  private final List<CairnEvent> events = new CopyOnWriteArrayList<>();
  private MutationProcessor processor;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/graphql",
        exchange -> {
          requests.incrementAndGet();
          sent.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] body;
          int status;
          String script = scripted.poll();
          if (script != null) {
            status = 200;
            body = script.getBytes(StandardCharsets.UTF_8);
          } else if (failuresLeft.getAndDecrement() > 0) {
            status = 503;
            body = "{}".getBytes(StandardCharsets.UTF_8);
          } else {
            status = 200;
            body =
                ("{\"data\":{\"createPost\":{\"id\":\"p1\",\"title\":\"t\",\"_version\":1,"
                        + "\"_lastChangedAt\":5,\"_deleted\":false}}}")
                    .getBytes(StandardCharsets.UTF_8);
          }
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    store = LocalStore.open(dir.resolve("m.db"), List.of(Post.TYPE));
    Events bus = new Events();
    bus.add(events::add);
    HttpClient http = HttpClient.newHttpClient();
    Engine engine =
        new Engine(
            Map.<String, ModelType<?>>of("Post", Post.TYPE),
            store,
            new Merger(store),
            new Observers(),
            bus,
            new GraphQLHttp(
                http,
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/graphql"),
                Auth.apiKey("k"),
                Duration.ofSeconds(5)),
            http,
            scheduler,
            Clock.systemUTC(),
            new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0.0),
            conflict -> onConflict.resolve(conflict),
            (CairnException e) -> {},
            new Engine.Settings(1000, 10_000, Duration.ofHours(24), Map.of()));
    processor = new MutationProcessor(engine);
  }

  @AfterEach
  void stop() {
    server.stop(0);
    store.close();
  }

  @Test
  void aMutationIsRetriedWithGrowingBackoffThroughAnyNumberOfServerErrorsAndNeverDropped() {
    new LocalWrites(store).save(Post.TYPE, Map.of("id", "p1", "title", "t"), null);
    failuresLeft.set(12);

    processor.start();
    for (int i = 0; i < 12; i++) {
      assertThat(processor.backingOff()).isTrue();
      assertThat(events).noneMatch(e -> e instanceof CairnEvent.MutationFailed);
      List<Duration> delays = scheduler.requestedDelays();
      scheduler.advance(delays.get(delays.size() - 1));
      assertThat(requests.get()).isEqualTo(i + 2);
    }

    assertThat(requests.get()).isEqualTo(13);
    assertThat(scheduler.requestedDelays())
        .startsWith(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200))
        .contains(Duration.ofSeconds(5));
    assertThat(events).anyMatch(e -> e instanceof CairnEvent.OutboxMutationProcessed);
    assertThat(store.transaction(c -> store.get(c, Post.TYPE, "p1")).orElseThrow().version())
        .isEqualTo(1);
    Long left = store.transaction(c -> store.outbox().size(c));
    assertThat(left).isZero();
  }

  @Test
  void aKickDuringABackoffDoesNotCutItShortButReconnectingDoes() {
    new LocalWrites(store).save(Post.TYPE, Map.of("id", "p1", "title", "t"), null);
    failuresLeft.set(1);
    processor.start();
    assertThat(requests.get()).isEqualTo(1);

    processor.kick();
    scheduler.runPending();
    assertThat(requests.get()).isEqualTo(1);

    processor.retryNow();
    assertThat(requests.get()).isEqualTo(2);
    assertThat(events).anyMatch(e -> e instanceof CairnEvent.OutboxMutationProcessed);
  }

  @Test
  void aRetryWithResendsOnlyWhatDiffersFromTheServerSoASecondConflictKeepsAnotherClientsChange() {
    store.transaction(
        c -> {
          store.put(
              c,
              Post.TYPE,
              new StoredRecord(Map.of("id", "p1", "title", "t", "rating", 1L), 1, 5, false));
          return null;
        });
    new LocalWrites(store).save(Post.TYPE, Map.of("id", "p1", "title", "mine", "rating", 1), null);
    List<ConflictHandler.Conflict> conflicts = new CopyOnWriteArrayList<>();
    // The handler a user writes first: the server's record with the local change on top.
    onConflict =
        conflict -> {
          conflicts.add(conflict);
          Map<String, Object> merged = new TreeMap<>(conflict.remote());
          merged.putAll(conflict.local());
          return new ConflictHandler.RetryWith(merged);
        };
    // Another client changed the rating, twice: the retry meets a second conflict.
    scripted.add(conflictWith("{\"id\":\"p1\",\"title\":\"t\",\"rating\":2,\"_version\":2}"));
    scripted.add(conflictWith("{\"id\":\"p1\",\"title\":\"t\",\"rating\":3,\"_version\":3}"));
    scripted.add(
        "{\"data\":{\"updatePost\":{\"id\":\"p1\",\"title\":\"mine\",\"rating\":3,"
            + "\"_version\":4,\"_lastChangedAt\":9,\"_deleted\":false}}}");

    processor.start();
    scheduler.runPending();

    assertThat(conflicts).hasSize(2);
    assertThat(conflicts.get(0).local()).isEqualTo(Map.of("title", "mine"));
    assertThat(conflicts.get(1).local())
        .as("the retried change, not the record the handler returned")
        .isEqualTo(Map.of("title", "mine"));
    assertThat(sent).hasSize(3);
    for (String body : sent) {
      assertThat(input(body)).containsEntry("title", "mine").doesNotContainKey("rating");
    }
    assertThat(input(sent.get(1))).containsEntry("_version", 2L);
    assertThat(input(sent.get(2))).containsEntry("_version", 3L);
    StoredRecord stored = store.transaction(c -> store.get(c, Post.TYPE, "p1")).orElseThrow();
    assertThat(stored.values()).containsEntry("title", "mine").containsEntry("rating", 3L);
    assertThat(stored.version()).isEqualTo(4);
    assertThat(events).noneMatch(e -> e instanceof CairnEvent.MutationFailed);
  }

  private static String conflictWith(String remote) {
    return "{\"data\":{\"updatePost\":null},\"errors\":[{\"errorType\":\"ConflictUnhandled\","
        + "\"message\":\"Conflict resolver rejects mutation.\",\"data\":"
        + remote
        + "}]}";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> input(String request) {
    Map<String, Object> variables =
        (Map<String, Object>) Json.parseObject(request).get("variables");
    return (Map<String, Object>) variables.get("input");
  }
}
