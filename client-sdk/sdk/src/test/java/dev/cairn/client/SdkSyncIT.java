package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.client.testmodel.Note;
import dev.cairn.client.testmodel.Post;
import dev.cairn.client.testmodel.Task;
import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.ClassTenant;
import dev.cairn.testkit.Deployments;
import dev.cairn.testkit.TestKeycloak;
import dev.cairn.testkit.TestStack;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * SDK clients against the real server WAR on Payara Micro, with the run's real Keycloak and the
 * embedded MongoDB, each client on its own real SQLite file: offline writes drain when a client
 * starts, changes reach other clients live, conflicts under optimistic concurrency go to the
 * conflict handler, a lost create acknowledgement does not duplicate, and a restarted client keeps
 * its store and outbox.
 */
@ExtendWith({CairnStackExtension.class, ArquillianExtension.class})
@RunAsClient
class SdkSyncIT {
  static final String SCHEMA =
      """
      enum Status { DRAFT PUBLISHED }
      type Post @model @auth(rules: [{ allow: public }]) {
        id: ID!
        title: String!
        rating: Int
        status: Status
        tags: [String]
      }
      type Note @model @auth(rules: [{ allow: public }]) { id: ID! text: String! }
      type Task @model @auth(rules: [{ allow: owner }]) { id: ID! title: String! }
      """;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension
  static final ClassTenant TENANT =
      ClassTenant.signUp("sdk-", SCHEMA)
          .conflicts("{\"default\":\"AUTOMERGE\",\"models\":{\"Note\":\"OPTIMISTIC_CONCURRENCY\"}}")
          .withApiKey()
          .appUser("alice", "pw")
          .appUser("bob", "pw");

  private final TestKeycloak keycloak = TestStack.get().keycloak();
  private final List<CairnClient> clients = new ArrayList<>();
  @ArquillianResource URL base;
  @TempDir Path dir;

  @Deployment(testable = false)
  static WebArchive server() {
    return Deployments.server();
  }

  @AfterEach
  void closeClients() {
    clients.forEach(CairnClient::close);
  }

