package dev.cairn.server.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.TenantId;
import dev.cairn.server.auth.AppIdentity;
import dev.cairn.server.auth.AuthorizationPolicy;
import dev.cairn.server.data.MongoTestSupport;
import dev.cairn.server.data.StoreFixture;
import dev.cairn.server.data.conflict.ConflictStrategy;
import dev.cairn.server.data.conflict.Resolution;
import dev.cairn.server.data.sync.SyncQueries;
import dev.cairn.spec.ModelSchema;
import dev.cairn.spec.ModelSchemaParser;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Documents as Amplify DataStore sends them (APPSYNC.md §4), run against the embedded stand-in. */
class TenantGraphQLTest {
  static final ModelSchema SCHEMA =
      ModelSchemaParser.parse(
              "sample.graphql",
              """
              enum PostStatus { ACTIVE INACTIVE }
              type Post @model @auth(rules: [{ allow: public }]) {
                id: ID!
                title: String!
                rating: Int!
                status: PostStatus!
                tags: [String]
                comments: [Comment] @hasMany
              }
              type Comment @model @auth(rules: [{ allow: public }]) {
                id: ID!
                content: String!
                post: Post @belongsTo
              }
              """)
          .orElseThrow();
  static final String POST_FIELDS =
      "id title rating status tags createdAt updatedAt _version _lastChangedAt _deleted";
  static final String SYNC =
      "query operation($limit: Int, $nextToken: String, $lastSync: AWSTimestamp, $filter: ModelPostFilterInput) {"
          + " syncPosts(limit: $limit, nextToken: $nextToken, lastSync: $lastSync, filter: $filter) {"
          + " items { "
          + POST_FIELDS
          + " } nextToken startedAt } }";
  static final String CREATE =
      "mutation operation($input: CreatePostInput!) { createPost(input: $input) { "
          + POST_FIELDS
          + " } }";
  static final String UPDATE =
      "mutation operation($input: UpdatePostInput!, $condition: ModelPostConditionInput) {"
          + " updatePost(input: $input, condition: $condition) { "
          + POST_FIELDS
          + " } }";
  static final String DELETE =
      "mutation operation($input: DeletePostInput!, $condition: ModelPostConditionInput) {"
          + " deletePost(input: $input, condition: $condition) { "
          + POST_FIELDS
          + " } }";

  @RegisterExtension static final MongoTestSupport mongo = new MongoTestSupport();
  StoreFixture fixture;
  TenantId tenant;
  ConflictStrategy strategy = ConflictStrategy.AUTOMERGE;
  TenantGraphQL api;
  SyncQueries queries;

  @BeforeEach
  void build() {
    fixture = new StoreFixture(mongo.client(), c -> new Resolution.Reject("no webhook"));
    queries = fixture.syncQueries();
    tenant = TenantId.of("g-" + UUID.randomUUID().toString().substring(0, 8));
    api = apiFor(tenant);
  }

  TenantGraphQL apiFor(TenantId t) {
    return TenantGraphQL.build(
        t,
        SCHEMA,
        new DataPlane(fixture.store, queries, m -> strategy),
        new AuthorizationPolicy(),
        RequestLimits.defaults());
  }

  /** Runs a request as an API-key caller of the API's own tenant (the schema allows public). */
  static Map<String, Object> run(TenantGraphQL api, String query, Map<String, Object> variables) {
    return api.execute(query, variables, AppIdentity.apiKey(api.tenant(), "test"));
  }

  static Map<String, Object> vars(Object... pairs) {
    Map<String, Object> map = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }

  @SuppressWarnings("unchecked")
  static Object at(Object body, String... path) {
    Object node = body;
    for (String step : path) {
      node =
          step.matches("\\d+")
              ? ((List<Object>) node).get(Integer.parseInt(step))
              : ((Map<String, Object>) node).get(step);
    }
    return node;
  }

  Map<String, Object> createPost(String id) {
    return run(
        api,
        CREATE,
        vars(
            "input",
            vars(
                "id",
                id,
                "title",
                "First post",
                "rating",
                5,
                "status",
                "ACTIVE",
                "tags",
                List.of("a"))));
  }

