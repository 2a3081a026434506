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
import dev.cairn.spec.ModelSchema;
import dev.cairn.spec.ModelSchemaParser;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Field-level {@code @auth} through the whole GraphQL path (issue 10, finding 5) and the owner
 * field rule (finding 6): hidden fields stay hidden in conflict answers, filters, conditions and
 * relation fields; owner reassignment follows Amplify.
 */
class FieldAuthGraphQLTest {
  static final ModelSchema SCHEMA =
      ModelSchemaParser.parse(
              "hr.graphql",
              """
              type Employee @model @auth(rules: [
                { allow: owner },
                { allow: groups, groups: ["hr"], operations: [read, update] }
              ]) {
                id: ID!
                name: String!
                salary: Int @auth(rules: [{ allow: owner }])
                  @index(name: "bySalary", queryField: "employeesBySalary")
                reviews: [Review] @hasMany @auth(rules: [{ allow: owner }])
              }
              type Review @model @auth(rules: [
                { allow: owner },
                { allow: groups, groups: ["hr"], operations: [read] }
              ]) {
                id: ID!
                text: String!
                employee: Employee @belongsTo @auth(rules: [{ allow: owner }])
              }
              type Doc @model @auth(rules: [
                { allow: owner },
                { allow: groups, groupsField: "editors", operations: [read, update] }
              ]) {
                id: ID!
                text: String
                owner: String
                editors: [String]
              }
              type Locked @model @auth(rules: [
                { allow: owner },
                { allow: groups, groupsField: "editors", operations: [read, update] }
              ]) {
                id: ID!
                text: String
                owner: String @auth(rules: [
                  { allow: owner, operations: [read, delete] },
                  { allow: groups, groupsField: "editors", operations: [read] }
                ])
                editors: [String]
              }
              """)
          .orElseThrow();

  static MongoTestSupport mongo;
  TenantGraphQL api;
  TenantId tenant;

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
    tenant = TenantId.of("f-" + UUID.randomUUID().toString().substring(0, 8));
    api =
        TenantGraphQL.build(
            tenant,
            SCHEMA,
            new DataPlane(
                fixture.store, fixture.syncQueries(), m -> ConflictStrategy.OPTIMISTIC_CONCURRENCY),
            new AuthorizationPolicy(),
            RequestLimits.defaults());
    Map<String, Object> created =
        api.execute(
            "mutation ($input: CreateEmployeeInput!) { createEmployee(input: $input) { id } }",
            vars("input", vars("id", "e1", "name", "Alice", "salary", 123456)),
            user("alice"));
    assertThat(created).doesNotContainKey("errors");
    assertThat(
            api.execute(
                "mutation ($input: CreateReviewInput!) { createReview(input: $input) { id } }",
                vars("input", vars("id", "r1", "text", "great", "employeeReviewsId", "e1")),
                user("alice")))
        .doesNotContainKey("errors");
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
  @SuppressWarnings("unchecked")
  void aConflictAnswerShowsTheUpdaterOnlyTheFieldsItMayRead() {
    Map<String, Object> stale =
        api.execute(
            "mutation ($input: UpdateEmployeeInput!) { updateEmployee(input: $input) { id } }",
            vars("input", vars("id", "e1", "name", "A.", "_version", 0)),
            user("hank", "hr"));

    assertThat(at(stale, "errors", "0", "errorType")).isEqualTo("ConflictUnhandled");
    assertThat(at(stale, "errors", "0", "data", "name")).isEqualTo("Alice");
    assertThat(at(stale, "errors", "0", "data", "_version")).isEqualTo(1);
    assertThat((Map<String, Object>) at(stale, "errors", "0", "data"))
        .containsEntry("salary", null);
  }

  @Test
  void aFilterOnAFieldTheCallerCannotReadIsRefusedNotAnswered() {
    String sync =
        "query ($f: ModelEmployeeFilterInput) { syncEmployees(filter: $f) { items { id salary } } }";
    String list =
        "query ($f: ModelEmployeeFilterInput) { listEmployees(filter: $f) { items { id } } }";
    Map<String, Object> probe = vars("f", Map.of("salary", Map.of("eq", 123456)));

    Map<String, Object> hrSync = api.execute(sync, probe, user("hank", "hr"));
    Map<String, Object> hrList = api.execute(list, probe, user("hank", "hr"));
    Map<String, Object> ownerSync = api.execute(sync, probe, user("alice"));

    assertThat(at(hrSync, "errors", "0", "errorType")).isEqualTo("Unauthorized");
    assertThat((String) at(hrSync, "errors", "0", "message")).contains("field `salary`");
    assertThat(at(hrSync, "data", "syncEmployees")).isNull();
    assertThat(at(hrList, "errors", "0", "errorType")).isEqualTo("Unauthorized");
    assertThat(ownerSync).doesNotContainKey("errors");
    assertThat(at(ownerSync, "data", "syncEmployees", "items", "0", "salary")).isEqualTo(123456);
  }

  @Test
  void anIndexQueryKeyedOnAFieldTheCallerCannotReadIsRefused() {
    String query = "query { employeesBySalary(salary: 123456) { items { id } } }";

    Map<String, Object> hr = api.execute(query, Map.of(), user("hank", "hr"));
    Map<String, Object> owner = api.execute(query, Map.of(), user("alice"));

    assertThat(at(hr, "errors", "0", "errorType")).isEqualTo("Unauthorized");
    assertThat((String) at(hr, "errors", "0", "message")).contains("field `salary`");
    assertThat(at(owner, "data", "employeesBySalary", "items", "0", "id")).isEqualTo("e1");
  }

