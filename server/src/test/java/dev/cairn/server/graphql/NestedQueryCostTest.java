package dev.cairn.server.graphql;

import static dev.cairn.server.graphql.TenantGraphQLTest.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;
import dev.cairn.server.TenantId;
import dev.cairn.server.auth.AppIdentity;
import dev.cairn.server.auth.AuthorizationPolicy;
import dev.cairn.server.data.MongoTestSupport;
import dev.cairn.server.data.StoreFixture;
import dev.cairn.server.data.conflict.ConflictStrategy;
import dev.cairn.server.data.conflict.Resolution;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The nested-relation attack of issue 10 (finding 2): 20 posts with 20 comments each, queried
 * through hasMany/belongsTo relations nested as deep as the depth limit allows. Counts the database
 * queries ({@code find}/{@code aggregate} commands) and the rows they return through a command
 * listener on the driver.
 */
class NestedQueryCostTest {
  /** The deepest relation query the depth limit (12) admits: 3 hasMany levels of 20 each. */
  static final String DEEP =
      "query { listPosts(limit: 20) { items { id comments(limit: 20) { items { id post { id"
          + " comments(limit: 20) { items { id post { id comments(limit: 20) { items { id } } } } }"
          + " } } } } } }";

  /** Two relation levels under a page of 20: within the cost limit. */
  static final String TWO_LEVELS =
      "query { listPosts(limit: 20) { items { id comments(limit: 20) { items { id post { id } } }"
          + " } } }";

  private static final Logger LOG = Logger.getLogger(NestedQueryCostTest.class.getName());
  private static final Set<String> QUERIES = Set.of("find", "aggregate");

  static MongoTestSupport mongo;
  static MongoClient counted;
  static final AtomicInteger queries = new AtomicInteger();
  static final AtomicInteger rows = new AtomicInteger();

  TenantGraphQL api;
  TenantId tenant;