  @Test
  void createThenBaseSyncReturnsTheRecordWithMetadata() {
    Map<String, Object> created = createPost("p1");
    assertThat(created).doesNotContainKey("errors");
    assertThat(at(created, "data", "createPost", "_version")).isEqualTo(1);

    Map<String, Object> synced =
        run(api, SYNC, vars("limit", 1000, "nextToken", null, "lastSync", 0, "filter", null));

    assertThat(synced).doesNotContainKey("errors");
    assertThat(at(synced, "data", "syncPosts", "items", "0", "title")).isEqualTo("First post");
    assertThat(at(synced, "data", "syncPosts", "items", "0", "_deleted")).isEqualTo(false);
    assertThat(at(synced, "data", "syncPosts", "startedAt")).isNotNull();
    assertThat(at(synced, "data", "syncPosts", "nextToken")).isNull();
  }

  @Test
  void createWithAnExistingIdAnswersConditionalCheckFailed() {
    createPost("p1");

    Map<String, Object> again = createPost("p1");

    assertThat(at(again, "data", "createPost")).isNull();
    assertThat(at(again, "errors", "0", "errorType")).isEqualTo("ConditionalCheckFailedException");
    assertThat(at(again, "errors", "0", "path")).isEqualTo(List.of("createPost"));
  }

  @Test
  void staleUpdateUnderAutomergeSucceedsWithANewVersionAndKeepsBothSidesFields() {
    createPost("p1");
    run(
        api,
        UPDATE,
        vars("input", vars("id", "p1", "title", "server", "_version", 1), "condition", null));

    Map<String, Object> stale =
        run(
            api,
            UPDATE,
            vars(
                "input",
                vars("id", "p1", "title", "client", "rating", 6, "tags", List.of("b")),
                "condition",
                null));

    assertThat(stale).doesNotContainKey("errors");
    assertThat(at(stale, "data", "updatePost", "_version")).isEqualTo(3);
    assertThat(at(stale, "data", "updatePost", "title")).isEqualTo("server");
    assertThat(at(stale, "data", "updatePost", "tags")).isEqualTo(List.of("a", "b"));
  }

  @Test
  void staleUpdateUnderOptimisticConcurrencyAnswersConflictUnhandledWithTheFullRecord() {
    strategy = ConflictStrategy.OPTIMISTIC_CONCURRENCY;
    createPost("p1");
    run(
        api,
        UPDATE,
        vars("input", vars("id", "p1", "title", "server", "_version", 1), "condition", null));

    Map<String, Object> stale =
        run(
            api,
            UPDATE,
            vars("input", vars("id", "p1", "title", "client", "_version", 1), "condition", null));

    assertThat(at(stale, "data", "updatePost")).isNull();
    assertThat(at(stale, "errors", "0", "errorType")).isEqualTo("ConflictUnhandled");
    assertThat(at(stale, "errors", "0", "message"))
        .isEqualTo("Conflict resolver rejects mutation.");
    assertThat(at(stale, "errors", "0", "data", "title")).isEqualTo("server");
    assertThat(at(stale, "errors", "0", "data", "_version")).isEqualTo(2);
    assertThat(at(stale, "errors", "0", "data", "rating")).isEqualTo(5);
  }

  @Test
  void deleteLeavesATombstoneThatDeltaSyncReturns() {
    createPost("p1");
    long lastSync = fixture.clock.millis();

    Map<String, Object> deleted =
        run(api, DELETE, vars("input", vars("id", "p1", "_version", 1), "condition", null));
    Map<String, Object> delta =
        run(
            api,
            SYNC,
            vars("limit", 1000, "nextToken", null, "lastSync", lastSync, "filter", null));

    assertThat(at(deleted, "data", "deletePost", "_deleted")).isEqualTo(true);
    assertThat(at(delta, "data", "syncPosts", "items", "0", "_deleted")).isEqualTo(true);
  }

  @Test
  void childRecordsResolveTheirParent() {
    createPost("p1");
    run(
        api,
        "mutation operation($input: CreateCommentInput!) { createComment(input: $input) { id } }",
        vars("input", vars("id", "c1", "content", "nice", "postCommentsId", "p1")));

    Map<String, Object> comment =
        run(
            api,
            "query operation($id: ID!) { getComment(id: $id) { id content post { id _deleted } _version } }",
            vars("id", "c1"));
    Map<String, Object> post =
        run(api, "query { getPost(id: \"p1\") { comments { items { id } } } }", Map.of());

    assertThat(at(comment, "data", "getComment", "post", "id")).isEqualTo("p1");
    assertThat(at(post, "data", "getPost", "comments", "items", "0", "id")).isEqualTo("c1");
  }

