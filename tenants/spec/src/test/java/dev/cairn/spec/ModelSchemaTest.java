package dev.cairn.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each directive, read from valid SDL, lands in the model schema and the API as Amplify makes it.
 */
class ModelSchemaTest {
  private static final String PUBLIC = " @auth(rules: [{ allow: public }])";

  private static String api(ModelSchema schema) {
    return ApiSchema.of(schema).sdl();
  }

  @Test
  void cairnFlagGatesAModelAndFieldsWithoutChangingTheApi() {
    String gated =
        "type Inbox @model @cairnFlag(key: \"new-inbox\")"
            + PUBLIC
            + " { id: ID! title: String }\n"
            + "type Post @model"
            + PUBLIC
            + " { id: ID! title: String! summary: String @cairnFlag(key: \"ai.summary\") }";
    ModelSchema schema = TestSchemas.parse(gated);
    Model inbox = schema.model("Inbox").orElseThrow();
    Model post = schema.model("Post").orElseThrow();

    assertThat(inbox.featureFlag()).contains("new-inbox");
    assertThat(inbox.featureFlags()).containsExactly("new-inbox");
    assertThat(post.featureFlag()).isEmpty();
    assertThat(post.field("summary").orElseThrow().featureFlag()).contains("ai.summary");
    assertThat(post.field("title").orElseThrow().featureFlag()).isEmpty();
    assertThat(post.featureFlags()).containsExactly("ai.summary");
    String ungated = gated.replaceAll(" @cairnFlag\\(key: \"[^\"]+\"\\)", "");
    assertThat(api(schema)).isEqualTo(api(TestSchemas.parse(ungated))).doesNotContain("@cairnFlag");
  }

  @Test
  void anUngatedModelHasNoFlagsAndFieldsAreFoundByExactNameOnly() {
    ModelSchema schema =
        TestSchemas.parse(
            "type Post @model" + PUBLIC + " { id: ID! title: String! titles: [String] }");
    Model post = schema.model("Post").orElseThrow();

    assertThat(post.featureFlags()).isEmpty();
    assertThat(post.field("title").orElseThrow().name()).isEqualTo("title");
    assertThat(post.field("titles").orElseThrow().name()).isEqualTo("titles");
    assertThat(post.field("Title")).isEmpty();
    assertThat(post.field("missing")).isEmpty();
  }

  @Test
  void modelOptionsDisableAndRenameOperations() {
    ModelSchema schema =
        TestSchemas.parse(
            "type Order @model(queries: { get: \"fetchOrder\", list: null }, mutations: { update: null },"
                + " subscriptions: { level: public })"
                + PUBLIC
                + " { id: ID! }");
    ModelOperations ops = schema.model("Order").orElseThrow().operations();

    assertThat(ops.get()).contains("fetchOrder");
    assertThat(ops.list()).isEmpty();
    assertThat(ops.sync()).contains("syncOrders");
    assertThat(ops.update()).isEmpty();
    assertThat(ops.onUpdate()).isEmpty();
    assertThat(ops.subscriptionLevel()).isEqualTo(SubscriptionLevel.PUBLIC);
    assertThat(api(schema))
        .contains("fetchOrder(id: ID!): Order")
        .doesNotContain("listOrders")
        .doesNotContain("updateOrder");
  }

  @Test
  void disabledQueriesAndSubscriptionsGenerateNoRootFields() {
    ModelSchema schema =
        TestSchemas.parse(
            "type Log @model(queries: null, subscriptions: null)" + PUBLIC + " { id: ID! }");

    assertThat(api(schema))
        .doesNotContain("getLog")
        .doesNotContain("syncLogs")
        .doesNotContain("onCreateLog")
        .contains(
            "type Subscription {\n  _cairnOnFlagsChanged(context: AWSJSON, initial: Boolean): CairnFlags\n}");
  }

