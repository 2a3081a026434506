package dev.cairn.server.auth;

import static dev.cairn.server.auth.AuthFixtures.apiKey;
import static dev.cairn.server.auth.AuthFixtures.model;
import static dev.cairn.server.auth.AuthFixtures.record;
import static dev.cairn.server.auth.AuthFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.cairn.server.TenantId;
import dev.cairn.server.data.filter.FilterTranslator;
import dev.cairn.server.data.filter.RecordMatcher;
import dev.cairn.spec.ModelOperation;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every @auth strategy and operation, as Amplify's transformer v2 evaluates them. */
class AuthorizationPolicyTest {
  private static final AppIdentity ALICE = user("alice");
  private static final AppIdentity BOB = user("bob");
  private static final AppIdentity ADMIN = user("dave", "admins");
  private static final AppIdentity AUDITOR = user("erin", "auditors");
  private static final AppIdentity CAROL = user("carol");
  private static final AppIdentity HR = user("hank", "hr");
  private static final AppIdentity RED_BLUE = user("gina", "red", "blue");
  private static final AppIdentity KEY = apiKey();
  private static final Object ALL = "ALL";
  private static final Object DENIED = "DENIED";

  private final AuthorizationPolicy policy = new AuthorizationPolicy();

  private ModelAccess access(String model, AppIdentity who) {
    return policy.access(model(model), who);
  }

  static Stream<Arguments> readScopes() {
    Map<String, Object> aliceOwns = Map.of("owner", Map.of("eq", "alice"));
    return Stream.of(
        arguments("Todo", ALICE, ModelOperation.LIST, aliceOwns),
        arguments("Todo", ALICE, ModelOperation.SYNC, aliceOwns),
        arguments("Todo", ALICE, ModelOperation.GET, aliceOwns),
        arguments("Todo", ALICE, ModelOperation.LISTEN, aliceOwns),
        arguments("Todo", KEY, ModelOperation.SYNC, DENIED),
        arguments(
            "Doc", ALICE, ModelOperation.LIST, Map.of("editors", Map.of("contains", "alice"))),
        arguments("Post", ALICE, ModelOperation.LIST, ALL),
        arguments("Post", KEY, ModelOperation.SYNC, ALL),
        arguments("Post", ADMIN, ModelOperation.LISTEN, ALL),
        arguments(
            "Ticket",
            RED_BLUE,
            ModelOperation.LIST,
            Map.of(
                "or",
                List.of(
                    Map.of("team", Map.of("eq", "red")), Map.of("team", Map.of("eq", "blue"))))),
        arguments("Ticket", ALICE, ModelOperation.LIST, DENIED),
        arguments(
            "Board",
            RED_BLUE,
            ModelOperation.SYNC,
            Map.of(
                "or",
                List.of(
                    Map.of("teams", Map.of("contains", "red")),
                    Map.of("teams", Map.of("contains", "blue"))))),
        arguments("Pub", KEY, ModelOperation.LIST, ALL),
        arguments("Pub", ALICE, ModelOperation.LIST, DENIED),
        arguments("Split", ALICE, ModelOperation.GET, aliceOwns),
        arguments("Split", ALICE, ModelOperation.LIST, DENIED),
        arguments("Split", AUDITOR, ModelOperation.LIST, ALL),
        arguments("Split", AUDITOR, ModelOperation.SYNC, ALL),
        arguments("Split", AUDITOR, ModelOperation.GET, Map.of("owner", Map.of("eq", "erin"))),
        arguments("Split", ALICE, ModelOperation.LISTEN, ALL),
        arguments("Split", KEY, ModelOperation.LISTEN, DENIED),
        arguments(
            "Claimed", ALICE, ModelOperation.LIST, Map.of("owner", Map.of("eq", "alice@x.test"))),
        arguments("Claimed", CAROL, ModelOperation.LIST, ALL),
        arguments(
            "SubUser",
            ALICE,
            ModelOperation.LIST,
            Map.of(
                "or",
                List.of(
                    Map.of("owner", Map.of("eq", "u-alice::alice")),
                    Map.of("owner", Map.of("eq", "u-alice")),
                    Map.of("owner", Map.of("eq", "alice"))))),
        arguments("Feed", ALICE, ModelOperation.LISTEN, ALL),
        arguments("Feed", KEY, ModelOperation.LISTEN, ALL),
        arguments("Feed", ALICE, ModelOperation.LIST, aliceOwns),
        arguments("Quiet", KEY, ModelOperation.LIST, ALL),
        arguments("Quiet", KEY, ModelOperation.LISTEN, DENIED),
        arguments("Iam", ALICE, ModelOperation.LIST, DENIED),
        arguments("Iam", KEY, ModelOperation.LIST, DENIED));
  }

