package dev.cairn.client;

import static dev.cairn.testkit.AmplifyClientProcess.isHub;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.client.internal.Json;
import dev.cairn.client.testmodel.Article;
import dev.cairn.testkit.AmplifyClientProcess;
import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.Deployments;
import dev.cairn.testkit.TestKeycloak;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two SDK clients (each on its own real SQLite file) and one real Amplify DataStore JS client (the
 * server ITs' {@code client.js}, in Node) on one tenant of the real WAR: all three go offline, edit
 * the same records concurrently, come back at once, and must end with the same records — fields and
 * {@code _version} — as the server, each mutation applied once; under AUTOMERGE, and under
 * OPTIMISTIC_CONCURRENCY with an SDK conflict handler that merges the local change onto the
 * server's record.
 *
 * <p>Under optimistic concurrency the Amplify client keeps out of the record whose exact values are
 * asserted: DataStore's default conflict handler rebuilds the local model from the mutation's
 * input, so a refused partial update either fails to build (a required field missing; it is
 * discarded after ten attempts) or is resent with every field it did not change set to null (seen
 * on the wire in this test). On the record it does share with both SDK clients, only convergence,
 * its title and the version are asserted.
 */
@ExtendWith({CairnStackExtension.class, ArquillianExtension.class})
@RunAsClient
class SdkConvergenceIT {
  /** The Post of {@code server/src/test/amplify/schema.js}; the Amplify client syncs only it. */
  static final String SCHEMA =
      """
      type Post @model @auth(rules: [{ allow: public }]) {
        id: ID!
        title: String!
        body: String
        rating: Int
        tags: [String]
      }
      """;

  private static final Duration WAIT = Duration.ofMinutes(3);
  private static final String FIELDS = "id title body rating tags";

  @ArquillianResource URL base;
  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @Deployment(testable = false)
  static WebArchive server() {
    return Deployments.server();
  }

  @AfterEach
  void closeClients() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  @Test
  void twoSdkClientsAndAnAmplifyClientConvergeAfterConcurrentOfflineEditsUnderAutomerge(
      TestKeycloak keycloak) throws Exception {
    TestTenant tenant =
        TestTenant.create(
            URI.create(base.toString()),
            keycloak.consoleToken(),
            SCHEMA,
            "{\"default\":\"AUTOMERGE\"}");
    Outcome outcome = editOfflineThenReconnect(tenant, ConflictHandler.retryLocal(), true);

    // Edits of different fields of one record all survive the merge.
    Map<String, Object> shared = outcome.server().get(outcome.tag() + "shared");
    assertThat(shared)
        .containsEntry("title", "title by sdk A")
        .containsEntry("body", "body by sdk B")
        .containsEntry("rating", 3L);
    assertThat(((Number) shared.get("_version")).intValue())
        .as("three updates, each applied once")
        .isEqualTo(4);
    // The same field changed by both SDK clients: the first to arrive wins (the server's value).
    Map<String, Object> contested = outcome.server().get(outcome.tag() + "contested");
    assertThat(((Number) contested.get("rating")).intValue()).isIn(1, 2);
    assertThat(contested).containsEntry("body", "seeded");
  }

  @Test
  void twoSdkClientsAndAnAmplifyClientConvergeUnderOptimisticConcurrencyWithAConflictHandler(
      TestKeycloak keycloak) throws Exception {
    TestTenant tenant =
        TestTenant.create(
            URI.create(base.toString()),
            keycloak.consoleToken(),
            SCHEMA,
            "{\"default\":\"OPTIMISTIC_CONCURRENCY\"}");
    List<ConflictHandler.Conflict> conflicts = new CopyOnWriteArrayList<>();
    ConflictHandler mergeOntoServer =
        conflict -> {
          conflicts.add(conflict);
          Map<String, Object> merged = new TreeMap<>(conflict.remote());
          merged.putAll(conflict.local());
          return new ConflictHandler.RetryWith(merged);
        };
    Outcome outcome = editOfflineThenReconnect(tenant, mergeOntoServer, false);

    // Both SDK clients updated "shared" from _version 1: one of them met a conflict, and its
    // handler put its change on top of the other's.
    assertThat(conflicts).isNotEmpty();
    assertThat(conflicts).allSatisfy(c -> assertThat(c.remote()).containsKey("_version"));
    Map<String, Object> shared = outcome.server().get(outcome.tag() + "shared");
    assertThat(shared)
        .containsEntry("title", "title by sdk A")
        .containsEntry("body", "body by sdk B");
    assertThat(((Number) shared.get("_version")).intValue())
        .as("two updates, each applied once (the refused one was resent once accepted)")
        .isEqualTo(3);
  }

  /** What the server held once the three clients converged. */
  record Outcome(String tag, Map<String, Map<String, Object>> server) {}

  /**
   * Seeds three records, starts the clients, takes them all offline, edits concurrently ("shared":
   * a different field by each SDK client and, if {@code amplifyEditsShared}, by Amplify;
   * "contested": the same field by both SDK clients and another by Amplify; one deleted, one new
   * from each side), brings them back at once and waits until the server and every client hold the
   * same records.
   */
  private Outcome editOfflineThenReconnect(
      TestTenant tenant, ConflictHandler handler, boolean amplifyEditsShared) throws Exception {
    String tag = "t" + UUID.randomUUID().toString().substring(0, 8) + "-";
    for (String seed : List.of("shared", "contested", "doomed")) {
      Map<String, Object> answer =
          tenant.graphql(
              "mutation operation($input: CreatePostInput!) { createPost(input: $input) { id } }",
              Map.of("input", Map.of("id", tag + seed, "title", seed, "body", "seeded")));
      assertThat(answer.get("errors")).as(answer.toString()).isNull();
    }
    // Every client talks through a proxy that keeps the requests, to show them when a check fails.
    TcpProxy proxy = new TcpProxy(tenant.endpoint().getHost(), tenant.endpoint().getPort());
    open.add(proxy);
    URI endpoint = URI.create("http://127.0.0.1:" + proxy.port() + tenant.endpoint().getRawPath());
    EventLog aEvents = new EventLog();
    CairnClient a = sdkClient(tenant, endpoint, "a.db", aEvents, handler);
    EventLog bEvents = new EventLog();
    CairnClient b = sdkClient(tenant, endpoint, "b.db", bEvents, handler);
    AmplifyClientProcess c =
        AmplifyClientProcess.withApiKey("c", endpoint.toString(), tenant.apiKey(), "Post");
    open.add(c);
    a.start();
    b.start();
    c.start();
    aEvents.await(e -> e instanceof CairnEvent.Ready, 1, WAIT);
    bEvents.await(e -> e instanceof CairnEvent.Ready, 1, WAIT);
    TestTenant.eventually(
        WAIT,
        () -> ids(all(c), tag).size() == 3,
        () -> "the Amplify client synced the seeds: " + all(c));

    a.stop();
    b.stop();
    c.offline();
    aEvents.await(e -> e instanceof CairnEvent.NetworkStatus s && !s.active(), 1, WAIT);
    bEvents.await(e -> e instanceof CairnEvent.NetworkStatus s && !s.active(), 1, WAIT);

    Article aShared = a.query(Article.TYPE, tag + "shared").orElseThrow();
    a.save(aShared.withTitle("title by sdk A"));
    a.save(a.query(Article.TYPE, tag + "contested").orElseThrow().withRating(1));
    a.save(new Article(tag + "new-a", "new by sdk A", null, 10, List.of("a")));
    b.save(b.query(Article.TYPE, tag + "shared").orElseThrow().withBody("body by sdk B"));
    b.save(b.query(Article.TYPE, tag + "contested").orElseThrow().withRating(2));
    b.delete(b.query(Article.TYPE, tag + "doomed").orElseThrow());
    if (amplifyEditsShared) {
      c.update(tag + "shared", jakarta.json.Json.createObjectBuilder().add("rating", 3).build());
    }
    c.update(
        tag + "contested",
        jakarta.json.Json.createObjectBuilder().add("title", "title by amplify C").build());
    // DataStore makes the id of a new record itself.
    String newC =
        c.create(
                jakarta.json.Json.createObjectBuilder()
                    .add("title", tag + "new by amplify C")
                    .add("rating", 30)
                    .build())
            .getString("id");

    long aOutboxDrained = aEvents.count(e -> e instanceof CairnEvent.OutboxStatus s && s.empty());
    long bOutboxDrained = bEvents.count(e -> e instanceof CairnEvent.OutboxStatus s && s.empty());
    int cMark = c.mark();
    a.start();
    b.start();
    c.online();

    aEvents.await(
        e -> e instanceof CairnEvent.OutboxStatus s && s.empty(), aOutboxDrained + 1, WAIT);
    bEvents.await(
        e -> e instanceof CairnEvent.OutboxStatus s && s.empty(), bOutboxDrained + 1, WAIT);
    List<String> cEdited =
        amplifyEditsShared
            ? List.of(tag + "shared", tag + "contested", newC)
            : List.of(tag + "contested", newC);
    for (String id : cEdited) {
      c.awaitEvent(
          cMark,
          e ->
              isHub(e, "outboxMutationProcessed")
                  && e.get("element") instanceof JsonObject element
                  && id.equals(element.getString("id", "")),
          WAIT,
          "its offline change of " + id + " acknowledged");
    }

    List<String> expectedIds = List.of(tag + "contested", tag + "new-a", newC, tag + "shared");
    Map<String, Map<String, Object>>[] server = new Map[1];
    TestTenant.eventually(
        WAIT,
        () -> {
          try {
            server[0] = tenant.records("Post", "Posts", FIELDS, tag);
            Map<String, String> expected = canonical(server[0].values());
            return server[0].keySet().equals(new java.util.TreeSet<>(expectedIds))
                && expected.equals(sdkState(a, "a.db", tag))
                && expected.equals(sdkState(b, "b.db", tag))
                && expected.equals(canonical(filter(all(c), tag)));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        () -> {
          try {
            return "server "
                + canonical(tenant.records("Post", "Posts", FIELDS, tag).values())
                + "\nsdk A "
                + sdkState(a, "a.db", tag)
                + "\nsdk B "
                + sdkState(b, "b.db", tag)
                + "\namplify C "
                + canonical(filter(all(c), tag))
                + "\nmutations sent:\n"
                + mutationInputs(proxy.fromClient());
          } catch (Exception e) {
            return e.toString();
          }
        });

    Map<String, Map<String, Object>> converged = server[0];
    // What each client sent, for a reader of a failure below.
    java.nio.file.Files.writeString(
        java.nio.file.Path.of("target/convergence-" + tag + "mutations.txt"),
        mutationInputs(proxy.fromClient()));
    assertThat(converged.get(tag + "new-a")).containsEntry("_version", 1L);
    assertThat(converged.get(newC)).containsEntry("_version", 1L);
    Map<String, Object> contested = converged.get(tag + "contested");
    assertThat(contested).containsEntry("title", "title by amplify C");
    assertThat(((Number) contested.get("_version")).intValue())
        .as("three updates, each applied once")
        .isEqualTo(4);
    assertThat(aEvents.count(e -> e instanceof CairnEvent.MutationFailed)).isZero();
    assertThat(bEvents.count(e -> e instanceof CairnEvent.MutationFailed)).isZero();
    // DataStore hands its own conflict retry to the errorHandler as "RetryMutation"; no other.
    assertThat(
            c.events(
                e ->
                    AmplifyClientProcess.is(e, "errorHandler")
                        && !"RetryMutation".equals(e.getString("message", null))))
        .isEmpty();
    return new Outcome(tag, converged);
  }

  /** The {@code input} of every mutation in the requests' bytes, one a line. */
  private static String mutationInputs(String requests) {
    StringBuilder out = new StringBuilder();
    for (int at = requests.indexOf("\"input\":{");
        at >= 0;
        at = requests.indexOf("\"input\":{", at + 1)) {
      out.append(requests, at, Math.min(requests.length(), at + 240)).append('\n');
    }
    return out.toString();
  }

  private CairnClient sdkClient(
      TestTenant tenant, URI endpoint, String file, EventLog events, ConflictHandler handler) {
    CairnClient client =
        CairnClient.builder()
            .endpoint(endpoint)
            .auth(Auth.apiKey(tenant.apiKey()))
            .models(Article.TYPE)
            .storeFile(dir.resolve(file))
            .conflictHandler(handler)
            .build();
    client.addEventListener(events::add);
    open.add(client);
    return client;
  }

  /** An SDK client's live records with the tag, fields from its query API, versions from SQLite. */
  private Map<String, String> sdkState(CairnClient client, String file, String tag)
      throws Exception {
    Map<String, Integer> versions = TestTenant.localVersions(dir.resolve(file), "Post");
    Map<String, String> out = new TreeMap<>();
    for (Article article : client.query(Article.TYPE)) {
      if (!article.id().startsWith(tag) && !article.title().startsWith(tag)) {
        continue;
      }
      out.put(
          article.id(),
          line(
              article.title(),
              article.body(),
              article.rating(),
              article.tags(),
              versions.get(article.id())));
    }
    return out;
  }

  /** The Amplify client's local Posts as plain maps, as the server's records are read. */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> all(AmplifyClientProcess client) {
    return (List<Map<String, Object>>) Json.parse(client.all().toString());
  }

  private static List<Map<String, Object>> filter(List<Map<String, Object>> records, String tag) {
    return records.stream().filter(r -> TestTenant.tagged(r, tag)).toList();
  }

  private static List<String> ids(List<Map<String, Object>> records, String tag) {
    return filter(records, tag).stream().map(r -> (String) r.get("id")).toList();
  }

  /** Records from the server or the Amplify client as {@code id -> "title|body|rating|tags|v"}. */
  private static Map<String, String> canonical(java.util.Collection<Map<String, Object>> records) {
    Map<String, String> out = new TreeMap<>();
    for (Map<String, Object> r : records) {
      out.put(
          (String) r.get("id"),
          line(r.get("title"), r.get("body"), r.get("rating"), r.get("tags"), r.get("_version")));
    }
    return out;
  }

  private static String line(Object title, Object body, Object rating, Object tags, Object v) {
    return String.join(
        "|",
        String.valueOf(title),
        String.valueOf(body),
        rating == null ? "null" : Long.toString(((Number) rating).longValue()),
        String.valueOf(tags),
        v == null ? "null" : Long.toString(((Number) v).longValue()));
  }
}