  @Test
  void aConditionOnAFieldTheCallerCannotReadIsRefusedAndNothingIsWritten() {
    Map<String, Object> probe =
        api.execute(
            "mutation ($input: UpdateEmployeeInput!, $c: ModelEmployeeConditionInput) {"
                + " updateEmployee(input: $input, condition: $c) { id } }",
            vars(
                "input",
                vars("id", "e1", "name", "Probed", "_version", 1),
                "c",
                Map.of("salary", Map.of("eq", 123456))),
            user("hank", "hr"));
    Map<String, Object> after =
        api.execute("query { getEmployee(id: \"e1\") { name _version } }", Map.of(), user("alice"));

    assertThat(at(probe, "errors", "0", "errorType")).isEqualTo("Unauthorized");
    assertThat(at(after, "data", "getEmployee", "name")).isEqualTo("Alice");
    assertThat(at(after, "data", "getEmployee", "_version")).isEqualTo(1);
  }

  @Test
  void fieldRulesOnRelationFieldsHideTheRelationFromOthers() {
    String employee = "query { getEmployee(id: \"e1\") { id reviews { items { id } } } }";
    String review = "query { getReview(id: \"r1\") { id employee { id name } } }";

    Map<String, Object> asHr = api.execute(employee, Map.of(), user("hank", "hr"));
    Map<String, Object> asOwner = api.execute(employee, Map.of(), user("alice"));
    Map<String, Object> reviewAsHr = api.execute(review, Map.of(), user("hank", "hr"));
    Map<String, Object> reviewAsOwner = api.execute(review, Map.of(), user("alice"));

    assertThat(at(asHr, "data", "getEmployee", "id")).isEqualTo("e1");
    assertThat(at(asHr, "data", "getEmployee", "reviews")).isNull();
    assertThat(at(asOwner, "data", "getEmployee", "reviews", "items", "0", "id")).isEqualTo("r1");
    assertThat(at(reviewAsHr, "data", "getReview", "id")).isEqualTo("r1");
    assertThat(at(reviewAsHr, "data", "getReview", "employee")).isNull();
    assertThat(at(reviewAsOwner, "data", "getReview", "employee", "name")).isEqualTo("Alice");
  }

  private Map<String, Object> create(String model, String id, AppIdentity who) {
    return api.execute(
        "mutation ($input: Create"
            + model
            + "Input!) { create"
            + model
            + "(input: $input) { id } }",
        vars("input", vars("id", id, "text", "t", "editors", List.of("team1"))),
        who);
  }

  private Map<String, Object> setOwner(String model, String id, String owner, AppIdentity who) {
    return api.execute(
        "mutation ($input: Update"
            + model
            + "Input!) { update"
            + model
            + "(input: $input) { id text } }",
        vars("input", vars("id", id, "owner", owner, "_version", 1)),
        who);
  }

  @Test
  void byDefaultAGroupsFieldUpdaterMayTakeOverTheOwnerFieldAsInAmplify() {
    create("Doc", "d1", user("alice"));
    create("Doc", "d2", user("alice"));

    Map<String, Object> takeover = setOwner("Doc", "d1", "erin", user("erin", "team1"));
    Map<String, Object> giveAway = setOwner("Doc", "d2", "bob", user("alice"));
    Map<String, Object> ownerAfter =
        api.execute("query { getDoc(id: \"d1\") { owner } }", Map.of(), user("erin", "team1"));
    Map<String, Object> bobSees =
        api.execute("query { getDoc(id: \"d2\") { owner } }", Map.of(), user("bob"));

    assertThat(takeover).doesNotContainKey("errors");
    assertThat(at(ownerAfter, "data", "getDoc", "owner")).isEqualTo("erin");
    assertThat(giveAway).doesNotContainKey("errors");
    assertThat(at(bobSees, "data", "getDoc", "owner")).isEqualTo("bob");
  }

  @Test
  void anOwnerFieldProtectedByFieldRulesStaysWithItsOwner() {
    create("Locked", "l1", user("alice"));

    Map<String, Object> takeover = setOwner("Locked", "l1", "erin", user("erin", "team1"));
    Map<String, Object> giveAway = setOwner("Locked", "l1", "bob", user("alice"));
    Map<String, Object> edit =
        api.execute(
            "mutation ($input: UpdateLockedInput!) { updateLocked(input: $input) { text } }",
            vars("input", vars("id", "l1", "text", "edited", "_version", 1)),
            user("erin", "team1"));
    Map<String, Object> after =
        api.execute("query { getLocked(id: \"l1\") { owner text } }", Map.of(), user("alice"));

    assertThat(at(takeover, "errors", "0", "errorType")).isEqualTo("Unauthorized");
    assertThat((String) at(takeover, "errors", "0", "message")).contains("field `owner`");
    assertThat(at(giveAway, "errors", "0", "errorType")).isEqualTo("Unauthorized");
    assertThat(edit).doesNotContainKey("errors");
    assertThat(at(after, "data", "getLocked", "owner")).isEqualTo("alice");
    assertThat(at(after, "data", "getLocked", "text")).isEqualTo("edited");
  }
}