  @ParameterizedTest(name = "{0} {2} by {1}")
  @MethodSource("readScopes")
  void readScopeFollowsTheRules(String model, AppIdentity who, ModelOperation op, Object expected) {
    ReadScope scope = access(model, who).readScope(op);

    if (expected == DENIED) {
      assertThat(scope.isDenied()).isTrue();
      assertThatThrownBy(scope::filter).isInstanceOf(NotAuthorizedException.class);
    } else if (expected == ALL) {
      assertThat(scope.isUnrestricted()).isTrue();
      assertThat(scope.filter()).isEmpty();
    } else {
      assertThat(scope.isDenied() || scope.isUnrestricted()).isFalse();
      assertThat(scope.filter()).isEqualTo(expected);
    }
  }

  static Stream<Map<String, Object>> sampleRecords() {
    return Stream.of(
        record(
            "id",
            "1",
            "owner",
            "alice",
            "editors",
            List.of("alice", "bob"),
            "team",
            "red",
            "teams",
            List.of("blue")),
        record(
            "id",
            "2",
            "owner",
            "bob",
            "editors",
            List.of("bob"),
            "team",
            "green",
            "teams",
            List.of()),
        record("id", "3", "owner", "u-alice", "team", "blue"),
        record("id", "4", "owner", "alice@x.test", "editors", null),
        record("id", "5", "owner", "alicex", "team", "redblue"),
        record("id", "6"));
  }

  @ParameterizedTest(name = "{0} {2} by {1}")
  @MethodSource("readScopes")
  void readScopeFilterTranslatesAndMatchesTheSameRecordsAsThePredicate(
      String model, AppIdentity who, ModelOperation op, Object expected) {
    ReadScope scope = access(model, who).readScope(op);
    if (scope.isDenied()) {
      assertThat(sampleRecords()).noneMatch(scope::test);
      return;
    }

    FilterTranslator.translate(model(model), FilterTranslator.Kind.FILTER, scope.filter());
    RecordMatcher matcher = new RecordMatcher(scope.filter());
    sampleRecords()
        .forEach(r -> assertThat(scope.test(r)).as("%s", r).isEqualTo(matcher.matches(r)));
  }

  @Test
  void predicateSelectsOnlyTheCallersRecords() {
    ReadScope alice = access("Todo", ALICE).readScope(ModelOperation.LISTEN);

    assertThat(alice.test(record("owner", "alice"))).isTrue();
    assertThat(alice.test(record("owner", "bob"))).isFalse();
    assertThat(alice.test(record("owner", "alicex"))).isFalse();
    assertThat(alice.test(record())).isFalse();
  }

  @Test
  void scopeIsAndedWithTheUsersFilter() {
    Map<String, Object> userFilter = Map.of("title", Map.of("beginsWith", "a"));

    assertThat(access("Todo", ALICE).readScope(ModelOperation.SYNC).and(userFilter))
        .isEqualTo(Map.of("and", List.of(Map.of("owner", Map.of("eq", "alice")), userFilter)));
    assertThat(access("Post", ALICE).readScope(ModelOperation.SYNC).and(userFilter))
        .isEqualTo(userFilter);
    assertThat(access("Todo", ALICE).readScope(ModelOperation.SYNC).and(null))
        .isEqualTo(Map.of("owner", Map.of("eq", "alice")));
  }

  @Test
  void deniedReadNamesTheFieldAndTheCallerLikeAppSync() {
    assertThatThrownBy(() -> access("Todo", KEY).readScope(ModelOperation.SYNC).requireAllowed())
        .isInstanceOf(NotAuthorizedException.class)
        .hasMessageStartingWith("Not Authorized to access syncTodos on type Query")
        .hasMessageContaining("an API key")
        .satisfies(
            e -> assertThat(((NotAuthorizedException) e).errorType()).isEqualTo("Unauthorized"));
  }