  @Test
  void timestampsCanBeRenamedOrDisabled() {
    ModelSchema schema =
        TestSchemas.parse(
            "type A @model(timestamps: { createdAt: \"createdOn\", updatedAt: null })"
                + PUBLIC
                + " { id: ID! }\n"
                + "type B @model(timestamps: null)"
                + PUBLIC
                + " { id: ID! }");

    assertThat(schema.model("A").orElseThrow().field("createdOn"))
        .map(f -> f.origin())
        .contains(FieldOrigin.TIMESTAMP);
    assertThat(schema.model("A").orElseThrow().field("updatedAt")).isEmpty();
    assertThat(schema.model("B").orElseThrow().fields())
        .extracting(Field::name)
        .containsExactly("id");
  }

  @Test
  void primaryKeyWithSortKeysShapesGetListAndInputs() {
    ModelSchema schema =
        TestSchemas.parse(
            "type Reading @model"
                + PUBLIC
                + " {\n  sensor: ID! @primaryKey(sortKeyFields: [\"at\", \"seq\"])\n"
                + "  at: AWSDateTime!\n  seq: Int!\n  value: Float\n}");

    assertThat(schema.model("Reading").orElseThrow().primaryKey())
        .isEqualTo(new PrimaryKey("sensor", List.of("at", "seq")));
    assertThat(api(schema))
        .contains("getReading(sensor: ID!, at: AWSDateTime!, seq: Int!): Reading")
        .contains(
            "listReadings(sensor: ID, atSeq: ModelReadingPrimaryCompositeKeyConditionInput, filter: ModelReadingFilterInput, limit: Int, nextToken: String, sortDirection: ModelSortDirection)")
        .contains(
            "input DeleteReadingInput {\n  sensor: ID!\n  at: AWSDateTime!\n  seq: Int!\n  _version: Int\n}");
  }

  @Test
  void indexWithoutQueryFieldGetsAmplifysAutomaticName() {
    ModelSchema schema =
        TestSchemas.parse(
            "type Person @model"
                + PUBLIC
                + " {\n  id: ID!\n  email: AWSEmail @index(name: \"byEmail\", sortKeyFields: [\"age\"])\n  age: Int\n}");

    assertThat(schema.model("Person").orElseThrow().indexes())
        .containsExactly(
            new Index("byEmail", "email", List.of("age"), Optional.of("peopleByEmailAndAge")));
    assertThat(api(schema))
        .contains(
            "peopleByEmailAndAge(email: AWSEmail!, age: ModelIntKeyConditionInput, sortDirection: ModelSortDirection");
  }

  @Test
  void hasOneAddsAForeignKeyToItsModelAndBelongsToReusesThePartner() {
    ModelSchema schema =
        TestSchemas.parse(
            "type Project @model"
                + PUBLIC
                + " { id: ID! team: Team @hasOne }\n"
                + "type Team @model"
                + PUBLIC
                + " { id: ID! project: Project @belongsTo }");

    assertThat(schema.model("Project").orElseThrow().field("projectTeamId"))
        .map(Field::origin)
        .contains(FieldOrigin.FOREIGN_KEY);
    assertThat(schema.model("Team").orElseThrow().field("project").orElseThrow().relation())
        .contains(
            new Relation(
                RelationKind.BELONGS_TO,
                "Project",
                List.of("teamProjectId"),
                List.of(),
                Optional.empty()));
  }

  @Test
  void hasManyWithIndexUsesTheChildsIndexedField() {
    ModelSchema schema =
        TestSchemas.parse(
            "type Author @model"
                + PUBLIC
                + " { id: ID! posts: [Post] @hasMany(indexName: \"byAuthor\", fields: [\"id\"]) }\n"
                + "type Post @model"
                + PUBLIC
                + " { id: ID! authorId: ID @index(name: \"byAuthor\") author: Author @belongsTo(fields: [\"authorId\"]) }");

    assertThat(schema.model("Author").orElseThrow().field("posts").orElseThrow().relation())
        .contains(
            new Relation(
                RelationKind.HAS_MANY,
                "Post",
                List.of("id"),
                List.of("authorId"),
                Optional.of("byAuthor")));
    assertThat(schema.model("Post").orElseThrow().fields())
        .noneMatch(f -> f.origin() == FieldOrigin.FOREIGN_KEY);
  }

