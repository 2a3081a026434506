package dev.cairn.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A table of invalid schemas: each is rejected with an error at the expected line:column whose
 * message names the problem (and, where there is one, the fix).
 */
class InvalidSchemaTest {
  private static final String AUTH = " @auth(rules: [{ allow: public }])";

  static Stream<Arguments> cases() {
    return Stream.of(
        c("syntax error", "type Post @model {\n  id: ID!\n  title String\n}", "3:9: syntax error"),
        c(
            "unknown field type",
            "type Post @model" + AUTH + " {\n  id: ID!\n  rating: Ratng\n}",
            "3:11: field `rating` of `Post` uses unknown type `Ratng`; did you mean `Rating`?\n",
            "enum Rating { ONE }"),
        c(
            "unknown type without suggestion",
            "type Post @model" + AUTH + " {\n  tag: Label\n}",
            "2:8: uses unknown type `Label`; declare `type Label @model { ... }`"),
        c(
            "duplicate type",
            "enum A { X }\nenum A { Y }",
            "2:1: type `A` is declared twice (first at line 1)"),
        c(
            "duplicate field",
            "type Post @model" + AUTH + " {\n  id: ID!\n  id: ID!\n}",
            "3:3: field `id` of `Post` is declared twice"),
        c("duplicate enum value", "enum A { X X }", "1:12: enum `A` lists `X` twice"),
        c("reserved type name", "type Query { a: String }", "1:1: type name `Query` is reserved"),
        c(
            "reserved type prefix",
            "enum CairnFlags { A }",
            "1:1: type name `CairnFlags` uses a reserved prefix"),
        c(
            "reserved field name",
            "type Post @model" + AUTH + " {\n  _version: Int\n}",
            "2:3: field name `_version` of `Post` is reserved"),
        c(
            "filter keyword as field",
            "type Post @model" + AUTH + " {\n  and: Int\n}",
            "2:3: field name `and` of `Post` is reserved"),
        c("interface", "interface Node { id: ID! }", "1:1: only object types"),
        c("input type", "input PostInput { a: String }", "1:1: only object types"),
        c("custom scalar", "scalar Money", "1:1: only object types"),
        c(
            "nested list",
            "type Post @model" + AUTH + " {\n  grid: [[Int]]\n}",
            "2:9: is a list of lists"),
        c(
            "field arguments",
            "type Post @model" + AUTH + " {\n  title(lang: String): String\n}",
            "2:9: field `title` of `Post` has arguments"),
        c(
            "empty type",
            "type Post @model" + AUTH + " {\n}",
            "1:1: type `Post` has no fields; add at least one"),
        c("no auth", "type Post @model {\n  id: ID!\n}", "1:1: model `Post` has no @auth rules"),
        c(
            "auth without rules",
            "type Post @model @auth {\n  id: ID!\n}",
            "1:18: @auth needs `rules`"),
        c(
            "auth unknown strategy",
            "type Post @model @auth(rules: [{ allow: everyone }]) {\n  id: ID!\n}",
            "1:41: `allow: everyone` is not supported"),
        c(
            "auth custom lambda",
            "type Post @model @auth(rules: [{ allow: custom }]) {\n  id: ID!\n}",
            "1:41: `allow: custom` is not supported; use owner, groups, private or public (Lambda"),
        c(
            "auth missing allow",
            "type Post @model @auth(rules: [{ provider: apiKey }]) {\n  id: ID!\n}",
            "1:32: @auth rule needs `allow`"),
        c(
            "auth unknown key",
            "type Post @model @auth(rules: [{ allow: owner, owner: \"x\" }]) {\n  id: ID!\n}",
            "1:55: an @auth rule has no key `owner`"),
        c(
            "auth bad provider",
            "type Post @model @auth(rules: [{ allow: public, provider: userPools }]) {\n  id: ID!\n}",
            "1:59: `provider: userPools` cannot be used with `allow: public`"),
        c(
            "auth unknown provider",
            "type Post @model @auth(rules: [{ allow: owner, provider: cognito }]) {\n  id: ID!\n}",
            "1:58: `provider: cognito` cannot be used with `allow: owner`"),
        c(
            "groups without groups",
            "type Post @model @auth(rules: [{ allow: groups }]) {\n  id: ID!\n}",
            "1:32: `allow: groups` needs `groups:"),
        c(
            "groups with both",
            "type Post @model @auth(rules: [{ allow: groups, groups: [\"a\"], groupsField: \"g\" }]) {\n  id: ID!\n  g: [String]\n}",
            "1:32: `allow: groups` takes either `groups` or `groupsField`"),
        c(
            "groupsField missing",
            "type Post @model @auth(rules: [{ allow: groups, groupsField: \"editors\" }]) {\n  id: ID!\n}",
            "1:1: `groupsField: \"editors\"` of model `Post` names no field"),
        c(
            "groupsField wrong type",
            "type Post @model @auth(rules: [{ allow: groups, groupsField: \"g\" }]) {\n  id: ID!\n  g: Int\n}",
            "3:3: groups field `g` of `Post` must be String or [String]"),
        c(
            "ownerField on public",
            "type Post @model @auth(rules: [{ allow: public, ownerField: \"o\" }]) {\n  id: ID!\n}",
            "1:61: `ownerField` does not apply to `allow: public`"),
        c(
            "owner field wrong type",
            "type Post @model @auth(rules: [{ allow: owner }]) {\n  id: ID!\n  owner: Int\n}",
            "3:3: owner field `owner` of `Post` must be String, ID or a list of them"),
        c(
            "unknown operation",
            "type Post @model @auth(rules: [{ allow: owner, operations: [read, write] }]) {\n  id: ID!\n}",
            "1:60: `operations` has unknown value `write`"),
        c(
            "unknown model argument",
            "type Post @model(queries: null, search: true)" + AUTH + " {\n  id: ID!\n}",
            "1:33: @model has no argument `search`"),
        c(
            "bad query name key",
            "type Post @model(queries: { fetch: \"x\" })" + AUTH + " {\n  id: ID!\n}",
            "1:36: `queries` has no key `fetch`"),
        c(
            "bad subscription level",
            "type Post @model(subscriptions: { level: loud })" + AUTH + " {\n  id: ID!\n}",
            "1:42: subscription `level: loud` is unknown"),
        c(
            "timestamp wrong type",
            "type Post @model" + AUTH + " {\n  id: ID!\n  createdAt: String\n}",
            "3:3: timestamp field `createdAt` of `Post` must be `AWSDateTime`"),
        c(
            "id wrong type",
            "type Post @model" + AUTH + " {\n  id: String!\n}",
            "2:3: field `id` of `Post` must be `ID!`"),
        c(
            "unknown directive",
            "type Post @model" + AUTH + " {\n  id: ID!\n  title: String @upper\n}",
            "3:17: unknown directive @upper on field `title` of `Post`"),
        c(
            "v1 directive",
            "type Post @model @key(fields: [\"id\"])" + AUTH + " {\n  id: ID!\n}",
            "1:18: @key is not supported by Cairn: it is Amplify's v1 syntax; use @primaryKey or @index"),
        c(
            "searchable",
            "type Post @model @searchable" + AUTH + " {\n  id: ID!\n}",
            "1:18: @searchable is not supported by Cairn"),
        c(
            "aws directive",
            "type Post @model @aws_api_key" + AUTH + " {\n  id: ID!\n}",
            "1:18: @aws_api_key is AppSync output, not input"),
        c(
            "directive on wrong place",
            "type Post @model @index(name: \"x\")" + AUTH + " {\n  id: ID!\n}",
            "1:18: @index cannot be used on type `Post`"),
        c(
            "directive on embedded type",
            "type Geo @model2 { lat: Float }",
            "1:10: @model2 is not allowed on embedded type `Geo`"),
        c(
            "embedded field directive",
            "type Geo { lat: Float @default(value: \"1\") }",
            "1:23: @default is not allowed on field `lat` of embedded type `Geo`"),
        c(
            "embedded holds model",
            "type Geo { post: Post }\ntype Post @model" + AUTH + " { id: ID! }",
            "1:18: field `post` of embedded type `Geo` refers to model `Post`"),
        c(
            "model field without relation",
            "type Post @model"
                + AUTH
                + " {\n  id: ID!\n  author: Author\n}\ntype Author @model"
                + AUTH
                + " { id: ID! }",
            "3:3: field `author` of `Post` has model type `Author`; add @hasOne"),
        c(
            "relation on scalar",
            "type Post @model" + AUTH + " {\n  id: ID!\n  authorId: ID @belongsTo\n}",
            "3:16: @belongsTo on field `authorId` of `Post` needs a model type"),
        c(
            "hasMany not a list",
            "type Post @model"
                + AUTH
                + " {\n  id: ID!\n  c: Comment @hasMany\n}\ntype Comment @model"
                + AUTH
                + " { id: ID! }",
            "3:14: @hasMany on field `c` of `Post` needs a list type"),
        c(
            "hasMany unknown index",
            "type Post @model"
                + AUTH
                + " {\n  id: ID!\n  c: [Comment] @hasMany(indexName: \"byPost\")\n}\ntype Comment @model"
                + AUTH
                + " { id: ID! }",
            "3:25: @hasMany on field `c` of `Post` names index `byPost`, but `Comment` has no such @index"),
        c(
            "belongsTo unknown field",
            "type Comment @model"
                + AUTH
                + " {\n  id: ID!\n  post: Post @belongsTo(fields: [\"postID\"])\n}\ntype Post @model"
                + AUTH
                + " { id: ID! }",
            "3:25: `postID` is not a field of `Comment`"),
        c(
            "belongsTo key count",
            "type Comment @model"
                + AUTH
                + " {\n  id: ID!\n  a: ID\n  b: ID\n  post: Post @belongsTo(fields: [\"a\", \"b\"])\n}\ntype Post @model"
                + AUTH
                + " { id: ID! }",
            "5:25: @belongsTo on field `post` of `Comment` gives 2 field(s), but the primary key of `Post` has 1"),
        c(
            "belongsTo key type",
            "type Comment @model"
                + AUTH
                + " {\n  id: ID!\n  postId: Int\n  post: Post @belongsTo(fields: [\"postId\"])\n}\ntype Post @model"
                + AUTH
                + " { id: ID! }",
            "4:25: field `postId` of `Comment` holds key `id` of `Post` and must be `ID`"),
        c(
            "manyToMany without partner",
            "type Post @model"
                + AUTH
                + " {\n  id: ID!\n  tags: [Tag] @manyToMany(relationName: \"PostTags\")\n}\ntype Tag @model"
                + AUTH
                + " { id: ID! }",
            "3:27: @manyToMany(relationName: \"PostTags\") on field `tags` of `Post` has no partner"),
        c(
            "manyToMany without name",
            "type Post @model"
                + AUTH
                + " {\n  id: ID!\n  tags: [Tag] @manyToMany\n}\ntype Tag @model"
                + AUTH
                + " { id: ID! }",
            "3:15: @manyToMany needs `relationName`"),
        c(
            "manyToMany name clash",
            "type Post @model"
                + AUTH
                + " {\n  id: ID!\n  tags: [Tag] @manyToMany(relationName: \"Tag\")\n}\ntype Tag @model"
                + AUTH
                + " { id: ID! posts: [Post] @manyToMany(relationName: \"Tag\") }",
            "3:27: relationName `Tag` is also the name of a declared model"),
        c(
            "primaryKey nullable",
            "type Post @model" + AUTH + " {\n  slug: String @primaryKey\n}",
            "2:16: @primaryKey field `slug` of `Post` must be required"),
        c(
            "primaryKey twice",
            "type Post @model" + AUTH + " {\n  a: ID! @primaryKey\n  b: ID! @primaryKey\n}",
            "3:10: model `Post` has a second @primaryKey"),
        c(
            "sort key missing",
            "type Post @model" + AUTH + " {\n  a: ID! @primaryKey(sortKeyFields: [\"when\"])\n}",
            "2:22: @primaryKey sort key `when` is not a field of `Post`"),
        c(
            "sort key is list",
            "type Post @model"
                + AUTH
                + " {\n  a: ID! @primaryKey(sortKeyFields: [\"b\"])\n  b: [String]!\n}",
            "2:22: @primaryKey sort key `b` must be a scalar or enum field"),
        c(
            "key on embedded",
            "type Geo { lat: Float }\ntype Post @model"
                + AUTH
                + " {\n  id: ID!\n  geo: Geo @index(name: \"byGeo\")\n}",
            "4:12: @index on field `geo` of `Post` needs a scalar or enum field"),
        c(
            "index without name",
            "type Post @model" + AUTH + " {\n  id: ID!\n  title: String @index\n}",
            "3:17: @index needs a `name`"),
        c(
            "index name twice",
            "type Post @model"
                + AUTH
                + " {\n  id: ID!\n  a: String @index(name: \"x\")\n  b: String @index(name: \"x\")\n}",
            "4:20: model `Post` already has an index named `x`"),
        c(
            "bad queryField",
            "type Post @model"
                + AUTH
                + " {\n  id: ID!\n  a: String @index(name: \"byA\", queryField: \"Bad\")\n}",
            "3:33: `queryField: \"Bad\"` must start with a lower-case letter"),
        c(
            "default wrong scalar",
            "type Post @model" + AUTH + " {\n  id: ID!\n  n: Int @default(value: \"many\")\n}",
            "3:19: @default on field `n` of `Post`: `many` is not a valid Int"),
        c(
            "default not a string",
            "type Post @model" + AUTH + " {\n  id: ID!\n  n: Int @default(value: 5)\n}",
            "3:19: @default `value` (always a string"),
        c(
            "default enum value",
            "enum S { A }\ntype Post @model"
                + AUTH
                + " {\n  id: ID!\n  s: S @default(value: \"B\")\n}",
            "4:17: @default value `B` is not a value of enum `S`"),
        c(
            "default on list",
            "type Post @model" + AUTH + " {\n  id: ID!\n  s: [String] @default(value: \"a\")\n}",
            "3:15: @default on field `s` of `Post` needs a scalar or enum field"),
        c(
            "default bad date",
            "type Post @model"
                + AUTH
                + " {\n  id: ID!\n  d: AWSDate @default(value: \"31/05/2024\")\n}",
            "3:23: `31/05/2024` is not a valid AWSDate"),
        c(
            "conflict unknown policy",
            "type Post @model" + AUTH + " {\n  id: ID!\n  n: Int @conflict(policy: SUM)\n}",
            "3:20: @conflict policy `SUM` is unknown"),
        c(
            "counter on string",
            "type Post @model" + AUTH + " {\n  id: ID!\n  s: String @conflict(policy: COUNTER)\n}",
            "3:23: @conflict on field `s` of `Post` (`String`): COUNTER needs an Int or Float field"),
        c(
            "list append on scalar",
            "type Post @model"
                + AUTH
                + " {\n  id: ID!\n  s: String @conflict(policy: LIST_APPEND)\n}",
            "3:23: LIST_APPEND needs a list field"),
        c(
            "max on boolean",
            "type Post @model" + AUTH + " {\n  id: ID!\n  b: Boolean @conflict(policy: MAX)\n}",
            "3:24: MAX needs a number or an AWS date/time field"),
        c(
            "conflict without policy",
            "type Post @model" + AUTH + " {\n  id: ID!\n  n: Int @conflict\n}",
            "3:10: @conflict needs `policy`"),
        c(
            "generated type collision",
            "type Post @model" + AUTH + " { id: ID! }\nenum ModelPostConnection { A }",
            "2:1: declared type `ModelPostConnection` collides with the type Cairn generates for `Post`"),
        c(
            "embedded input collision",
            "type Geo { lat: Float }\nenum GeoInput { A }\ntype Post @model"
                + AUTH
                + " { id: ID! geo: Geo }",
            "2:1: declared type `GeoInput` collides with the type Cairn generates for `Geo`"),
        c(
            "root field collision",
            "type Person @model"
                + AUTH
                + " { id: ID! }\ntype People @model"
                + AUTH
                + " { id: ID! }",
            "2:1: root field `listPeople` of `People` is also generated for `Person`"),
        c(
            "queryField collision",
            "type Post @model"
                + AUTH
                + " {\n  id: ID!\n  a: String @index(name: \"byA\", queryField: \"getPost\")\n}",
            "1:1: root field `getPost` of `Post` is also generated for `Post`"),
        c(
            "enum filter collision with built-in",
            "enum Size { S }\ntype Post @model" + AUTH + " { id: ID! size: Size }",
            "1:1: generated type `ModelSizeInput` (for `Size`) collides with a built-in AppSync type"));
  }