  static Stream<Arguments> operations() {
    return Stream.of(
        arguments("Todo", ALICE, ModelOperation.CREATE, true),
        arguments("Todo", KEY, ModelOperation.CREATE, false),
        arguments("Post", ALICE, ModelOperation.CREATE, true),
        arguments("Post", KEY, ModelOperation.CREATE, false),
        arguments("Post", KEY, ModelOperation.UPDATE, false),
        arguments("Post", KEY, ModelOperation.GET, true),
        arguments("Split", ALICE, ModelOperation.CREATE, true),
        arguments("Split", ALICE, ModelOperation.UPDATE, true),
        arguments("Split", ALICE, ModelOperation.DELETE, false),
        arguments("Split", ALICE, ModelOperation.LIST, false),
        arguments("Pub", KEY, ModelOperation.DELETE, true),
        arguments("Pub", ALICE, ModelOperation.DELETE, false),
        arguments("Ticket", ALICE, ModelOperation.CREATE, false),
        arguments("Ticket", RED_BLUE, ModelOperation.DELETE, true),
        arguments("Iam", ALICE, ModelOperation.CREATE, false));
  }

  @ParameterizedTest(name = "{0} {2} by {1}: {3}")
  @MethodSource("operations")
  void operationIsAllowedExactlyWhenSomeRuleGrantsIt(
      String model, AppIdentity who, ModelOperation op, boolean allowed) {
    ModelAccess access = access(model, who);

    assertThat(access.allows(op)).isEqualTo(allowed);
    if (allowed) {
      access.require(op);
    } else {
      assertThatThrownBy(() -> access.require(op)).isInstanceOf(NotAuthorizedException.class);
    }
  }

  @Test
  void createSetsTheOwnerFromTheIdentity() {
    assertThat(access("Todo", ALICE).authorizeCreate(record("id", "1", "title", "t")))
        .containsEntry("owner", "alice")
        .containsEntry("title", "t");
    assertThat(access("Doc", ALICE).authorizeCreate(record("id", "1")))
        .containsEntry("editors", List.of("alice"));
    assertThat(access("Claimed", ALICE).authorizeCreate(record("id", "1")))
        .containsEntry("owner", "alice@x.test");
    assertThat(access("SubUser", ALICE).authorizeCreate(record("id", "1")))
        .containsEntry("owner", "u-alice::alice");
  }

  @Test
  void createNamingAnotherOwnerIsRefusedForAnOwnerOnlyCaller() {
    assertThatThrownBy(() -> access("Todo", ALICE).authorizeCreate(record("owner", "bob")))
        .isInstanceOf(NotAuthorizedException.class)
        .hasMessageStartingWith("Not Authorized to access createTodo on type Mutation")
        .hasMessageContaining("[owner]");
    assertThatThrownBy(
            () -> access("Doc", ALICE).authorizeCreate(record("editors", List.of("bob"))))
        .isInstanceOf(NotAuthorizedException.class);
    assertThat(access("Doc", ALICE).authorizeCreate(record("editors", List.of("bob", "alice"))))
        .containsEntry("editors", List.of("bob", "alice"));
  }

  @Test
  void staticGroupMemberMayCreateForAnotherOwner() {
    assertThat(access("Post", ADMIN).authorizeCreate(record("owner", "bob")))
        .containsEntry("owner", "bob");
    assertThat(access("Post", ADMIN).authorizeCreate(record("title", "x")))
        .containsEntry("owner", "dave");
  }

  @Test
  void apiKeyCreateOnAPublicModelSetsNoOwner() {
    assertThat(access("Pub", KEY).authorizeCreate(record("id", "1"))).isEqualTo(record("id", "1"));
  }

  @Test
  void dynamicGroupCreateMustNameOneOfTheCallersGroups() {
    assertThat(access("Ticket", RED_BLUE).authorizeCreate(record("team", "red")))
        .containsEntry("team", "red");
    assertThatThrownBy(() -> access("Ticket", RED_BLUE).authorizeCreate(record("team", "green")))
        .isInstanceOf(NotAuthorizedException.class)
        .hasMessageContaining("[team]");
  }

