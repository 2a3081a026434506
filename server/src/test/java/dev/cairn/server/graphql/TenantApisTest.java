package dev.cairn.server.graphql;

import static dev.cairn.server.graphql.TenantGraphQLTest.CREATE;
import static dev.cairn.server.graphql.TenantGraphQLTest.UPDATE;
import static dev.cairn.server.graphql.TenantGraphQLTest.at;
import static dev.cairn.server.graphql.TenantGraphQLTest.run;
import static dev.cairn.server.graphql.TenantGraphQLTest.vars;
import static dev.cairn.server.tenancy.TenancyFixture.ANA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.TenantId;
import dev.cairn.server.auth.AuthorizationPolicy;
import dev.cairn.server.data.MongoTestSupport;
import dev.cairn.server.data.StoreFixture;
import dev.cairn.server.data.conflict.ConflictStrategy;
import dev.cairn.server.data.conflict.Resolution;
import dev.cairn.server.tenancy.ControlPlane;
import dev.cairn.server.tenancy.ControlPlaneTransactions;
import dev.cairn.server.tenancy.TenancyFixture;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link TenantApis} on the real control plane (H2) and the embedded MongoDB stand-in. */
class TenantApisTest {
  static final String V1 =
      """
      type Post @model @auth(rules: [{ allow: public }]) {
        id: ID!
        title: String!
      }
      """;
  static final String V2 =
      """
      type Post @model @auth(rules: [{ allow: public }]) {
        id: ID!
        title: String!
        summary: String
      }
      """;
  static final String CREATE_POST =
      CREATE.replace(TenantGraphQLTest.POST_FIELDS, "id title _version");
  static final String UPDATE_POST =
      UPDATE.replace(TenantGraphQLTest.POST_FIELDS, "id title _version");

  @RegisterExtension static final MongoTestSupport mongo = new MongoTestSupport();
  final TenancyFixture control = new TenancyFixture();
  StoreFixture data;
  TenantApis apis;
  TenantId tenant;

  @BeforeEach
  void wire() {
    data = new StoreFixture(mongo.client(), c -> new Resolution.Reject("no webhook"));
    apis = new TenantApis();
    apis.controlPlane = control.tx;
    apis.store = data.store;
    apis.queries = data.syncQueries();
    apis.clock = data.clock;
    apis.policy = new AuthorizationPolicy();
    apis.maxRecords = RequestLimits.defaults().maxRecords();
    tenant = control.tenants.signup(ANA, "apis-" + System.nanoTime() % 1_000_000, null).id();
    control.schemas.publish(ANA, tenant, V1, false, true);
    strategy(ConflictStrategy.OPTIMISTIC_CONCURRENCY);
  }

  /** Sets the tenant's default conflict strategy in the control plane. */
  private void strategy(ConflictStrategy strategy) {
    control.conflicts.set(ANA, tenant, strategy, Map.of(), null, false);
  }

  /** The tenant's active API, after it created post p1 and the server updated it to version 2. */
  private TenantGraphQL apiWithAPostTheServerUpdated() {
    TenantGraphQL api = apis.active(tenant).orElseThrow();
    run(api, CREATE_POST, post("p1", "first"));
    run(api, UPDATE_POST, update("server", 1));
    return api;
  }

  /** Publishes and activates V2, and tells the APIs so as the node's activation event would. */
  private void activateV2() {
    control.schemas.publish(ANA, tenant, V2, false, true);
    control.activations.forEach(apis::schemaActivated);
  }

  @AfterEach
  void close() {
    control.close();
  }

  @Test
  void aStaleUpdateRightAfterASchemaActivationIsRejectedUnderOptimisticConcurrency() {
    TenantGraphQL api = apiWithAPostTheServerUpdated();

    activateV2();
    Map<String, Object> stale = run(api, UPDATE_POST, update("client", 1));

    assertThat(at(stale, "errors", "0", "errorType")).isEqualTo("ConflictUnhandled");
    assertThat(at(stale, "errors", "0", "data", "title")).isEqualTo("server");
  }

  @Test
  void anApiBuiltForTheNewVersionAnswersTheTenantsStrategyToo() {
    TenantGraphQL before = apiWithAPostTheServerUpdated();

    activateV2();
    TenantGraphQL after = apis.active(tenant).orElseThrow();
    Map<String, Object> stale = run(after, UPDATE_POST, update("client", 1));

    assertThat(after).isNotSameAs(before);
    assertThat(at(stale, "errors", "0", "errorType")).isEqualTo("ConflictUnhandled");
  }

  @Test
  void aChangedStrategyReachesTheBuiltApiWithinTheRecheckInterval() {
    strategy(ConflictStrategy.AUTOMERGE);
    TenantGraphQL api = apiWithAPostTheServerUpdated();

    strategy(ConflictStrategy.OPTIMISTIC_CONCURRENCY);
    data.clock.advance(Duration.ofMillis(TenantApis.RECHECK_MS));
    assertThat(apis.active(tenant)).containsSame(api);
    Map<String, Object> stale = run(api, UPDATE_POST, update("client", 1));

    assertThat(at(stale, "errors", "0", "errorType")).isEqualTo("ConflictUnhandled");
  }

  @Test
  void whileOneRequestReReadsTheControlPlaneTheTenantsOtherRequestsKeepTheirApiWithoutWaiting()
      throws Exception {
    GatedControlPlane gated = new GatedControlPlane(control);
    apis.controlPlane = gated;
    TenantGraphQL api = apis.active(tenant).orElseThrow();
    data.clock.advance(Duration.ofMillis(TenantApis.REFRESH_AHEAD_MS));
    gated.closed = true;
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<Optional<TenantGraphQL>> rereading = threads.submit(() -> apis.active(tenant));
      assertThat(gated.entered.await(60, TimeUnit.SECONDS)).isTrue();

      Future<Optional<TenantGraphQL>> meanwhile = threads.submit(() -> apis.active(tenant));
      assertThat(meanwhile.get(60, TimeUnit.SECONDS)).containsSame(api);
      assertThat(rereading).isNotDone();

      gated.release.countDown();
      assertThat(rereading.get(60, TimeUnit.SECONDS)).containsSame(api);
    } finally {
      gated.release.countDown();
      threads.shutdownNow();
    }
  }

  @Test
  void theFirstRequestAfterTheRefreshAheadTimeReReadsTheConflictStrategy() {
    strategy(ConflictStrategy.AUTOMERGE);
    TenantGraphQL api = apiWithAPostTheServerUpdated();

    strategy(ConflictStrategy.OPTIMISTIC_CONCURRENCY);
    data.clock.advance(Duration.ofMillis(TenantApis.REFRESH_AHEAD_MS));
    assertThat(apis.active(tenant)).containsSame(api);
    Map<String, Object> stale = run(api, UPDATE_POST, update("client", 1));

    assertThat(at(stale, "errors", "0", "errorType")).isEqualTo("ConflictUnhandled");
  }

  /** The real control plane, whose reads wait for {@link #release} once {@link #closed}. */
  private static final class GatedControlPlane extends ControlPlaneTransactions {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean closed;

    GatedControlPlane(TenancyFixture control) {
      super(control.emf);
    }

    @Override
    public <T> T inTransaction(Function<ControlPlane, T> work) {
      if (closed) {
        entered.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return super.inTransaction(work);
    }
  }

  private static Map<String, Object> post(String id, String title) {
    return vars("input", vars("id", id, "title", title));
  }

  private static Map<String, Object> update(String title, int version) {
    return vars("input", vars("id", "p1", "title", title, "_version", version), "condition", null);
  }
}
