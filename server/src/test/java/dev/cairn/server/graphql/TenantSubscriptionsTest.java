package dev.cairn.server.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.server.TenantId;
import dev.cairn.server.changes.ChangeOperation;
import dev.cairn.server.data.MongoTestSupport;
import dev.cairn.server.data.StoreFixture;
import dev.cairn.server.data.conflict.ConflictStrategy;
import dev.cairn.server.data.conflict.Resolution;
import dev.cairn.server.data.sync.SyncQueries;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Subscription documents as Amplify DataStore sends them (APPSYNC.md §4.4). */
class TenantSubscriptionsTest {
  static final String ON_CREATE =
      "subscription operation { onCreatePost { id title rating status tags _version _lastChangedAt _deleted } }";
  static final String ON_UPDATE_FILTERED =
      "subscription operation($filter: ModelSubscriptionPostFilterInput) {"
          + " onUpdatePost(filter: $filter) { id title _version } }";

  @RegisterExtension static final MongoTestSupport mongo = new MongoTestSupport();
  TenantSubscriptions subscriptions;
  TenantGraphQL api;

  @BeforeEach
  void build() {
    StoreFixture fixture = new StoreFixture(mongo.client(), c -> new Resolution.Reject("none"));
    SyncQueries queries = fixture.syncQueries();
    api =
        TenantGraphQL.build(
            TenantId.of("s-" + UUID.randomUUID().toString().substring(0, 8)),
            TenantGraphQLTest.SCHEMA,
            new DataPlane(fixture.store, queries, m -> ConflictStrategy.AUTOMERGE),
            new dev.cairn.server.auth.AuthorizationPolicy(),
            RequestLimits.defaults());
    subscriptions = api.subscriptions();
  }

  @Test
  void compilesADataStoreSubscriptionToItsModelAndOperation() throws Exception {
    SubscriptionPlan plan = subscriptions.compile(ON_CREATE, Map.of());

    assertThat(plan.model().name()).isEqualTo("Post");
    assertThat(plan.operation()).isEqualTo(ChangeOperation.CREATE);
    assertThat(plan.rootField()).isEqualTo("onCreatePost");
    assertThat(plan.filter()).isNull();
    assertThat(plan.owners()).isEmpty();
  }

  @Test
  void coercesTheFilterArgument() throws Exception {
    SubscriptionPlan plan =
        subscriptions.compile(
            ON_UPDATE_FILTERED, Map.of("filter", Map.of("rating", Map.of("gt", 3))));

    assertThat(plan.operation()).isEqualTo(ChangeOperation.UPDATE);
    assertThat(plan.filter()).isEqualTo(Map.of("rating", Map.of("gt", 3)));
  }

  @Test
  void plansThatDifferOnlyInTheirFilterRenderAlike() throws Exception {
    SubscriptionPlan a =
        subscriptions.compile(
            ON_UPDATE_FILTERED, Map.of("filter", Map.of("rating", Map.of("gt", 3))));
    SubscriptionPlan b =
        subscriptions.compile(
            ON_UPDATE_FILTERED, Map.of("filter", Map.of("rating", Map.of("lt", 2))));
    SubscriptionPlan c = subscriptions.compile("subscription { onUpdatePost { id } }", Map.of());

    assertThat(a.renderKey()).isEqualTo(b.renderKey()).isNotEqualTo(c.renderKey());
  }

  @Test
  void rendersAChangeWithTheSubscriptionsOwnSelectionSet() throws Exception {
    SubscriptionPlan plan =
        subscriptions.compile(
            "subscription { onCreatePost { id headline: title __typename _version } }", Map.of());
    Document record =
        new Document("id", "p1")
            .append("title", "Hello")
            .append("rating", 5)
            .append("status", "ACTIVE")
            .append("_version", 1)
            .append("_lastChangedAt", 1000L)
            .append("_deleted", false);

    String json = subscriptions.render(plan, record);

    assertThat(json)
        .isEqualTo(
            "{\"data\":{\"onCreatePost\":{\"id\":\"p1\",\"headline\":\"Hello\",\"__typename\":\"Post\",\"_version\":1}}}");
  }

  @Test
  void refusesAnUnknownRootFieldAsAValidationError() {
    assertThatThrownBy(
            () -> subscriptions.compile("subscription { onCreateNothing { id } }", Map.of()))
        .isInstanceOf(GraphQLRequestException.class)
        .hasMessageContaining("onCreateNothing")
        .extracting(e -> ((GraphQLRequestException) e).errorType())
        .isEqualTo("ValidationError");
  }

  @Test
  void refusesWhatIsNotOneSubscriptionField() {
    assertThatThrownBy(
            () -> subscriptions.compile("query { listPosts { items { id } } }", Map.of()))
        .hasMessageContaining("subscription");
    assertThatThrownBy(
            () ->
                subscriptions.compile(
                    "subscription { onCreatePost { id } onDeletePost { id } }", Map.of()))
        .hasMessageContaining("exactly one root field");
  }

  @Test
  void refusesAFilterOnAFieldTheModelDoesNotHave() {
    assertThatThrownBy(
            () ->
                subscriptions.compile(
                    ON_UPDATE_FILTERED, Map.of("filter", Map.of("nope", Map.of("eq", 1)))))
        .isInstanceOf(GraphQLRequestException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void subscriptionsOverHttpAreRefusedWithAPointerToRealtime() {
    Map<String, Object> body = TenantGraphQLTest.run(api, ON_CREATE, Map.of());

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> errors = (List<Map<String, Object>>) body.get("errors");
    assertThat(errors.get(0).get("message").toString()).contains("realtime");
  }

  @Test
  void aSubscriptionRealtimeAlreadyCompiledIsStillRefusedOverHttp() throws Exception {
    subscriptions.compile(ON_CREATE, Map.of()); // parsed, validated and cached by realtime

    Map<String, Object> body = TenantGraphQLTest.run(api, ON_CREATE, Map.of());

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> errors = (List<Map<String, Object>>) body.get("errors");
    assertThat(errors.get(0).get("message").toString()).contains("realtime");
    assertThat(body.get("data")).isNull();
  }
}
