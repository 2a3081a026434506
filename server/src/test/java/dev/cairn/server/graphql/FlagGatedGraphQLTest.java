package dev.cairn.server.graphql;

import static dev.cairn.server.graphql.TenantGraphQLTest.at;
import static dev.cairn.server.graphql.TenantGraphQLTest.vars;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.TenantId;
import dev.cairn.server.auth.AppIdentity;
import dev.cairn.server.auth.AuthorizationPolicy;
import dev.cairn.server.auth.FeatureGates;
import dev.cairn.server.data.MongoTestSupport;
import dev.cairn.server.data.StoreFixture;
import dev.cairn.server.data.conflict.ConflictStrategy;
import dev.cairn.server.data.conflict.Resolution;
import dev.cairn.spec.ModelSchema;
import dev.cairn.spec.ModelSchemaParser;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Models and fields gated by {@code @cairnFlag} through the whole GraphQL path: queries, sync,
 * mutations, filters and relation fields. The flag evaluation is a set of (user, flag) pairs that
 * are on, standing in for the tenant's flag set so that a test can toggle a flag between two
 * requests; the real evaluation ({@code FlagGates}, from the flags the admin API stores) is
 * exercised with real Keycloak tokens by {@code FlagGatedDataIT}.
 */
@SuppressWarnings("unchecked")
class FlagGatedGraphQLTest {
  static final ModelSchema SCHEMA =
      ModelSchemaParser.parse(
              "gated.graphql",
              """
              type Inbox @model @cairnFlag(key: "new-inbox") @auth(rules: [{ allow: private }]) {
                id: ID!
                title: String
              }
              type Post @model @auth(rules: [{ allow: private }]) {
                id: ID!
                title: String!
                summary: String @cairnFlag(key: "ai-summary")
                threads: [Thread] @hasMany
              }
              type Thread @model @cairnFlag(key: "new-inbox") @auth(rules: [{ allow: private }]) {
                id: ID!
                postThreadsId: ID
              }
              """)
          .orElseThrow();

  static MongoTestSupport mongo;
  TenantGraphQL api;
  TenantId tenant;

  /** "user/flag" pairs whose flag is on. */
  final Set<String> on = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void start() {
    mongo = new MongoTestSupport();
  }

  @AfterAll
  static void stop() {
    mongo.close();
  }

  @BeforeEach
  void build() {
    StoreFixture fixture = new StoreFixture(mongo.client(), c -> new Resolution.Reject("none"));
    tenant = TenantId.of("g-" + UUID.randomUUID().toString().substring(0, 8));
    FeatureGates gates = caller -> flag -> on.contains(caller.subject() + "/" + flag);
    api =
        TenantGraphQL.build(
            tenant,
            SCHEMA,
            new DataPlane(fixture.store, fixture.syncQueries(), m -> ConflictStrategy.AUTOMERGE),
            new AuthorizationPolicy(gates),
            RequestLimits.defaults());
    on.add("bea/new-inbox");
    on.add("bea/ai-summary");
    assertThat(
            api.execute(
                "mutation { createInbox(input: {id: \"i1\", title: \"hello\"}) { id } }",
                Map.of(),
                user("bea")))
        .doesNotContainKey("errors");
    assertThat(
            api.execute(
                "mutation { createPost(input: {id: \"p1\", title: \"t\", summary: \"short\"}) {"
                    + " id } }",
                Map.of(),
                user("bea")))
        .doesNotContainKey("errors");
    assertThat(
            api.execute(
                "mutation { createThread(input: {id: \"t1\", postThreadsId: \"p1\"}) { id } }",
                Map.of(),
                user("bea")))
        .doesNotContainKey("errors");
  }

  AppIdentity user(String name) {
    return new AppIdentity(
        tenant,
        AppIdentity.Kind.USER_TOKEN,
        name,
        "sub",
        Map.of("sub", name, "username", name),
        List.of());
  }

  @Test
  void aCallerWithoutTheFlagIsRefusedEveryOperationOfAGatedModelNamingTheFlag() {
    for (String operation :
        List.of(
            "query { getInbox(id: \"i1\") { id } }",
            "query { listInboxes { items { id } } }",
            "query { syncInboxes(lastSync: 0) { items { id } startedAt } }",
            "mutation { createInbox(input: {id: \"i2\"}) { id } }",
            "mutation { updateInbox(input: {id: \"i1\", title: \"x\", _version: 1}) { id } }",
            "mutation { deleteInbox(input: {id: \"i1\", _version: 1}) { id } }")) {
      Map<String, Object> answer = api.execute(operation, Map.of(), user("carl"));

      assertThat(at(answer, "errors", "0", "errorType")).as(operation).isEqualTo("Unauthorized");
      assertThat((String) at(answer, "errors", "0", "message"))
          .as(operation)
          .startsWith("Not Authorized to access ")
          .contains("feature flag `new-inbox` (@cairnFlag) is off for user `carl`");
    }
    Map<String, Object> stillThere =
        api.execute("query { getInbox(id: \"i1\") { title _version } }", Map.of(), user("bea"));
    assertThat(at(stillThere, "data", "getInbox", "title")).isEqualTo("hello");
    assertThat(at(stillThere, "data", "getInbox", "_version")).isEqualTo(1);
  }

