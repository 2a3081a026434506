package dev.cairn.server.graphql;

import static dev.cairn.server.graphql.TenantGraphQLTest.at;
import static dev.cairn.server.graphql.TenantGraphQLTest.vars;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code @auth} applied by the data fetchers, with owner and group rules. */
class AuthorizedGraphQLTest {
  static final ModelSchema SCHEMA =
      ModelSchemaParser.parse(
              "notes.graphql",
              """
              type Note @model @auth(rules: [
                { allow: owner },
                { allow: groups, groups: ["editors"], operations: [read, update] }
              ]) {
                id: ID!
                text: String!
              }
              """)
          .orElseThrow();
  static final String FIELDS = "id text owner _version _lastChangedAt _deleted";
  static final String CREATE =
      "mutation operation($input: CreateNoteInput!) { createNote(input: $input) { "
          + FIELDS
          + " } }";
  static final String UPDATE =
      "mutation operation($input: UpdateNoteInput!) { updateNote(input: $input) { "
          + FIELDS
          + " } }";
  static final String SYNC =
      "query operation($lastSync: AWSTimestamp) { syncNotes(lastSync: $lastSync) { items { "
          + FIELDS
          + " } nextToken startedAt } }";
  static final String GET = "query operation($id: ID!) { getNote(id: $id) { " + FIELDS + " } }";

  @RegisterExtension static final MongoTestSupport mongo = new MongoTestSupport();
  TenantGraphQL api;
  TenantId tenant;

  @BeforeEach
  void build() {
    StoreFixture fixture = new StoreFixture(mongo.client(), c -> new Resolution.Reject("none"));
    SyncQueries queries = fixture.syncQueries();
    tenant = TenantId.of("a-" + UUID.randomUUID().toString().substring(0, 8));
    api =
        TenantGraphQL.build(
            tenant,
            SCHEMA,
            new DataPlane(fixture.store, queries, m -> ConflictStrategy.AUTOMERGE),
            new AuthorizationPolicy(),
            RequestLimits.defaults());
  }

  AppIdentity user(String name, String... groups) {
    return new AppIdentity(
        tenant,
        AppIdentity.Kind.USER_TOKEN,
        name,
        "sub",
        Map.of("sub", name, "username", name),
        List.of(groups));
  }

  @Test
  void theServerSetsTheOwnerFromTheCallerNeverFromInput() {
    Map<String, Object> body =
        api.execute(CREATE, vars("input", vars("id", "n1", "text", "mine")), user("alice"));

    assertThat(at(body, "data", "createNote", "owner")).isEqualTo("alice");
  }

  @Test
  void anOwnerCannotCreateARecordForSomeoneElse() {
    Map<String, Object> body =
        api.execute(
            CREATE, vars("input", vars("id", "n1", "text", "x", "owner", "bob")), user("alice"));

    // The implicit owner field is not part of CreateNoteInput at all, so the attempt cannot even
    // be expressed; either way nothing is created.
    assertThat(at(body, "errors", "0", "errorType")).isIn("Unauthorized", "ValidationError");
    assertThat(at(body, "data")).isNull();
    assertThat(at(api.execute(GET, vars("id", "n1"), user("bob")), "data", "getNote")).isNull();
  }

  @Test
  void syncedRecordsCountWhatTheSyncQueriesReturned() {
    api.execute(CREATE, vars("input", vars("id", "a1", "text", "alice's")), user("alice"));
    api.execute(CREATE, vars("input", vars("id", "b1", "text", "bob's")), user("bob"));
    SyncedRecords synced = new SyncedRecords();

    api.execute(SYNC, vars("lastSync", 0), user("erin", "editors"), synced);

    assertThat(synced.count()).isEqualTo(2);
  }

  static final String SYNC_PAGE =
      "query operation($lastSync: AWSTimestamp, $limit: Int, $nextToken: String) {"
          + " mine: syncNotes(lastSync: $lastSync, limit: $limit, nextToken: $nextToken) {"
          + " items { id } nextToken startedAt } }";