  @Test
  void aMutationResultResolvesItsRelationsThroughTheBatchedLoaders() {
    createPost("p1");

    Map<String, Object> created =
        run(
            api,
            "mutation operation($input: CreateCommentInput!) { createComment(input: $input) {"
                + " id post { id comments { items { id } } } } }",
            vars("input", vars("id", "c1", "content", "nice", "postCommentsId", "p1")));

    assertThat(created).doesNotContainKey("errors");
    assertThat(at(created, "data", "createComment", "post", "id")).isEqualTo("p1");
    assertThat(at(created, "data", "createComment", "post", "comments", "items", "0", "id"))
        .isEqualTo("c1");
  }

  @Test
  void injectionAttemptsInFiltersAnswerAnErrorAndChangeNothing() {
    createPost("p1");

    Map<String, Object> operatorAsValue =
        run(
            api,
            SYNC,
            vars(
                "limit",
                10,
                "nextToken",
                null,
                "lastSync",
                0,
                "filter",
                Map.of("title", Map.of("eq", Map.of("$gt", "")))));
    Map<String, Object> unknownField =
        run(
            api,
            SYNC,
            vars(
                "limit",
                10,
                "nextToken",
                null,
                "lastSync",
                0,
                "filter",
                Map.of("$where", Map.of("eq", "1"))));
    Map<String, Object> conditionInjection =
        run(
            api,
            UPDATE,
            vars(
                "input",
                vars("id", "p1", "title", "x", "_version", 1),
                "condition",
                Map.of("title", Map.of("$ne", "zzz"))));

    assertThat(operatorAsValue).containsKey("errors");
    assertThat(unknownField).containsKey("errors");
    assertThat(conditionInjection).containsKey("errors");
    assertThat(at(conditionInjection, "data")).isNull();
    Map<String, Object> after =
        run(api, "query { getPost(id: \"p1\") { title _version } }", Map.of());
    assertThat(at(after, "data", "getPost", "title")).isEqualTo("First post");
    assertThat(at(after, "data", "getPost", "_version")).isEqualTo(1);
  }

  @Test
  void oversizedLimitAndForeignNextTokensAnswerBadRequest() {
    createPost("p1");
    createPost("p2");
    String token =
        (String)
            at(
                run(api, SYNC, vars("limit", 1, "nextToken", null, "lastSync", 0, "filter", null)),
                "data",
                "syncPosts",
                "nextToken");
    TenantGraphQL other = apiFor(TenantId.of("o-" + tenant.slug()));

    Map<String, Object> oversized =
        run(api, SYNC, vars("limit", 100_000, "nextToken", null, "lastSync", 0, "filter", null));
    Map<String, Object> foreign =
        run(other, SYNC, vars("limit", 1, "nextToken", token, "lastSync", 0, "filter", null));
    Map<String, Object> forged =
        run(api, SYNC, vars("limit", 1, "nextToken", token + "x", "lastSync", 0, "filter", null));

    assertThat(at(oversized, "errors", "0", "errorType")).isEqualTo("BadRequestException");
    assertThat(at(foreign, "errors", "0", "errorType")).isEqualTo("BadRequestException");
    assertThat(at(foreign, "data", "syncPosts")).isNull();
    assertThat(at(forged, "errors", "0", "errorType")).isEqualTo("BadRequestException");
  }

  @Test
  void wrongTypesAndUnknownInputFieldsAreRejectedByTheSchema() {
    Map<String, Object> wrongType =
        run(
            api,
            CREATE,
            vars("input", vars("id", "p1", "title", "t", "rating", "five", "status", "ACTIVE")));
    Map<String, Object> unknownField =
        run(
            api,
            CREATE,
            vars(
                "input",
                vars("id", "p1", "title", "t", "rating", 5, "status", "ACTIVE", "_deleted", true)));

    assertThat(at(wrongType, "errors", "0", "errorType")).isEqualTo("ValidationError");
    assertThat(unknownField).containsKey("errors");
    assertThat(at(run(api, "query { getPost(id: \"p1\") { id } }", Map.of()), "data", "getPost"))
        .isNull();
  }