  private static Arguments c(String name, String sdl, String expected) {
    return Arguments.of(name, sdl, expected);
  }

  private static Arguments c(String name, String sdl, String expected, String extra) {
    return Arguments.of(name, sdl + "\n" + extra, expected.strip());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void invalidSchemaIsRejectedWithPositionAndMessage(String name, String sdl, String expected) {
    ParseResult result = ModelSchemaParser.parse("schema.graphql", sdl);

    assertThat(result.isValid()).isFalse();
    String position = expected.substring(0, expected.indexOf(": "));
    String message = expected.substring(expected.indexOf(": ") + 2);
    assertThat(result.errors())
        .as("errors: %s", result.errors())
        .anySatisfy(
            error -> {
              assertThat(error.file()).isEqualTo("schema.graphql");
              assertThat(error.line() + ":" + error.column()).isEqualTo(position);
              assertThat(error.message()).contains(message);
            });
  }

  @Test
  void everyErrorIsReportedNotOnlyTheFirst() {
    String sdl =
        "type Post @model @auth(rules: [{ allow: public }]) {\n"
            + "  id: ID!\n"
            + "  a: Ratng\n"
            + "  b: Int @default(value: \"x\")\n"
            + "  c: String @conflict(policy: COUNTER)\n"
            + "}\n"
            + "type Note @model { id: ID! }\n";

    List<SchemaError> errors = ModelSchemaParser.parse("schema.graphql", sdl).errors();

    assertThat(errors)
        .extracting(e -> e.line() + ":" + e.column())
        .containsExactly("3:6", "4:19", "5:23", "7:1");
  }

  @Test
  void errorsPrintAsFileLineColumnMessage() {
    SchemaError error =
        ModelSchemaParser.parse("tenant/schema.graphql", "type Post @model { id: ID! }")
            .errors()
            .get(0);

    assertThat(error.toString())
        .startsWith("tenant/schema.graphql:1:1: model `Post` has no @auth rules");
  }
}