  @Test
  void offlineWritesDrainOnStartAndReachAnotherClientLive() throws Exception {
    EventLog bobEvents = new EventLog();
    CairnClient bob = client("bob.db", bobEvents, ConflictHandler.retryLocal());
    String tag = UUID.randomUUID().toString();
    CountDownLatch bobSawAll = new CountDownLatch(3);
    List<ModelChange<Post>> bobSaw = new CopyOnWriteArrayList<>();
    bob.observe(
        Post.TYPE,
        Post.TITLE.beginsWith(tag),
        change -> {
          bobSaw.add(change);
          bobSawAll.countDown();
        });
    bob.start();
    bobEvents.await(e -> e instanceof CairnEvent.Ready);

    EventLog aliceEvents = new EventLog();
    CairnClient alice = client("alice.db", aliceEvents, ConflictHandler.retryLocal());
    for (int i = 0; i < 3; i++) {
      alice.save(
          new Post("p-" + tag + "-" + i, tag + " post " + i, i, Post.Status.DRAFT, List.of("x")));
    }
    assertThat(aliceEvents.count(e -> e instanceof CairnEvent.OutboxMutationEnqueued)).isEqualTo(3);
    alice.start();

    aliceEvents.await(e -> e instanceof CairnEvent.OutboxMutationProcessed, 3, WAIT);
    assertThat(bobSawAll.await(WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("bob saw alice's posts")
        .isTrue();
    assertThat(bobSaw).allSatisfy(c -> assertThat(c.origin()).isEqualTo(ModelChange.Origin.REMOTE));
    assertThat(bob.query(Post.TYPE, Post.TITLE.beginsWith(tag))).hasSize(3);

    CountDownLatch bobSawEdit = new CountDownLatch(1);
    bob.observe(Post.TYPE, Post.TITLE.eq(tag + " edited"), c -> bobSawEdit.countDown());
    Post first = alice.query(Post.TYPE, "p-" + tag + "-0").orElseThrow();
    alice.save(first.withTitle(tag + " edited").withRating(9));

    assertThat(bobSawEdit.await(WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("bob saw the edit")
        .isTrue();
    assertThat(bob.query(Post.TYPE, first.id())).map(Post::rating).contains(9);
    assertThat(serverVersion("Post", first.id())).isEqualTo(2);

    // A third client, started late, base-syncs what is there.
    EventLog carolEvents = new EventLog();
    CairnClient carol = client("carol.db", carolEvents, ConflictHandler.retryLocal());
    carol.start();
    carolEvents.await(e -> e instanceof CairnEvent.Ready);
    assertThat(carol.query(Post.TYPE, Post.TITLE.beginsWith(tag))).hasSize(3);
    assertThat(carolEvents.all())
        .anySatisfy(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        CairnEvent.ModelSynced.class,
                        s -> {
                          assertThat(s.model()).isEqualTo("Post");
                          assertThat(s.fullSync()).isTrue();
                          assertThat(s.created()).isGreaterThanOrEqualTo(3);
                        }));
  }

  @Test
  void aConflictUnderOptimisticConcurrencyGoesToTheHandlerAndBothClientsConverge()
      throws Exception {
    String id = "n-" + UUID.randomUUID();
    EventLog aliceEvents = new EventLog();
    CairnClient alice = client("alice.db", aliceEvents, ConflictHandler.retryLocal());
    alice.start();
    aliceEvents.await(e -> e instanceof CairnEvent.Ready);
    alice.save(new Note(id, "first"));
    aliceEvents.await(e -> e instanceof CairnEvent.OutboxMutationProcessed);

    List<ConflictHandler.Conflict> conflicts = new CopyOnWriteArrayList<>();
    EventLog bobEvents = new EventLog();
    CairnClient bob =
        client(
            "bob.db",
            bobEvents,
            conflict -> {
              conflicts.add(conflict);
              return new ConflictHandler.RetryLocal();
            });
    bob.start();
    bobEvents.await(e -> e instanceof CairnEvent.Ready);
    assertThat(bob.query(Note.TYPE, id)).map(Note::text).contains("first");
    bob.stop();
    bobEvents.await(e -> e instanceof CairnEvent.NetworkStatus s && !s.active());

    alice.save(new Note(id, "alice's edit"));
    aliceEvents.await(e -> e instanceof CairnEvent.OutboxMutationProcessed, 2, WAIT);
    bob.save(new Note(id, "bob's edit"));
    CountDownLatch aliceSawBob = new CountDownLatch(1);
    alice.observe(Note.TYPE, Note.TEXT.eq("bob's edit"), c -> aliceSawBob.countDown());
    bob.start();

    bobEvents.await(e -> e instanceof CairnEvent.OutboxMutationProcessed);
    assertThat(conflicts).isNotEmpty();
    assertThat(conflicts.get(0).remote()).containsEntry("text", "alice's edit");
    assertThat(conflicts.get(0).local()).containsEntry("text", "bob's edit");
    assertThat(aliceSawBob.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(alice.query(Note.TYPE, id)).map(Note::text).contains("bob's edit");
    assertThat(bob.query(Note.TYPE, id)).map(Note::text).contains("bob's edit");
    assertThat(serverVersion("Note", id)).isEqualTo(3);
  }

  @Test
  void aRestartedClientKeepsItsSqliteFileAndItsOutboxAndDrainsIt() throws Exception {
    String id = "r-" + UUID.randomUUID();
    CairnClient before = client("restart.db", new EventLog(), ConflictHandler.retryLocal());
    before.save(new Post(id, "written offline", 1, null, null));
    before.save(new Post(id, "written offline, edited", 2, null, null));
    before.close();
    clients.remove(before);

    EventLog events = new EventLog();
    CairnClient after = client("restart.db", events, ConflictHandler.retryLocal());
    assertThat(after.query(Post.TYPE, id)).map(Post::title).contains("written offline, edited");
    after.start();

    events.await(e -> e instanceof CairnEvent.OutboxMutationProcessed);
    events.await(e -> e instanceof CairnEvent.OutboxStatus s && s.empty());
    assertThat(serverVersion("Post", id)).isEqualTo(1);
    assertThat(events.count(e -> e instanceof CairnEvent.OutboxMutationProcessed)).isEqualTo(1);
    assertThat(serverTitle("Post", id)).isEqualTo("written offline, edited");
  }

  @Test
  void aCreateWhoseAcknowledgementWasLostIsNotDuplicatedNorReportedAsFailed() throws Exception {
    String id = "l-" + UUID.randomUUID();
    // The create reached the server, but the client never heard back: it is still queued locally.
    graphql(
        "mutation operation($input: CreatePostInput!) { createPost(input: $input) { id } }",
        Map.of("input", Map.of("id", id, "title", "once")));
    EventLog events = new EventLog();
    CairnClient client = client("lost.db", events, ConflictHandler.retryLocal());
    client.save(new Post(id, "once", null, null, null));

    client.start();

    events.await(e -> e instanceof CairnEvent.OutboxMutationProcessed);
    assertThat(events.count(e -> e instanceof CairnEvent.MutationFailed)).isZero();
    assertThat(serverVersion("Post", id)).isEqualTo(1);
    client.save(new Post(id, "twice", null, null, null));
    events.await(e -> e instanceof CairnEvent.OutboxMutationProcessed, 2, WAIT);
    assertThat(serverVersion("Post", id)).isEqualTo(2);
    assertThat(serverTitle("Post", id)).isEqualTo("twice");
  }

  @Test
  void aClientRecoversByItselfAfterANetworkCutAndCatchesUpOnWhatItMissed() throws Exception {
    URI direct = endpoint();
    try (TcpProxy proxy = new TcpProxy(direct.getHost(), direct.getPort())) {
      URI proxied =
          URI.create(direct.getScheme() + "://127.0.0.1:" + proxy.port() + direct.getRawPath());
      EventLog cutEvents = new EventLog();
      CairnClient cutOff = client("cut.db", cutEvents, ConflictHandler.retryLocal(), proxied);
      cutOff.start();
      cutEvents.await(e -> e instanceof CairnEvent.Ready);
      EventLog otherEvents = new EventLog();
      CairnClient other = client("other.db", otherEvents, ConflictHandler.retryLocal());
      other.start();
      otherEvents.await(e -> e instanceof CairnEvent.Ready);

      proxy.cut();
      cutEvents.await(e -> e instanceof CairnEvent.NetworkStatus s && !s.active());
      String tag = UUID.randomUUID().toString();
      cutOff.save(new Post("c-" + tag, tag + " written during the cut", 1, null, null));
      other.save(new Post("o-" + tag, tag + " missed during the cut", 2, null, null));
      otherEvents.await(e -> e instanceof CairnEvent.OutboxMutationProcessed);
      assertThat(cutOff.query(Post.TYPE, "o-" + tag)).isEmpty();
      CountDownLatch otherSawIt = new CountDownLatch(1);
      other.observe(Post.TYPE, Post.ID.eq("c-" + tag), c -> otherSawIt.countDown());

      proxy.restore();

      cutEvents.await(e -> e instanceof CairnEvent.NetworkStatus s && s.active(), 2, WAIT);
      cutEvents.await(e -> e instanceof CairnEvent.OutboxMutationProcessed);
      cutEvents.await(e -> e instanceof CairnEvent.Ready, 2, WAIT);
      assertThat(cutOff.query(Post.TYPE, "o-" + tag)).as("delta sync after reconnect").isPresent();
      assertThat(otherSawIt.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(serverVersion("Post", "c-" + tag)).isEqualTo(1);
    }
  }

  @Test
  void aSyncExpressionKeepsOnlyMatchingRecordsAndObserveQueryReportsWhenSynced() throws Exception {
    String tag = UUID.randomUUID().toString();
    EventLog writerEvents = new EventLog();
    CairnClient writer = client("writer.db", writerEvents, ConflictHandler.retryLocal());
    writer.save(new Post("lo-" + tag, tag + " low", 1, null, null));
    writer.save(new Post("hi-" + tag, tag + " high", 5, null, null));
    writer.start();
    writerEvents.await(e -> e instanceof CairnEvent.OutboxMutationProcessed, 2, WAIT);

    EventLog events = new EventLog();
    CairnClient selective =
        CairnClient.builder()
            .endpoint(endpoint())
            .auth(Auth.apiKey(TENANT.apiKey()))
            .models(Post.TYPE, Note.TYPE)
            .storeFile(dir.resolve("selective.db"))
            .syncExpression(Post.TYPE, Post.RATING.gt(3))
            .build();
    clients.add(selective);
    selective.addEventListener(events::add);
    List<QuerySnapshot<Post>> snapshots = new CopyOnWriteArrayList<>();
    selective.observeQuery(Post.TYPE, Post.TITLE.beginsWith(tag), null, snapshots::add);
    selective.start();
    events.await(e -> e instanceof CairnEvent.Ready);
    CountDownLatch liveHigh = new CountDownLatch(1);
    selective.observe(Post.TYPE, Post.ID.eq("hi2-" + tag), c -> liveHigh.countDown());
    writer.save(new Post("lo2-" + tag, tag + " low again", 2, null, null));
    writer.save(new Post("hi2-" + tag, tag + " high again", 4, null, null));

    assertThat(liveHigh.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(selective.query(Post.TYPE, Post.TITLE.beginsWith(tag)))
        .extracting(Post::id)
        .containsExactlyInAnyOrder("hi-" + tag, "hi2-" + tag);
    assertThat(snapshots.get(0).isSynced()).isFalse();
    assertThat(snapshots)
        .anySatisfy(
            s -> {
              assertThat(s.isSynced()).isTrue();
              assertThat(s.items()).extracting(Post::id).containsExactly("hi-" + tag);
            });
  }

  @Test
  void subscriptionsCarryTheSyncExpressionAsAFilterSoTheServerSendsOnlyMatchingRecords()
      throws Exception {
    String tag = UUID.randomUUID().toString();
    EventLog writerEvents = new EventLog();
    CairnClient writer = client("writer-f.db", writerEvents, ConflictHandler.retryLocal());
    writer.start();
    writerEvents.await(e -> e instanceof CairnEvent.Ready);
    URI direct = endpoint();
    try (TcpProxy proxy = new TcpProxy(direct.getHost(), direct.getPort())) {
      URI proxied =
          URI.create(direct.getScheme() + "://127.0.0.1:" + proxy.port() + direct.getRawPath());
      List<CairnException> errors = new CopyOnWriteArrayList<>();
      EventLog events = new EventLog();
      CairnClient filtered =
          CairnClient.builder()
              .endpoint(proxied)
              .auth(Auth.apiKey(TENANT.apiKey()))
              .models(Post.TYPE, Note.TYPE)
              .storeFile(dir.resolve("filtered.db"))
              .syncExpression(Post.TYPE, Post.RATING.gt(3))
              // `not` is no part of ModelSubscriptionNoteFilterInput: refused, then unfiltered
              .syncExpression(Note.TYPE, Note.TEXT.beginsWith("x").negate())
              .errorHandler(errors::add)
              .build();
      clients.add(filtered);
      filtered.addEventListener(events::add);
      filtered.start();
      events.await(e -> e instanceof CairnEvent.Ready);
      CountDownLatch high = new CountDownLatch(1);
      filtered.observe(Post.TYPE, Post.ID.eq("hi-" + tag), c -> high.countDown());
      CountDownLatch note = new CountDownLatch(1);
      filtered.observe(
          Note.TYPE, QueryField.<String>of("id").eq("n-" + tag), c -> note.countDown());

      writer.save(new Post("lo-" + tag, tag + " low", 1, null, null));
      writer.save(new Post("hi-" + tag, tag + " high", 9, null, null));
      writer.save(new Note("n-" + tag, "a note"));

      assertThat(high.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(note.await(WAIT.toSeconds(), TimeUnit.SECONDS))
          .as("the unfiltered retry of a refused filter delivers")
          .isTrue();
      // Changes are sent in commit order: the low post would have come before the high one.
      assertThat(proxy.fromServer()).contains("hi-" + tag).doesNotContain("lo-" + tag);
      assertThat(errors).as("a refused filter is no error for the app").isEmpty();
    }
  }

  @Test
  void ownersSyncAndReceiveOnlyTheirOwnRecords() throws Exception {
    String tag = UUID.randomUUID().toString();
    EventLog aliceEvents = new EventLog();
    CairnClient alice = tokenClient("alice-tasks.db", "alice", aliceEvents);
    EventLog bobEvents = new EventLog();
    CairnClient bob = tokenClient("bob-tasks.db", "bob", bobEvents);
    alice.start();
    bob.start();
    aliceEvents.await(e -> e instanceof CairnEvent.Ready);
    bobEvents.await(e -> e instanceof CairnEvent.Ready);

    alice.save(new Task("a-" + tag, "alice's", null));
    bob.save(new Task("b-" + tag, "bob's", null));
    aliceEvents.await(e -> e instanceof CairnEvent.OutboxMutationProcessed);
    bobEvents.await(e -> e instanceof CairnEvent.OutboxMutationProcessed);
    EventLog laterEvents = new EventLog();
    CairnClient aliceLater = tokenClient("alice-later.db", "alice", laterEvents);
    aliceLater.start();
    laterEvents.await(e -> e instanceof CairnEvent.Ready);

    assertThat(aliceLater.query(Task.TYPE))
        .extracting(Task::id)
        .contains("a-" + tag)
        .doesNotContain("b-" + tag);
    assertThat(aliceLater.query(Task.TYPE, "a-" + tag)).map(Task::owner).isPresent();
    assertThat(alice.query(Task.TYPE)).extracting(Task::id).doesNotContain("b-" + tag);
    assertThat(bob.query(Task.TYPE)).extracting(Task::id).doesNotContain("a-" + tag);
  }

  /**
   * A client JVM killed with SIGKILL while its outbox holds mutations: restarted on the same SQLite
   * file, every queued mutation reaches the server exactly once.
   */
  @Test
  void aClientKilledWhileDrainingItsOutboxDeliversEveryMutationExactlyOnceAfterARestart()
      throws Exception {
    String prefix = "k-" + UUID.randomUUID() + "-";
    int count = 30;
    Path file = dir.resolve("killed.db");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                OutboxChild.class.getName(),
                endpoint().toString(),
                TENANT.apiKey(),
                file.toString(),
                prefix,
                Integer.toString(count))
            .redirectErrorStream(true)
            .start();
    int processedBeforeKill = 0;
    try (var out =
        new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("PROCESSED")) {
          processedBeforeKill++;
          if (processedBeforeKill == 3) {
            child.destroyForcibly();
            break;
          }
        }
      }
    }
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(processedBeforeKill)
        .as("the child started draining before it was killed")
        .isEqualTo(3);

    EventLog events = new EventLog();
    CairnClient restarted = client("killed.db", events, ConflictHandler.retryLocal());
    restarted.start();
    events.await(e -> e instanceof CairnEvent.OutboxStatus s && s.empty());

    assertThat(events.count(e -> e instanceof CairnEvent.MutationFailed)).isZero();
    for (int i = 0; i < count; i++) {
      assertThat(serverVersion("Post", prefix + i)).as(prefix + i).isEqualTo(1);
    }
  }

  private CairnClient tokenClient(String file, String user, EventLog events) {
    CairnClient client =
        CairnClient.builder()
            .endpoint(endpoint())
            .auth(
                KeycloakAuth.password(
                    URI.create(keycloak.url()),
                    TestKeycloak.tenantRealm(TENANT.slug()),
                    "cairn-app",
                    user,
                    "pw"))
            .models(Task.TYPE)
            .storeFile(dir.resolve(file))
            .build();
    client.addEventListener(events::add);
    clients.add(client);
    return client;
  }

  private CairnClient client(String file, EventLog events, ConflictHandler handler) {
    return client(file, events, handler, endpoint());
  }

  private CairnClient client(String file, EventLog events, ConflictHandler handler, URI endpoint) {
    CairnClient client =
        CairnClient.builder()
            .endpoint(endpoint)
            .auth(Auth.apiKey(TENANT.apiKey()))
            .models(Post.TYPE, Note.TYPE)
            .storeFile(dir.resolve(file))
            .conflictHandler(handler)
            .build();
    client.addEventListener(events::add);
    clients.add(client);
    return client;
  }

  private URI endpoint() {
    return URI.create(base.toString()).resolve("t/" + TENANT.slug() + "/graphql");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> serverRecord(String model, String id) throws Exception {
    Map<String, Object> data =
        (Map<String, Object>)
            graphql(
                    "query operation($id: ID!) { get"
                        + model
                        + "(id: $id) { id _version "
                        + (model.equals("Post") ? "title" : "text")
                        + " } }",
                    Map.of("id", id))
                .get("data");
    return (Map<String, Object>) data.get("get" + model);
  }

  private int serverVersion(String model, String id) throws Exception {
    return ((Number) serverRecord(model, id).get("_version")).intValue();
  }

  private String serverTitle(String model, String id) throws Exception {
    return (String) serverRecord(model, id).get("title");
  }

  private Map<String, Object> graphql(String query, Map<String, Object> variables)
      throws Exception {
    return TestTenant.of(TENANT).graphql(query, variables);
  }
}
