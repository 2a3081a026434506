package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.client.testmodel.Note;
import dev.cairn.client.testmodel.Post;
import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.ClassTenant;
import dev.cairn.testkit.Deployments;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK at the edges of a sync, against the real WAR: a connection reset part-way through a sync
 * page's answer, and one after a create reached the server but before its answer came back (cut at
 * an exact byte by {@link TcpProxy}); the client recovers by itself and nothing is applied twice.
 * And {@code fullSyncInterval} on an injected clock: moving the client's clock past it makes the
 * next start a base sync.
 */
@ExtendWith({CairnStackExtension.class, ArquillianExtension.class})
@RunAsClient
class SdkSyncEdgesIT {
  private static final Duration WAIT = Duration.ofMinutes(2);

  @RegisterExtension
  static final ClassTenant TENANT =
      ClassTenant.signUp("sdk-", SdkSyncIT.SCHEMA)
          .conflicts("{\"default\":\"AUTOMERGE\",\"models\":{\"Note\":\"OPTIMISTIC_CONCURRENCY\"}}")
          .withApiKey();

  @ArquillianResource URL base;
  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @Deployment(testable = false)
  static WebArchive server() {
    return Deployments.server();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  @Test
  void aConnectionResetHalfwayThroughASyncPageIsRecoveredAndTheSyncCompletes() throws Exception {
    String tag = "page-" + UUID.randomUUID() + "-";
    int count = 30;
    for (int first = 0; first < count; first += 10) {
      seed(tag, first, 10);
    }
    TcpProxy proxy = proxy();
    // Pages of 10: the 15th record id in the server's answers lies in the second page's body.
    CountDownLatch cutMidPage = proxy.cutResponseAt(tag, 15);
    EventLog events = new EventLog();
    CairnClient client = client("mid-page.db", events, proxied(proxy), 10);

    client.start();

    assertThat(cutMidPage.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the cut fired").isTrue();
    events.await(e -> e instanceof CairnEvent.Ready, 1, WAIT);
    assertThat(events.all())
        .as("the first page was merged before the second was cut")
        .anySatisfy(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        CairnEvent.SyncProgress.class,
                        p -> {
                          assertThat(p.model()).isEqualTo("Post");
                          assertThat(p.received()).isEqualTo(10);
                        }));
    assertThat(client.query(Post.TYPE, Post.ID.beginsWith(tag))).hasSize(count);
    Map<String, Integer> versions = TestTenant.localVersions(dir.resolve("mid-page.db"), "Post");
    for (int i = 0; i < count; i++) {
      assertThat(versions).containsEntry(tag + i, 1);
    }
    assertThat(proxy.fromServer()).as("the bytes before the cut reached the client").contains(tag);
  }

  @Test
  void aCreateWhoseAnswerIsCutAfterItReachedTheServerIsAppliedExactlyOnce() throws Exception {
    String id = "mid-mutation-" + UUID.randomUUID();
    TcpProxy proxy = proxy();
    EventLog events = new EventLog();
    CairnClient client = client("mid-mutation.db", events, proxied(proxy), 1000);
    client.start();
    events.await(e -> e instanceof CairnEvent.Ready, 1, WAIT);
    CountDownLatch answerCut = proxy.cutAnswerTo(id);

    client.save(new Post(id, "created once", 1, null, null));

    assertThat(answerCut.await(WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("the create reached the server and its answer was cut")
        .isTrue();
    events.await(
        e -> e instanceof CairnEvent.OutboxMutationProcessed p && p.id().equals(id), 1, WAIT);
    assertThat(events.count(e -> e instanceof CairnEvent.MutationFailed)).isZero();
    assertThat(serverVersion("Post", id)).as("one create, not two").isEqualTo(1);
    assertThat(TestTenant.localVersions(dir.resolve("mid-mutation.db"), "Post"))
        .containsEntry(id, 1);

    // The record goes on syncing normally: the next edit is version 2.
    client.save(new Post(id, "edited once", 2, null, null));
    events.await(
        e ->
            e instanceof CairnEvent.OutboxMutationProcessed p
                && p.id().equals(id)
                && p.mutation() == MutationType.UPDATE,
        1,
        WAIT);
    assertThat(serverVersion("Post", id)).isEqualTo(2);
  }

  @Test
  void movingTheClientsClockPastTheFullSyncIntervalMakesTheNextStartABaseSync() throws Exception {
    TcpProxy proxy = proxy();
    MovableClock clock = new MovableClock();
    EventLog events = new EventLog();
    Path file = dir.resolve("interval.db");
    CairnClient client =
        CairnClient.builder()
            .endpoint(proxied(proxy))
            .auth(Auth.apiKey(tenant().apiKey()))
            .models(Post.TYPE)
            .storeFile(file)
            .clock(clock)
            .fullSyncInterval(Duration.ofHours(1))
            .build();
    client.addEventListener(events::add);
    open.add(client);

    Round first = round(client, events, proxy);
    Round second = round(client, events, proxy);
    clock.advance(Duration.ofMinutes(61));
    long movedClock = clock.millis();
    Round third = round(client, events, proxy);
    Round fourth = round(client, events, proxy);

    assertThat(first.fullSync()).as("the first start is a base sync").isTrue();
    assertThat(first.lastSync()).isZero();
    assertThat(second.fullSync()).as("within the interval: delta").isFalse();
    assertThat(second.lastSync()).isPositive();
    assertThat(third.fullSync()).as("the clock moved past the interval: base").isTrue();
    assertThat(third.lastSync()).isZero();
    assertThat(lastFullSync(file))
        .as("the interval is measured on the client's clock")
        .isGreaterThanOrEqualTo(movedClock);
    assertThat(fourth.fullSync()).as("a new interval began at the base sync").isFalse();
    assertThat(fourth.lastSync()).isPositive();
  }

  /** One start-to-stop of a client: was its Post sync full, and the lastSync it sent. */
  record Round(boolean fullSync, long lastSync) {}

  private Round round(CairnClient client, EventLog events, TcpProxy proxy) throws Exception {
    long synced = events.count(e -> e instanceof CairnEvent.ModelSynced);
    long stopped = events.count(e -> e instanceof CairnEvent.NetworkStatus s && !s.active());
    int sent = proxy.fromClient().length();
    client.start();
    events.await(e -> e instanceof CairnEvent.ModelSynced, synced + 1, WAIT);
    CairnEvent.ModelSynced modelSynced =
        (CairnEvent.ModelSynced)
            events.all().stream()
                .filter(e -> e instanceof CairnEvent.ModelSynced)
                .skip(synced)
                .findFirst()
                .orElseThrow();
    client.stop();
    events.await(e -> e instanceof CairnEvent.NetworkStatus s && !s.active(), stopped + 1, WAIT);
    Matcher lastSync =
        Pattern.compile("syncPosts.*?\"lastSync\":(\\d+)", Pattern.DOTALL)
            .matcher(proxy.fromClient().substring(sent));
    assertThat(lastSync.find()).as("a syncPosts request went out").isTrue();
    return new Round(modelSynced.fullSync(), Long.parseLong(lastSync.group(1)));
  }

  private static long lastFullSync(Path file) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT last_full_sync FROM _cairn_sync_state WHERE model = 'Post'")) {
      assertThat(rs.next()).isTrue();
      return rs.getLong(1);
    }
  }

  /** The system clock moved forward by what the test says; nothing else changes its pace. */
  static final class MovableClock extends Clock {
    private final AtomicLong offset = new AtomicLong();

    void advance(Duration by) {
      offset.addAndGet(by.toMillis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public long millis() {
      return System.currentTimeMillis() + offset.get();
    }
  }

  private void seed(String tag, int first, int n) throws Exception {
    StringBuilder query = new StringBuilder("mutation operation(");
    StringBuilder fields = new StringBuilder();
    Map<String, Object> variables = new HashMap<>();
    for (int i = first; i < first + n; i++) {
      query.append(i == first ? "" : ", ").append("$p").append(i).append(": CreatePostInput!");
      fields.append(" p").append(i).append(": createPost(input: $p").append(i).append(") { id }");
      variables.put("p" + i, Map.of("id", tag + i, "title", "seeded " + i));
    }
    Map<String, Object> answer = tenant().graphql(query + ") {" + fields + " }", variables);
    assertThat(answer.get("errors")).as(answer.toString()).isNull();
  }

  @SuppressWarnings("unchecked")
  private int serverVersion(String model, String id) throws Exception {
    Map<String, Object> data =
        (Map<String, Object>)
            tenant()
                .graphql(
                    "query operation($id: ID!) { get" + model + "(id: $id) { id _version } }",
                    Map.of("id", id))
                .get("data");
    return ((Number) ((Map<String, Object>) data.get("get" + model)).get("_version")).intValue();
  }

  private TcpProxy proxy() throws Exception {
    URI direct = tenant().endpoint();
    TcpProxy proxy = new TcpProxy(direct.getHost(), direct.getPort());
    open.add(proxy);
    return proxy;
  }

  private URI proxied(TcpProxy proxy) {
    URI direct = tenant().endpoint();
    return URI.create(direct.getScheme() + "://127.0.0.1:" + proxy.port() + direct.getRawPath());
  }

  private CairnClient client(String file, EventLog events, URI endpoint, int pageSize) {
    CairnClient client =
        CairnClient.builder()
            .endpoint(endpoint)
            .auth(Auth.apiKey(tenant().apiKey()))
            .models(Post.TYPE, Note.TYPE)
            .storeFile(dir.resolve(file))
            .syncPageSize(pageSize)
            .build();
    client.addEventListener(events::add);
    open.add(client);
    return client;
  }

  private static TestTenant tenant() {
    return TestTenant.of(TENANT);
  }
}