  @Test
  void updateAndDeleteAreCheckedAgainstTheStoredRecord() {
    Map<String, Object> bobs = record("id", "1", "owner", "bob");
    Map<String, Object> alices = record("id", "2", "owner", "alice");

    access("Todo", ALICE).authorizeUpdate(alices, record("title", "new"));
    access("Todo", ALICE).authorizeDelete(alices);
    assertThatThrownBy(() -> access("Todo", ALICE).authorizeUpdate(bobs, record("title", "x")))
        .isInstanceOf(NotAuthorizedException.class)
        .hasMessageStartingWith("Not Authorized to access updateTodo on type Mutation")
        .hasMessageContaining("do not name user `u-alice`");
    assertThatThrownBy(() -> access("Todo", ALICE).authorizeDelete(bobs))
        .isInstanceOf(NotAuthorizedException.class)
        .hasMessageStartingWith("Not Authorized to access deleteTodo on type Mutation");
    access("Post", ADMIN).authorizeDelete(bobs);
  }

  @Test
  void byDefaultEveryoneAllowedToUpdateMayReassignTheOwnerFieldAsAmplifyDoes() {
    Map<String, Object> alices =
        record("id", "1", "owner", "alice", "editors", List.of("red"), "text", "t");

    // Amplify's update resolver checks the stored record only: owners may give records away, and
    // group or groupsField updaters may change the owner, unless field-level @auth protects it
    access("Todo", ALICE)
        .authorizeUpdate(record("id", "2", "owner", "alice"), record("owner", "bob"));
    access("Shared", ALICE).authorizeUpdate(alices, record("owner", "bob"));
    access("Shared", RED_BLUE).authorizeUpdate(alices, record("owner", "gina"));
    access("Shared", RED_BLUE).authorizeUpdate(alices, record("editors", List.of()));
    access("Shared", ADMIN).authorizeUpdate(alices, record("owner", "dave"));
    access("Doc", ALICE)
        .authorizeUpdate(record("editors", List.of("alice")), record("editors", List.of("bob")));
    assertThatThrownBy(() -> access("Shared", BOB).authorizeUpdate(alices, record("owner", "bob")))
        .isInstanceOf(NotAuthorizedException.class);
  }

  @Test
  void anOwnerFieldProtectedByFieldRulesCannotBeReassignedByOwnersOrGroupUpdaters() {
    Map<String, Object> alices =
        record("id", "1", "owner", "alice", "editors", List.of("red"), "text", "t");

    for (AppIdentity updater : List.of(ALICE, RED_BLUE, ADMIN)) {
      assertThatThrownBy(
              () -> access("Guarded", updater).authorizeUpdate(alices, record("owner", "x")))
          .as("%s", updater)
          .isInstanceOf(NotAuthorizedException.class)
          .hasMessageContaining("field `owner` of Guarded");
      access("Guarded", updater).authorizeUpdate(alices, record("id", "1", "text", "edited"));
    }
  }

  @Test
  void aFilterOnAFieldTheCallerCannotReadEverywhereIsRefused() {
    Map<String, Object> onSsn = Map.of("ssn", Map.of("eq", "123"));
    Map<String, Object> nested =
        Map.of(
            "or",
            List.of(
                Map.of("name", Map.of("eq", "x")),
                Map.of("not", Map.of("note", Map.of("eq", "n")))));

    for (ModelOperation op :
        List.of(ModelOperation.LIST, ModelOperation.SYNC, ModelOperation.LISTEN)) {
      assertThatThrownBy(() -> access("Profile", ALICE).requireReadable(op, onSsn))
          .isInstanceOf(NotAuthorizedException.class)
          .hasMessageContaining("field `ssn` of Profile");
    }
    assertThatThrownBy(() -> access("Profile", BOB).requireReadable(ModelOperation.LIST, nested))
        .isInstanceOf(NotAuthorizedException.class)
        .hasMessageContaining("field `note`");
    access("Profile", HR).requireReadable(ModelOperation.LIST, nested);
    access("Profile", ALICE)
        .requireReadable(ModelOperation.LIST, Map.of("name", Map.of("eq", "x")));
    // an owner filtering records only owners can see, by a field only owners can read
    access("Diary", ALICE).requireReadable(ModelOperation.SYNC, Map.of("mood", Map.of("eq", "ok")));
  }