  @Test
  void aCallerWithTheFlagReadsAndSyncsAGatedModelLikeAnyOther() {
    Map<String, Object> sync =
        api.execute(
            "query { syncInboxes(lastSync: 0) { items { id title } startedAt } }",
            Map.of(),
            user("bea"));

    assertThat(sync).doesNotContainKey("errors");
    assertThat(at(sync, "data", "syncInboxes", "items", "0", "title")).isEqualTo("hello");
    assertThat((Long) at(sync, "data", "syncInboxes", "startedAt")).isPositive();
  }

  @Test
  void aGatedFieldReadsAsNullAndCannotBeWrittenOrFilteredOnWithoutItsFlag() {
    Map<String, Object> get =
        api.execute("query { getPost(id: \"p1\") { title summary } }", Map.of(), user("carl"));
    Map<String, Object> write =
        api.execute(
            "mutation { updatePost(input: {id: \"p1\", summary: \"mine\", _version: 1}) { id } }",
            Map.of(),
            user("carl"));
    Map<String, Object> filter =
        api.execute(
            "query { listPosts(filter: {summary: {beginsWith: \"s\"}}) { items { id } } }",
            Map.of(),
            user("carl"));
    Map<String, Object> otherFields =
        api.execute(
            "mutation { updatePost(input: {id: \"p1\", title: \"t2\", _version: 1}) { title"
                + " summary _version } }",
            Map.of(),
            user("carl"));

    assertThat(at(get, "data", "getPost", "title")).isEqualTo("t");
    assertThat((Map<String, Object>) at(get, "data", "getPost")).containsEntry("summary", null);
    assertThat(at(write, "errors", "0", "errorType")).isEqualTo("Unauthorized");
    assertThat((String) at(write, "errors", "0", "message"))
        .contains("field `summary` of Post is gated and feature flag `ai-summary`");
    assertThat(at(filter, "errors", "0", "errorType")).isEqualTo("Unauthorized");
    assertThat((String) at(filter, "errors", "0", "message"))
        .contains("the filter uses field `summary`");
    assertThat(otherFields).doesNotContainKey("errors");
    assertThat((Map<String, Object>) at(otherFields, "data", "updatePost"))
        .containsEntry("summary", null);
    Map<String, Object> kept =
        api.execute("query { getPost(id: \"p1\") { title summary } }", Map.of(), user("bea"));
    assertThat(at(kept, "data", "getPost", "title")).isEqualTo("t2");
    assertThat(at(kept, "data", "getPost", "summary")).isEqualTo("short");
  }

  @Test
  void aSyncWithAClosedFieldGateGivesNoCursorSoTheFieldArrivesOnceTheFlagTurnsOn() {
    String sync =
        "query ($s: AWSTimestamp) { syncPosts(lastSync: $s) { items { id summary }"
            + " startedAt } }";
    Map<String, Object> closed = api.execute(sync, vars("s", 0L), user("carl"));

    assertThat((Map<String, Object>) at(closed, "data", "syncPosts", "items", "0"))
        .containsEntry("summary", null);
    assertThat(at(closed, "data", "syncPosts", "startedAt")).isEqualTo(0L);

    on.add("carl/ai-summary");
    Object cursor = at(closed, "data", "syncPosts", "startedAt");
    Map<String, Object> opened = api.execute(sync, vars("s", cursor), user("carl"));

    assertThat(at(opened, "data", "syncPosts", "items", "0", "summary")).isEqualTo("short");
    assertThat((Long) at(opened, "data", "syncPosts", "startedAt")).isPositive();
  }

  @Test
  void aRelationToAGatedModelReadsAsNullWithoutTheFlag() {
    String query = "query { getPost(id: \"p1\") { id threads { items { id } } } }";

    Map<String, Object> carl = api.execute(query, Map.of(), user("carl"));
    Map<String, Object> bea = api.execute(query, Map.of(), user("bea"));

    assertThat(carl).doesNotContainKey("errors");
    assertThat((Map<String, Object>) at(carl, "data", "getPost")).containsEntry("threads", null);
    assertThat(at(bea, "data", "getPost", "threads", "items", "0", "id")).isEqualTo("t1");
  }

  @Test
  void turningTheFlagOffClosesTheModelAgainOnTheNextRequest() {
    on.remove("bea/new-inbox");

    Map<String, Object> answer =
        api.execute("query { listInboxes { items { id } } }", Map.of(), user("bea"));

    assertThat(at(answer, "errors", "0", "errorType")).isEqualTo("Unauthorized");
  }
}
