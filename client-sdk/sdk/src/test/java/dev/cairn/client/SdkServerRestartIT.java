package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.client.testmodel.Note;
import dev.cairn.client.testmodel.Post;
import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.PayaraNode;
import dev.cairn.testkit.TestKeycloak;
import dev.cairn.testkit.TestStack;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SDK clients while the server restarts: the real WAR on Payara Micro as a child process ({@link
 * PayaraNode}) is stopped with SIGTERM and started again with the same data, and the clients,
 * connected when it went down, must come back by themselves: reconnect, subscribe again, delta-sync
 * what another client wrote while they were away, drain what they wrote offline — each mutation
 * reaching the server once — and end with the same records as the server.
 */
@ExtendWith(CairnStackExtension.class)
class SdkServerRestartIT {
  private static final Duration WAIT = Duration.ofMinutes(3);

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void clientsConnectedWhileTheServerRestartsReconnectCatchUpAndDrainTheirOutboxesOnce(
      TestKeycloak keycloak) throws Exception {
    Map<String, String> config = TestStack.get().serverConfig();
    int port = TestStack.freePort();
    Path logs = Files.createDirectories(Path.of("target/server-restart").toAbsolutePath());
    PayaraNode node = PayaraNode.start(config, logs, port);
    PayaraNode[] running = {node};
    open.add(() -> running[0].close());
    TestTenant tenant =
        TestTenant.create(
            node.base(), keycloak.consoleToken(), SdkSyncIT.SCHEMA, "{\"default\":\"AUTOMERGE\"}");
    String tag = "rs-" + UUID.randomUUID() + "-";

    // A and B reach the node through proxies, which only serve to hold them off after the restart
    // until the other client has written; the restart itself is the real one.
    TcpProxy toA = proxy(port);
    TcpProxy toB = proxy(port);
    EventLog aEvents = new EventLog();
    CairnClient a = client(tenant, proxied(tenant, toA), "a.db", aEvents);
    EventLog bEvents = new EventLog();
    CairnClient b = client(tenant, proxied(tenant, toB), "b.db", bEvents);
    a.start();
    b.start();
    aEvents.await(e -> e instanceof CairnEvent.Ready, 1, WAIT);
    bEvents.await(e -> e instanceof CairnEvent.Ready, 1, WAIT);
    CountDownLatch bHasShared = new CountDownLatch(1);
    b.observe(Post.TYPE, Post.ID.eq(tag + "shared"), change -> bHasShared.countDown());
    a.save(new Post(tag + "shared", "before the restart", null, null, null));
    assertThat(bHasShared.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    running[0].close();
    aEvents.await(e -> e instanceof CairnEvent.NetworkStatus s && !s.active(), 1, WAIT);
    bEvents.await(e -> e instanceof CairnEvent.NetworkStatus s && !s.active(), 1, WAIT);
    toA.cut();
    toB.cut();
    long aReady = aEvents.count(e -> e instanceof CairnEvent.Ready);
    long bReady = bEvents.count(e -> e instanceof CairnEvent.Ready);
    Map<EventLog, Integer> marks =
        Map.of(aEvents, aEvents.all().size(), bEvents, bEvents.all().size());

    // Written while the server is down: queued in each client's outbox.
    for (int i = 0; i < 3; i++) {
      a.save(new Post(tag + "a-" + i, "offline on A", i, null, null));
    }
    for (int i = 0; i < 2; i++) {
      b.save(new Post(tag + "b-" + i, "offline on B", i, null, null));
    }
    Post shared = a.query(Post.TYPE, tag + "shared").orElseThrow();
    a.save(shared.withTitle("title from A"));
    b.save(b.query(Post.TYPE, tag + "shared").orElseThrow().withRating(7));

    running[0] = PayaraNode.start(config, logs, port);
    // Another client writes on the restarted server while A and B are still away.
    EventLog cEvents = new EventLog();
    CairnClient c = client(tenant, tenant.endpoint(), "c.db", cEvents);
    c.start();
    cEvents.await(e -> e instanceof CairnEvent.Ready, 1, WAIT);
    for (int i = 0; i < 3; i++) {
      c.save(new Post(tag + "c-" + i, "written during the outage", i, null, null));
    }
    cEvents.await(e -> e instanceof CairnEvent.OutboxMutationProcessed, 3, WAIT);

    toA.restore();
    toB.restore();

    for (EventLog events : List.of(aEvents, bEvents)) {
      events.await(e -> e instanceof CairnEvent.NetworkStatus s && s.active(), 2, WAIT);
      events.await(e -> e instanceof CairnEvent.SubscriptionsEstablished, 2, WAIT);
    }
    aEvents.await(e -> e instanceof CairnEvent.Ready, aReady + 1, WAIT);
    bEvents.await(e -> e instanceof CairnEvent.Ready, bReady + 1, WAIT);
    // Each offline write acknowledged by the restarted server.
    for (int i = 0; i < 3; i++) {
      awaitProcessed(aEvents, tag + "a-" + i, MutationType.CREATE);
    }
    for (int i = 0; i < 2; i++) {
      awaitProcessed(bEvents, tag + "b-" + i, MutationType.CREATE);
    }
    awaitProcessed(aEvents, tag + "shared", MutationType.UPDATE);
    awaitProcessed(bEvents, tag + "shared", MutationType.UPDATE);
    for (CairnClient client : List.of(a, b)) {
      assertThat(client.query(Post.TYPE, Post.ID.beginsWith(tag + "c-")))
          .as("what was written during the outage came down")
          .hasSize(3);
    }
    for (EventLog events : List.of(aEvents, bEvents)) {
      List<CairnEvent> after = events.all();
      assertThat(
              after.subList(marks.get(events), after.size()).stream()
                  .filter(e -> e instanceof CairnEvent.ModelSynced s && s.model().equals("Post"))
                  .map(e -> ((CairnEvent.ModelSynced) e).fullSync()))
          .as("the catch-up after the restart is a delta sync")
          .contains(false)
          .doesNotContain(true);
    }

    // Subscribed again: a live write of C reaches both.
    CountDownLatch live = new CountDownLatch(2);
    a.observe(Post.TYPE, Post.ID.eq(tag + "live"), change -> live.countDown());
    b.observe(Post.TYPE, Post.ID.eq(tag + "live"), change -> live.countDown());
    c.save(new Post(tag + "live", "live after the restart", 1, null, null));
    assertThat(live.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("live again on A and B").isTrue();

    Map<String, Map<String, Object>> server = tenant.records("Post", "Posts", FIELDS, tag);
    for (int i = 0; i < 3; i++) {
      assertThat(server.get(tag + "a-" + i))
          .as("A's create %d, once", i)
          .containsEntry("_version", 1L);
    }
    for (int i = 0; i < 2; i++) {
      assertThat(server.get(tag + "b-" + i))
          .as("B's create %d, once", i)
          .containsEntry("_version", 1L);
    }
    assertThat(server.get(tag + "shared"))
        .as("A's and B's offline edits of one record, each applied once and merged")
        .containsEntry("title", "title from A")
        .containsEntry("rating", 7L)
        .containsEntry("_version", 3L);
    assertThat(aEvents.count(e -> e instanceof CairnEvent.MutationFailed)).isZero();
    assertThat(bEvents.count(e -> e instanceof CairnEvent.MutationFailed)).isZero();

    Map<String, String> expected = canonical(server);
    TestTenant.eventually(
        WAIT,
        () -> {
          try {
            return expected.equals(local(a, "a.db", tag))
                && expected.equals(local(b, "b.db", tag))
                && expected.equals(local(c, "c.db", tag));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        () -> {
          try {
            return "server "
                + expected
                + "\nA "
                + local(a, "a.db", tag)
                + "\nB "
                + local(b, "b.db", tag)
                + "\nC "
                + local(c, "c.db", tag);
          } catch (Exception e) {
            return e.toString();
          }
        });
  }

  private static final String FIELDS = "id title rating";

  private static void awaitProcessed(EventLog events, String id, MutationType mutation)
      throws InterruptedException {
    events.await(
        e ->
            e instanceof CairnEvent.OutboxMutationProcessed p
                && p.id().equals(id)
                && p.mutation() == mutation,
        1,
        WAIT);
  }

  private static Map<String, String> canonical(Map<String, Map<String, Object>> records) {
    Map<String, String> out = new TreeMap<>();
    records.forEach(
        (id, r) ->
            out.put(
                id,
                r.get("title")
                    + "|"
                    + (r.get("rating") == null ? null : ((Number) r.get("rating")).longValue())
                    + "|"
                    + ((Number) r.get("_version")).longValue()));
    return out;
  }

  private Map<String, String> local(CairnClient client, String file, String tag) throws Exception {
    Map<String, Integer> versions = TestTenant.localVersions(dir.resolve(file), "Post");
    Map<String, String> out = new TreeMap<>();
    for (Post post : client.query(Post.TYPE, Post.ID.beginsWith(tag))) {
      out.put(
          post.id(),
          post.title()
              + "|"
              + (post.rating() == null ? null : post.rating().longValue())
              + "|"
              + versions.get(post.id()));
    }
    return out;
  }

  private TcpProxy proxy(int port) throws Exception {
    TcpProxy proxy = new TcpProxy("localhost", port);
    open.add(proxy);
    return proxy;
  }

  private static URI proxied(TestTenant tenant, TcpProxy proxy) {
    return URI.create("http://127.0.0.1:" + proxy.port() + tenant.endpoint().getRawPath());
  }

  private CairnClient client(TestTenant tenant, URI endpoint, String file, EventLog events) {
    CairnClient client =
        CairnClient.builder()
            .endpoint(endpoint)
            .auth(Auth.apiKey(tenant.apiKey()))
            .models(Post.TYPE, Note.TYPE)
            .storeFile(dir.resolve(file))
            .build();
    client.addEventListener(events::add);
    open.add(client);
    return client;
  }
}
