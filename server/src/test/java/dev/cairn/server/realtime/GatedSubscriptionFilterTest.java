package dev.cairn.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cairn.server.TenantId;
import dev.cairn.server.auth.AppIdentity;
import dev.cairn.server.auth.AuthorizationPolicy;
import dev.cairn.server.auth.FeatureGates;
import dev.cairn.server.data.MongoTestSupport;
import dev.cairn.server.data.StoreFixture;
import dev.cairn.server.data.conflict.ConflictStrategy;
import dev.cairn.server.data.conflict.Resolution;
import dev.cairn.server.graphql.DataPlane;
import dev.cairn.server.graphql.RequestLimits;
import dev.cairn.server.graphql.TenantApis;
import dev.cairn.server.graphql.TenantGraphQL;
import dev.cairn.spec.ModelSchema;
import dev.cairn.spec.ModelSchemaParser;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A subscription whose {@code filter} names a field gated by a closed {@code @cairnFlag} is refused
 * with {@code OperationDisabled}, like a subscription to a closed gated model: Amplify answers
 * {@code Unauthorized} by reconnecting, which would loop while the flag stays off (APPSYNC.md §5).
 * Gates are a lambda over the caller here; the real evaluation is FlagGates (FlagsIT).
 */
class GatedSubscriptionFilterTest {
  static final ModelSchema SCHEMA =
      ModelSchemaParser.parse(
              "posts.graphql",
              """
              type Post @model @auth(rules: [{ allow: private }]) {
                id: ID!
                title: String
                summary: String @cairnFlag(key: "summaries")
              }
              """)
          .orElseThrow();
  static final String ON_CREATE =
      "subscription S($filter: ModelSubscriptionPostFilterInput) {"
          + " onCreatePost(filter: $filter) { id title summary } }";

  static MongoTestSupport mongo;
  TenantId tenant;
  TenantSubscriptionBackend backend;

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
    Set<String> open = Set.of("alice");
    FeatureGates gates = caller -> flag -> open.contains(caller.subject());
    AuthorizationPolicy policy = new AuthorizationPolicy(gates);
    TenantGraphQL api =
        TenantGraphQL.build(
            tenant,
            SCHEMA,
            new DataPlane(fixture.store, fixture.syncQueries(), m -> ConflictStrategy.AUTOMERGE),
            policy,
            RequestLimits.defaults());
    backend = new TenantSubscriptionBackend();
    backend.policy = policy;
    backend.apis =
        new TenantApis() {
          @Override
          public Optional<TenantGraphQL> active(TenantId t) {
            return Optional.of(api);
          }
        };
  }

  private Subscriber user(String name) {
    return new TenantSubscriptionBackend.AppSubscriber(
        new AppIdentity(
            tenant,
            AppIdentity.Kind.USER_TOKEN,
            name,
            "sub",
            Map.of("sub", name, "username", name),
            List.of()));
  }

  private static Map<String, Object> filter(Map<String, Object> filter) {
    return Map.of("filter", filter);
  }

  @Test
  void aFilterOnAClosedGatedFieldIsRefusedWithOperationDisabledNamingFieldAndFlag() {
    Map<String, Object> nested =
        filter(Map.of("or", List.of(Map.of("title", Map.of("eq", "t")), summaryIs("x"))));

    RealtimeException refused =
        catchThrowableOfType(
            RealtimeException.class, () -> backend.compile(tenant, user("bob"), ON_CREATE, nested));

    assertThat(refused).isNotNull();
    assertThat(refused.errorType()).isEqualTo("OperationDisabled");
    assertThat(refused.getMessage())
        .contains("onCreatePost")
        .contains("field `summary` of Post")
        .contains("feature flag `summaries` (@cairnFlag) is off for");
  }

  @Test
  void theSameFilterIsAcceptedWhileTheGateIsOpenAndAFilterWithoutTheFieldAlways() throws Exception {
    assertThat(backend.compile(tenant, user("alice"), ON_CREATE, filter(summaryIs("x"))))
        .isNotNull();
    assertThat(
            backend.compile(
                tenant, user("bob"), ON_CREATE, filter(Map.of("title", Map.of("eq", "t")))))
        .isNotNull();
    assertThat(backend.compile(tenant, user("bob"), ON_CREATE, Map.of())).isNotNull();
  }

  private static Map<String, Object> summaryIs(String value) {
    return Map.of("summary", Map.of("eq", value));
  }
}