  @Test
  void aConditionOnAFieldTheCallerCannotReadOnTheStoredRecordIsRefused() {
    Map<String, Object> bobs = record("id", "1", "name", "Bob", "ssn", "123", "owner", "bob");
    Map<String, Object> onSsn = Map.of("ssn", Map.of("eq", "123"));

    assertThatThrownBy(
            () -> access("Profile", ALICE).requireReadableOn(ModelOperation.UPDATE, bobs, onSsn))
        .isInstanceOf(NotAuthorizedException.class)
        .hasMessageStartingWith("Not Authorized to access updateProfile on type Mutation")
        .hasMessageContaining("condition uses field `ssn`");
    access("Profile", BOB).requireReadableOn(ModelOperation.UPDATE, bobs, onSsn);
  }

  @Test
  void perOperationRulesGrantOnlyTheirOperations() {
    Map<String, Object> alices = record("id", "2", "owner", "alice");

    access("Split", ALICE).authorizeUpdate(alices, record("id", "2"));
    assertThatThrownBy(() -> access("Split", ALICE).authorizeDelete(alices))
        .isInstanceOf(NotAuthorizedException.class)
        .hasMessageContaining("no @auth rule of Split grants it");
  }

  @Test
  void subUsernameOwnersAcceptTheJoinedValueOrEitherPart() {
    ModelAccess alice = access("SubUser", ALICE);

    alice.authorizeDelete(record("owner", "u-alice::alice"));
    alice.authorizeDelete(record("owner", "alice"));
    alice.authorizeDelete(record("owner", "u-alice"));
    assertThatThrownBy(() -> alice.authorizeDelete(record("owner", "u-bob::bob")))
        .isInstanceOf(NotAuthorizedException.class);
  }

  @Test
  void fieldLevelRulesHideFieldsFromReadersTheyDoNotGrant() {
    Map<String, Object> bobs =
        record("id", "1", "name", "Bob", "ssn", "123", "note", "n", "owner", "bob");

    assertThat(access("Profile", ALICE).hiddenFields(ModelOperation.GET, bobs))
        .containsExactlyInAnyOrder("ssn", "note", "owner");
    assertThat(access("Profile", BOB).hiddenFields(ModelOperation.LISTEN, bobs))
        .containsExactly("note");
    assertThat(access("Profile", HR).hiddenFields(ModelOperation.SYNC, bobs))
        .containsExactlyInAnyOrder("ssn", "owner");
    assertThat(access("Profile", ALICE).redact(ModelOperation.LIST, bobs))
        .containsEntry("name", "Bob")
        .containsEntry("ssn", null)
        .containsEntry("owner", null);
  }

  @Test
  void fieldLevelRulesDecideWhoMayWriteThoseFields() {
    Map<String, Object> bobs = record("id", "1", "name", "Bob", "owner", "bob");

    assertThat(access("Profile", ALICE).authorizeCreate(record("id", "9", "name", "A")))
        .containsEntry("owner", "alice");
    assertThatThrownBy(() -> access("Profile", ALICE).authorizeCreate(record("ssn", "1")))
        .isInstanceOf(NotAuthorizedException.class)
        .hasMessageContaining("field `ssn` of Profile");
    access("Profile", BOB).authorizeUpdate(bobs, record("id", "1", "ssn", "456"));
    access("Profile", ALICE).authorizeUpdate(bobs, record("id", "1", "name", "Robert"));
    assertThatThrownBy(() -> access("Profile", ALICE).authorizeUpdate(bobs, record("ssn", "0")))
        .isInstanceOf(NotAuthorizedException.class);
    assertThatThrownBy(() -> access("Profile", BOB).authorizeUpdate(bobs, record("owner", "bob")))
        .isInstanceOf(NotAuthorizedException.class)
        .hasMessageContaining("field `owner`");
  }

  @Test
  void anIdentityOfAnotherTenantIsRefused() {
    assertThatThrownBy(() -> policy.access(TenantId.of("globex"), model("Pub"), KEY))
        .isInstanceOf(NotAuthorizedException.class)
        .hasMessageContaining("authenticated for tenant `acme`, not `globex`");
    assertThat(policy.access(AuthFixtures.ACME, model("Pub"), KEY).allows(ModelOperation.LIST))
        .isTrue();
  }

  @Test
  void readIsARuleShorthandNotAnOperationToAskAbout() {
    assertThatThrownBy(() -> access("Pub", KEY).readScope(ModelOperation.READ))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GET, LIST, SYNC, LISTEN or SEARCH");
  }
}