  @Test
  void manyToManyGeneratesTheJoinModelAsAmplifyDoes() {
    ModelSchema schema =
        TestSchemas.parse(
            "type Post @model"
                + PUBLIC
                + " { id: ID! tags: [Tag] @manyToMany(relationName: \"PostTags\") }\n"
                + "type Tag @model"
                + PUBLIC
                + " { id: ID! posts: [Post] @manyToMany(relationName: \"PostTags\") }");
    Model join = schema.model("PostTags").orElseThrow();

    assertThat(join.joinModel()).isTrue();
    assertThat(join.fields())
        .extracting(Field::name)
        .containsExactly("id", "postId", "tagId", "post", "tag", "createdAt", "updatedAt");
    assertThat(join.indexes())
        .extracting(Index::queryField)
        .containsExactly(Optional.of("postTagsByPostId"), Optional.of("postTagsByTagId"));
    assertThat(schema.model("Post").orElseThrow().field("tags").orElseThrow().type().name())
        .isEqualTo("PostTags");
  }

  @Test
  void joinModelOfAModelWithADynamicGroupRuleKeepsTheRuleWithoutTheField() {
    ModelSchema schema =
        TestSchemas.parse(
            "type Post @model @auth(rules: [{ allow: groups, groupsField: \"editors\" },"
                + " { allow: owner }])"
                + " { id: ID! editors: [String] tags: [Tag] @manyToMany(relationName: \"PostTags\") }\n"
                + "type Tag @model"
                + PUBLIC
                + " { id: ID! posts: [Post] @manyToMany(relationName: \"PostTags\") }");
    Model join = schema.model("PostTags").orElseThrow();

    // As Amplify's transformer: both sides' rules are copied; the owner field is added, the
    // groups field is not, so the dynamic group rule grants nothing on join records.
    assertThat(join.authRules())
        .containsExactlyElementsOf(
            Stream.concat(
                    schema.model("Post").orElseThrow().authRules().stream(),
                    schema.model("Tag").orElseThrow().authRules().stream())
                .toList());
    assertThat(join.field("owner")).isPresent();
    assertThat(join.field("editors")).isEmpty();
  }

  @Test
  void enumWhoseFilterInputIsABuiltInNameGetsADistinctFilterInput() {
    ModelSchema schema =
        TestSchemas.parse(
            "enum Size { S M L }\nenum StringKeyCondition { A }\ntype Shirt @model"
                + PUBLIC
                + " { id: ID! size: Size k: StringKeyCondition }");

    assertThat(api(schema))
        .contains("input ModelSizeEnumInput {\n  eq: Size\n  ne: Size\n}")
        .contains("size: ModelSizeEnumInput")
        .contains("input ModelStringKeyConditionEnumInput {")
        .contains("input ModelSizeInput {\n  ne: Int\n  eq: Int\n");
  }

  @Test
  void deprecatedIsAcceptedOnFieldsAndEnumValuesAsAmplifyDoes() {
    ParseResult result =
        ModelSchemaParser.parse(
            "schema.graphql",
            "enum Kind @deprecated { A B @deprecated(reason: \"old\") }\n"
                + "type Geo { lat: Float @deprecated }\n"
                + "type Post @model"
                + PUBLIC
                + " { id: ID! title: String @deprecated(reason: \"use name\") kind: Kind geo: Geo }");

    assertThat(result.errors()).isEmpty();
    assertThat(result.orElseThrow().model("Post").orElseThrow().field("title")).isPresent();
  }

  @Test
  void indexIsRepeatableOnAFieldAsInAmplify() {
    ModelSchema schema =
        TestSchemas.parse(
            "type Post @model"
                + PUBLIC
                + " { id: ID! title: String a: String @index(name: \"byA\")"
                + " @index(name: \"byAAndTitle\", sortKeyFields: [\"title\"]) }");

    assertThat(schema.model("Post").orElseThrow().indexes())
        .extracting(Index::name)
        .containsExactly("byA", "byAAndTitle");
  }