  @Test
  void aSyncEstimateCountsOnlyTheRecordsTheCallerMayReadAndOnlyOnTheFirstPageWhenAsked() {
    for (String id : List.of("a1", "a2", "a3")) {
      api.execute(CREATE, vars("input", vars("id", id, "text", "alice's")), user("alice"));
    }
    for (String id : List.of("b1", "b2")) {
      api.execute(CREATE, vars("input", vars("id", id, "text", "bob's")), user("bob"));
    }
    Map<String, Object> firstPage = vars("lastSync", 0, "limit", 1);

    Map<String, Object> alice =
        api.execute(SYNC_PAGE, firstPage, user("alice"), new SyncedRecords(), new SyncEstimates());
    Map<String, Object> bob =
        api.execute(SYNC_PAGE, firstPage, user("bob"), new SyncedRecords(), new SyncEstimates());
    Map<String, Object> editor =
        api.execute(
            SYNC_PAGE,
            firstPage,
            user("erin", "editors"),
            new SyncedRecords(),
            new SyncEstimates());
    Map<String, Object> notAsked = api.execute(SYNC_PAGE, firstPage, user("alice"));
    Map<String, Object> secondPage =
        api.execute(
            SYNC_PAGE,
            vars("lastSync", 0, "limit", 1, "nextToken", at(alice, "data", "mine", "nextToken")),
            user("alice"),
            new SyncedRecords(),
            new SyncEstimates());

    assertThat(at(alice, "extensions", SyncEstimates.EXTENSION, "mine")).isEqualTo(3L);
    assertThat(at(bob, "extensions", SyncEstimates.EXTENSION, "mine")).isEqualTo(2L);
    assertThat(at(editor, "extensions", SyncEstimates.EXTENSION, "mine")).isEqualTo(5L);
    assertThat(notAsked).containsOnlyKeys("data");
    assertThat(secondPage).as("only a sync's first page counts").doesNotContainKey("extensions");
    assertThat((List<?>) at(secondPage, "data", "mine", "items")).hasSize(1);
  }

  @Test
  void syncReturnsOnlyWhatTheCallerMayRead() {
    api.execute(CREATE, vars("input", vars("id", "a1", "text", "alice's")), user("alice"));
    api.execute(CREATE, vars("input", vars("id", "b1", "text", "bob's")), user("bob"));

    Map<String, Object> alice = api.execute(SYNC, vars("lastSync", 0), user("alice"));
    Map<String, Object> editor = api.execute(SYNC, vars("lastSync", 0), user("erin", "editors"));

    assertThat((List<?>) at(alice, "data", "syncNotes", "items")).hasSize(1);
    assertThat(at(alice, "data", "syncNotes", "items", "0", "id")).isEqualTo("a1");
    assertThat((List<?>) at(editor, "data", "syncNotes", "items")).hasSize(2);
  }

  @Test
  void anotherOwnersRecordCannotBeReadOrUpdated() {
    api.execute(CREATE, vars("input", vars("id", "a1", "text", "alice's")), user("alice"));

    Map<String, Object> get = api.execute(GET, vars("id", "a1"), user("bob"));
    Map<String, Object> update =
        api.execute(
            UPDATE,
            vars("input", vars("id", "a1", "text", "hijacked", "_version", 1)),
            user("bob"));
    Map<String, Object> stillThere = api.execute(GET, vars("id", "a1"), user("alice"));

    assertThat(at(get, "errors", "0", "errorType")).isEqualTo("Unauthorized");
    assertThat(at(update, "errors", "0", "errorType")).isEqualTo("Unauthorized");
    assertThat(at(stillThere, "data", "getNote", "text")).isEqualTo("alice's");
  }

  @Test
  void anApiKeyGetsNothingFromAModelWithoutPublicRules() {
    Map<String, Object> body =
        api.execute(SYNC, vars("lastSync", 0), AppIdentity.apiKey(tenant, "k1"));

    assertThat(at(body, "errors", "0", "errorType")).isEqualTo("Unauthorized");
  }

  @Test
  void aCallerOfAnotherTenantIsRefused() {
    AppIdentity stranger =
        new AppIdentity(
            TenantId.of("other"),
            AppIdentity.Kind.USER_TOKEN,
            "alice",
            "sub",
            Map.of("sub", "alice"),
            List.of());

    Map<String, Object> body = api.execute(SYNC, vars("lastSync", 0), stranger);

    assertThat(at(body, "errors", "0", "errorType")).isEqualTo("Unauthorized");
  }
}
