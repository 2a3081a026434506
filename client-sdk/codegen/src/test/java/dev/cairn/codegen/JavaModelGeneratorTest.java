package dev.cairn.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.spec.ModelSchemaParser;
import dev.cairn.spec.SchemaHash;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JavaModelGeneratorTest {
  private static final String SCHEMA =
      """
      enum Status { DRAFT PUBLISHED }
      type Place { name: String! lat: Float }
      type Post @model @auth(rules: [{ allow: owner }]) {
        id: ID!
        title: String!
        status: Status
        places: [Place]
        comments: [Comment] @hasMany
      }
      type Comment @model @auth(rules: [{ allow: public }]) {
        id: ID!
        post: Post @belongsTo
        body: String
      }
      type Bin @model @auth(rules: [{ allow: public }]) {
        warehouseId: ID! @primaryKey(sortKeyFields: ["code"])
        code: String!
      }
      """;

  @Test
  void modelsBecomeRecordsWithFieldConstantsTypeMetadataAndWithers() {
    JavaModelGenerator.Output out =
        JavaModelGenerator.generate(
            ModelSchemaParser.parse("schema.graphql", SCHEMA).orElseThrow(), "com.example");

    String post = out.sources().get("com/example/Post.java");
    assertThat(post)
        .contains("public record Post(String id, String title, Status status, List<Place> places")
        .contains("public static final QueryField<Status> STATUS = QueryField.of(\"status\");")
        .contains("ModelField.enumeration(\"status\", false, List.of(\"DRAFT\", \"PUBLISHED\"))")
        .contains("ModelField.embedded(\"places\", false, Place.FIELDS).asList()")
        .contains("ModelField.readOnly(\"createdAt\", FieldKind.STRING)")
        .contains(".ownerField(\"owner\")")
        .contains("public Post withTitle(String value)")
        .doesNotContain("comments");
    assertThat(out.sources().get("com/example/Comment.java"))
        .contains(".belongsTo(\"Post\")")
        .contains("postCommentsId");
    assertThat(out.sources())
        .containsKeys(
            "com/example/Status.java", "com/example/Place.java", "com/example/Models.java");
    assertThat(out.sources().get("com/example/Models.java"))
        .as("the server's _cairnSchemaHash of this schema, for the SDK's mismatch check")
        .contains(
            "SCHEMA_HASH = \""
                + SchemaHash.of(ModelSchemaParser.parse("schema.graphql", SCHEMA).orElseThrow())
                + "\"");
  }

  @Test
  void theModelTypeCarriesTheAuthRulesTheSdkNeedsForOwnerSubscriptionArguments() {
    String schema =
        """
        type Doc @model @auth(rules: [
            { allow: owner, ownerField: "author", identityClaim: "email" },
            { allow: groups, groups: ["editors"], operations: [read] },
            { allow: groups, groupsField: "teams", groupClaim: "roles" },
            { allow: private, provider: oidc, operations: [listen] },
            { allow: public }]) {
          id: ID!
          author: String
          teams: [String]
        }
        type Feed @model(subscriptions: { level: public }) @auth(rules: [{ allow: owner }]) {
          id: ID!
        }
        """;
    JavaModelGenerator.Output out =
        JavaModelGenerator.generate(
            ModelSchemaParser.parse("schema.graphql", schema).orElseThrow(), "com.example");

    assertThat(out.sources().get("com/example/Doc.java"))
        .contains("import dev.cairn.client.ModelAuthRule;")
        .contains(
            ".authRule(ModelAuthRule.owner(\"userPools\", \"author\", \"email\", \"create\","
                + " \"delete\", \"read\", \"update\"))")
        .contains(
            ".authRule(ModelAuthRule.groups(\"userPools\", \"cognito:groups\","
                + " List.of(\"editors\"), \"read\"))")
        .contains(".authRule(ModelAuthRule.groupsField(\"userPools\", \"roles\", \"teams\",")
        .contains(".authRule(ModelAuthRule.signedIn(\"oidc\", \"listen\"))")
        .contains(".authRule(ModelAuthRule.anyone(\"apiKey\",")
        .doesNotContain(".publicSubscriptions()");
    assertThat(out.sources().get("com/example/Feed.java"))
        .contains(".authRule(ModelAuthRule.owner(\"userPools\", \"owner\", \"cognito:username\",")
        .contains(".publicSubscriptions()");
  }

  @Test
  void aModelWithACustomPrimaryKeyGetsItsKeyFieldsAndIsInTheRegistry() {
    JavaModelGenerator.Output out =
        JavaModelGenerator.generate(
            ModelSchemaParser.parse("schema.graphql", SCHEMA).orElseThrow(), "com.example");

    String bin = out.sources().get("com/example/Bin.java");
    assertThat(bin)
        .contains("public record Bin(String warehouseId, String code, String createdAt")
        .contains("ModelField.of(\"warehouseId\", FieldKind.ID, true)")
        .contains("ModelField.of(\"code\", FieldKind.STRING, true)")
        .contains(".primaryKey(\"warehouseId\", \"code\")")
        .contains("public static Builder builder() {\n    return new Builder();\n  }")
        .contains("public Builder code(String value)")
        .doesNotContain("UUID")
        .doesNotContain("withWarehouseId")
        .doesNotContain("withCode");
    assertThat(out.sources().get("com/example/Post.java")).doesNotContain(".primaryKey(");
    assertThat(out.sources().get("com/example/Models.java")).contains("Bin.TYPE");
  }

  @Test
  void everyExampleTenantSchemaGenerates() throws Exception {
    Path examples = Path.of("../../tenants/examples");
    try (var dirs = Files.list(examples)) {
      for (Path dir : dirs.filter(d -> Files.exists(d.resolve("schema.graphql"))).toList()) {
        String source = Files.readString(dir.resolve("schema.graphql"));
        JavaModelGenerator.Output out =
            JavaModelGenerator.generate(
                ModelSchemaParser.parse("schema.graphql", source).orElseThrow(),
                "x." + dir.getFileName());
        assertThat(out.sources()).as(dir.toString()).isNotEmpty();
      }
    }
  }
}