  @Test
  void limitsOnAliasesDepthAndSizeRefuseTheRequest() {
    StringBuilder aliases = new StringBuilder("query {");
    for (int i = 0; i < 21; i++) {
      aliases.append(" a").append(i).append(": _cairnSchemaHash");
    }
    Map<String, Object> tooManyAliases = run(api, aliases.append(" }").toString(), Map.of());
    Map<String, Object> tooBig =
        run(api, "query { _cairnSchemaHash }" + " ".repeat(70_000), Map.of());
    String deep =
        "query { getComment(id: \"c\") { post { comments { items { post { comments { items { post { comments { items { post { comments { items { id } } } } } } } } } } } } } }";
    Map<String, Object> tooDeep = run(api, deep, Map.of());

    assertThat((String) at(tooManyAliases, "errors", "0", "message"))
        .contains("21 aliases; the limit is 20");
    assertThat((String) at(tooBig, "errors", "0", "message")).contains("the limit is 65536");
    assertThat(tooDeep).containsKey("errors");
    assertThat(at(tooDeep, "data")).isNull();
  }

  @Test
  void aRepeatedRequestIsCheckedAgainstTheLimitsEveryTime() {
    String deep =
        "query { getComment(id: \"c\") { post { comments { items { post { comments { items { post { comments { items { post { comments { items { id } } } } } } } } } } } } } }";
    String fine = "query { getPost(id: \"p1\") { id } }";
    run(api, fine, Map.of()); // cached once it passed

    Map<String, Object> first = run(api, deep, Map.of());
    Map<String, Object> second = run(api, deep, Map.of());
    Map<String, Object> again = run(api, fine, Map.of());

    assertThat(first).containsKey("errors");
    assertThat(second).containsKey("errors");
    assertThat(at(second, "data")).isNull();
    assertThat(again).doesNotContainKey("errors");
  }

  @Test
  void aDeepSelectionIncludedByAVariableIsRefusedOnlyWhenTheVariableIncludesIt() {
    String deep =
        "query ($deep: Boolean!) { getComment(id: \"c\") { id post @include(if: $deep) {"
            + " comments { items { post { comments { items { post { comments { items { post {"
            + " comments { items { id } } } } } } } } } } } } } }";

    Map<String, Object> shallow = run(api, deep, vars("deep", false));
    Map<String, Object> refused = run(api, deep, vars("deep", true));
    Map<String, Object> shallowAgain = run(api, deep, vars("deep", false));

    assertThat(shallow).doesNotContainKey("errors");
    assertThat((String) at(refused, "errors", "0", "message"))
        .contains("maximum query depth exceeded 14 > 12");
    assertThat(at(refused, "data")).isNull();
    assertThat(shallowAgain).doesNotContainKey("errors");
  }

  @Test
  void anotherTenantsApiDoesNotSeeTheRecords() {
    createPost("p1");
    TenantGraphQL other = apiFor(TenantId.of("o-" + tenant.slug()));

    Map<String, Object> synced =
        run(other, SYNC, vars("limit", 10, "nextToken", null, "lastSync", 0, "filter", null));

    assertThat(at(synced, "data", "syncPosts", "items")).isEqualTo(List.of());
    assertThat(at(run(other, "query { getPost(id: \"p1\") { id } }", Map.of()), "data", "getPost"))
        .isNull();
  }

  @Test
  void introspectionIsAnsweredUnlessTheTenantSwitchedItOff() {
    String query = "query { __schema { queryType { name } } }";
    TenantGraphQL closed =
        TenantGraphQL.build(
            tenant,
            SCHEMA,
            new DataPlane(fixture.store, queries, m -> strategy),
            new AuthorizationPolicy(),
            RequestLimits.defaults(),
            false);

    Map<String, Object> open = run(api, query, Map.of());
    Map<String, Object> refused = run(closed, query, Map.of());

    assertThat(at(open, "data", "__schema", "queryType", "name")).isEqualTo("Query");
    assertThat(refused.get("errors")).asList().isNotEmpty();
    assertThat(refused.get("data")).isNull();
  }
}