  @Test
  void defaultConflictAndFieldAuthAreRecordedOnTheField() {
    ModelSchema schema =
        TestSchemas.parse(
            "enum Level { LOW HIGH }\ntype Stock @model @auth(rules: [{ allow: owner, ownerField: \"editors\" }, { allow: groups, groupsField: \"teams\" }]) {\n"
                + "  id: ID!\n  level: Level @default(value: \"LOW\")\n  qty: Int @conflict(policy: COUNTER)\n"
                + "  seen: [String] @conflict(policy: SET_UNION)\n  log: [String] @conflict(policy: LIST_APPEND)\n"
                + "  peak: AWSTimestamp @conflict(policy: MAX)\n  note: String @conflict(policy: CLIENT_WINS)\n"
                + "  ref: String @conflict(policy: SERVER_WINS)\n  secret: String @auth(rules: [{ allow: private, provider: iam }])\n"
                + "  editors: [String]\n  teams: [String]\n}");
    Model stock = schema.model("Stock").orElseThrow();

    assertThat(stock.field("level").orElseThrow().defaultValue()).contains("LOW");
    assertThat(stock.fields())
        .extracting(f -> f.conflictPolicy().orElse(null))
        .contains(
            ConflictPolicy.COUNTER,
            ConflictPolicy.SET_UNION,
            ConflictPolicy.LIST_APPEND,
            ConflictPolicy.MAX,
            ConflictPolicy.CLIENT_WINS,
            ConflictPolicy.SERVER_WINS);
    assertThat(stock.field("secret").orElseThrow().authRules())
        .singleElement()
        .satisfies(r -> assertThat(r.provider()).isEqualTo(AuthProvider.IAM));
    assertThat(stock.authRules().get(1).groupsField()).contains("teams");
    // A list owner field (several owners) gets no subscription argument, as in Amplify.
    assertThat(api(schema))
        .contains("onCreateStock(filter: ModelSubscriptionStockFilterInput): Stock");
  }

  @Test
  void ownerRuleDefaultsFollowAmplify() {
    AuthRule rule =
        TestSchemas.parse("type N @model @auth(rules: [{ allow: owner }]) { id: ID! }")
            .model("N")
            .orElseThrow()
            .authRules()
            .get(0);

    assertThat(rule.provider()).isEqualTo(AuthProvider.USER_POOLS);
    assertThat(rule.ownerField()).contains("owner");
    assertThat(rule.identityClaim()).contains("cognito:username");
    assertThat(rule.allows(ModelOperation.SYNC)).isTrue();
  }

  @Test
  void amplifyGlobalAuthRuleAppliesToModelsWithoutAuth() {
    ModelSchema schema =
        TestSchemas.parse(
            "input AMPLIFY { globalAuthRule: AuthRule = { allow: public } }\ntype N @model { id: ID! }");

    assertThat(schema.model("N").orElseThrow().authRules())
        .extracting(AuthRule::allow)
        .containsExactly(AuthStrategy.PUBLIC);
  }

  @Test
  void embeddedTypesGetInputTypesAndEveryAwsScalarIsAccepted() {
    ModelSchema schema =
        TestSchemas.parse(
            "type Geo { lat: Float! lng: Float! }\ntype Place @model"
                + PUBLIC
                + " {\n  id: ID!\n  at: Geo\n"
                + "  d: AWSDate t: AWSTime dt: AWSDateTime ts: AWSTimestamp e: AWSEmail j: AWSJSON u: AWSURL p: AWSPhone ip: AWSIPAddress\n}");

    assertThat(schema.embeddedType("Geo")).isPresent();
    assertThat(api(schema))
        .contains("input GeoInput {")
        .contains("at: GeoInput")
        .contains("ts: ModelIntInput")
        .contains("j: ModelStringInput");
  }

  @Test
  void pluralNamesFollowThePluralizePackage() {
    assertThat(
            List.of(
                "Post",
                "Person",
                "Inventory",
                "Status",
                "Bus",
                "Category",
                "Fish",
                "PostTags",
                "Leaf",
                "Child"))
        .map(dev.cairn.spec.internal.Pluralizer::plural)
        .containsExactly(
            "Posts",
            "People",
            "Inventories",
            "Statuses",
            "Buses",
            "Categories",
            "Fish",
            "PostTags",
            "Leaves",
            "Children");
  }

  @Test
  void cairnRootFieldCannotCollideWithGeneratedNames() {
    assertThat(api(TestSchemas.sample())).contains("_cairnSchemaHash: String!");
  }
}