  @BeforeAll
  static void start() {
    mongo = new MongoTestSupport();
    CommandListener listener =
        new CommandListener() {
          @Override
          public void commandSucceeded(CommandSucceededEvent event) {
            String name = event.getCommandName();
            if (QUERIES.contains(name) || name.equals("getMore")) {
              if (QUERIES.contains(name)) {
                queries.incrementAndGet();
              }
              BsonDocument cursor = event.getResponse().getDocument("cursor", null);
              if (cursor != null) {
                BsonArray batch =
                    cursor.containsKey("firstBatch")
                        ? cursor.getArray("firstBatch")
                        : cursor.getArray("nextBatch", new BsonArray());
                rows.addAndGet(batch.size());
              }
            }
          }
        };
    counted =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(mongo.connectionString()))
                .addCommandListener(listener)
                .build());
  }

  @AfterAll
  static void stop() {
    counted.close();
    mongo.close();
  }

  @BeforeEach
  void build() {
    StoreFixture fixture = new StoreFixture(counted, c -> new Resolution.Reject("none"));
    tenant = TenantId.of("n-" + UUID.randomUUID().toString().substring(0, 8));
    api =
        TenantGraphQL.build(
            tenant,
            TenantGraphQLTest.SCHEMA,
            new DataPlane(fixture.store, fixture.syncQueries(), m -> ConflictStrategy.AUTOMERGE),
            new AuthorizationPolicy(),
            RequestLimits.defaults());
    for (int p = 0; p < 20; p++) {
      String post = "p" + p;
      run(
          "mutation ($input: CreatePostInput!) { createPost(input: $input) { id } }",
          Map.of("input", Map.of("id", post, "title", "t", "rating", 1, "status", "ACTIVE")));
      for (int c = 0; c < 20; c++) {
        run(
            "mutation ($input: CreateCommentInput!) { createComment(input: $input) { id } }",
            Map.of("input", Map.of("id", post + "-c" + c, "content", "x", "postCommentsId", post)));
      }
    }
  }

  private Map<String, Object> run(String query, Map<String, Object> variables) {
    return api.execute(query, variables, AppIdentity.apiKey(tenant, "k"));
  }

  private Map<String, Object> measured(String name, String query) {
    queries.set(0);
    rows.set(0);
    Map<String, Object> body = run(query, Map.of());
    LOG.info(name + ": " + queries.get() + " queries, " + rows.get() + " rows");
    System.out.println(
        "[nested-query] " + name + ": " + queries.get() + " queries, " + rows.get() + " rows");
    return body;
  }

  @Test
  void theDeepestNestedQueryIsRefusedBeforeAnyRecordIsRead() {
    Map<String, Object> body = measured("deep (3 hasMany levels x 20)", DEEP);

    assertThat(at(body, "data")).isNull();
    assertThat(at(body, "errors", "0", "errorType")).isEqualTo("BadRequestException");
    assertThat((String) at(body, "errors", "0", "message")).contains("records").contains("limit");
    assertThat(queries.get()).isZero();
    assertThat(rows.get()).isZero();
  }

  @Test
  void relationsAreLoadedWithOneQueryPerLevelNotOnePerParent() {
    Map<String, Object> body = measured("two levels (20 posts x 20 comments + post)", TWO_LEVELS);

    assertThat(body).doesNotContainKey("errors");
    List<?> posts = (List<?>) at(body, "data", "listPosts", "items");
    assertThat(posts).hasSize(20);
    for (int p = 0; p < 20; p++) {
      String post = (String) at(posts, String.valueOf(p), "id");
      List<?> comments = (List<?>) at(posts, String.valueOf(p), "comments", "items");
      assertThat(comments).hasSize(20);
      assertThat(at(comments, "19", "post", "id")).isEqualTo(post);
    }
    assertThat(queries.get()).isLessThanOrEqualTo(3);
    assertThat(rows.get()).isLessThanOrEqualTo(20 + 400 + 20);
  }

  @Test
  void aBatchedHasManyPageContinuesWithItsParentsOwnNextToken() {
    Map<String, Object> first =
        run(
            "query { listPosts(limit: 20) { items { id comments(limit: 5) { items { id }"
                + " nextToken } } } }",
            Map.of());
    List<?> posts = (List<?>) at(first, "data", "listPosts", "items");
    Object p7 = posts.stream().filter(p -> "p7".equals(at(p, "id"))).findFirst().orElseThrow();
    String token = (String) at(p7, "comments", "nextToken");

    Map<String, Object> next =
        run(
            "query ($t: String) { getPost(id: \"p7\") { comments(limit: 5, nextToken: $t) {"
                + " items { id } } } }",
            new java.util.HashMap<>(Map.of("t", token)));

    assertThat(first).doesNotContainKey("errors");
    assertThat((List<?>) at(p7, "comments", "items")).hasSize(5);
    assertThat(at(p7, "comments", "items", "0", "id")).isEqualTo("p7-c0");
    assertThat(token).isNotNull();
    assertThat(next).doesNotContainKey("errors");
    List<?> page2 = (List<?>) at(next, "data", "getPost", "comments", "items");
    assertThat(page2).hasSize(5);
    assertThat(at(page2, "0", "id")).isEqualTo("p7-c13"); // _id order: c0 c1 c10 c11 c12 | c13
  }

  @Test
  void aLimitGivenAsAVariableIsCountedOnEveryRequestOfTheSameDocument() {
    String query =
        "query ($n: Int) { listPosts(limit: $n) { items { comments(limit: $n) { items { id } } } } }";

    Map<String, Object> small = run(query, Map.of("n", 20));
    Map<String, Object> large = run(query, Map.of("n", 1000));

    assertThat(small).doesNotContainKey("errors");
    assertThat(at(large, "errors", "0", "errorType")).isEqualTo("BadRequestException");
    assertThat(at(large, "data")).isNull();
  }
}
