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
 * message names the problem (and, where there is one, the fix). Every error points at the offending
 * token: a declaration's name (not its keyword or description), the string or enum value inside a
 * directive argument, the {@code @directive} token of an unknown or misplaced directive, a field's
 * name for a problem with the field.
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
            "2:6: type `A` is declared twice (first at line 1)"),
        c(
            "duplicate field",
            "type Post @model" + AUTH + " {\n  id: ID!\n  id: ID!\n}",
            "3:3: field `id` of `Post` is declared twice"),
        c("duplicate enum value", "enum A { X X }", "1:12: enum `A` lists `X` twice"),
        c("reserved type name", "type Query { a: String }", "1:6: type name `Query` is reserved"),
        c(
            "reserved type prefix",
            "enum CairnFlags { A }",
            "1:6: type name `CairnFlags` uses a reserved prefix"),
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
            "1:6: type `Post` has no fields; add at least one"),
        c("no auth", "type Post @model {\n  id: ID!\n}", "1:6: model `Post` has no @auth rules"),
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
            "1:48: an @auth rule has no key `owner`"),
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
            "1:62: `groupsField: \"editors\"` of model `Post` names no field"),
        c(
            "groupsField wrong type",
            "type Post @model @auth(rules: [{ allow: groups, groupsField: \"g\" }]) {\n  id: ID!\n  g: Int\n}",
            "3:3: groups field `g` of `Post` must be String or [String]"),
        c(
            "ownerField on public",
            "type Post @model @auth(rules: [{ allow: public, ownerField: \"o\" }]) {\n  id: ID!\n}",
            "1:49: `ownerField` does not apply to `allow: public`"),
        c(
            "owner field wrong type",
            "type Post @model @auth(rules: [{ allow: owner }]) {\n  id: ID!\n  owner: Int\n}",
            "3:3: owner field `owner` of `Post` must be String, ID or a list of them"),
        c(
            "unknown operation",
            "type Post @model @auth(rules: [{ allow: owner, operations: [read, write] }]) {\n  id: ID!\n}",
            "1:67: `operations` has unknown value `write`"),
        c(
            "unknown model argument",
            "type Post @model(queries: null, search: true)" + AUTH + " {\n  id: ID!\n}",
            "1:33: @model has no argument `search`"),
        c(
            "bad query name key",
            "type Post @model(queries: { fetch: \"x\" })" + AUTH + " {\n  id: ID!\n}",
            "1:29: `queries` has no key `fetch`"),
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
            "unknown directive on embedded type",
            "type Geo @model2 { lat: Float }",
            "1:10: unknown directive @model2 on type `Geo`, which has no @model; no directive may be"
                + " used here; did you mean `model`?"),
        c(
            "embedded field directive",
            "type Geo { lat: Float @default(value: \"1\") }",
            "1:23: @default cannot be used on field `lat` of `Geo`, which has no @model; @default may be"
                + " used on fields of @model types"),
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
            "3:3: @hasMany on field `c` of `Post` needs a list type"),
        c(
            "hasMany unknown index",
            "type Post @model"
                + AUTH
                + " {\n  id: ID!\n  c: [Comment] @hasMany(indexName: \"byPost\")\n}\ntype Comment @model"
                + AUTH
                + " { id: ID! }",
            "3:36: @hasMany on field `c` of `Post` names index `byPost`, but `Comment` has no such @index"),
        c(
            "belongsTo unknown field",
            "type Comment @model"
                + AUTH
                + " {\n  id: ID!\n  post: Post @belongsTo(fields: [\"postID\"])\n}\ntype Post @model"
                + AUTH
                + " { id: ID! }",
            "3:34: `postID` is not a field of `Comment`"),
        c(
            "belongsTo key count",
            "type Comment @model"
                + AUTH
                + " {\n  id: ID!\n  a: ID\n  b: ID\n  post: Post @belongsTo(fields: [\"a\", \"b\"])\n}\ntype Post @model"
                + AUTH
                + " { id: ID! }",
            "5:33: @belongsTo on field `post` of `Comment` gives 2 field(s), but the primary key of `Post` has 1"),
        c(
            "belongsTo key type",
            "type Comment @model"
                + AUTH
                + " {\n  id: ID!\n  postId: Int\n  post: Post @belongsTo(fields: [\"postId\"])\n}\ntype Post @model"
                + AUTH
                + " { id: ID! }",
            "4:34: field `postId` of `Comment` holds key `id` of `Post` and must be `ID`"),
        c(
            "manyToMany without partner",
            "type Post @model"
                + AUTH
                + " {\n  id: ID!\n  tags: [Tag] @manyToMany(relationName: \"PostTags\")\n}\ntype Tag @model"
                + AUTH
                + " { id: ID! }",
            "3:41: @manyToMany(relationName: \"PostTags\") on field `tags` of `Post` has no partner"),
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
            "3:41: relationName `Tag` is also the name of a declared model"),
        c(
            "primaryKey nullable",
            "type Post @model" + AUTH + " {\n  slug: String @primaryKey\n}",
            "2:3: @primaryKey field `slug` of `Post` must be required"),
        c(
            "primaryKey twice",
            "type Post @model" + AUTH + " {\n  a: ID! @primaryKey\n  b: ID! @primaryKey\n}",
            "3:10: model `Post` has a second @primaryKey"),
        c(
            "sort key missing",
            "type Post @model" + AUTH + " {\n  a: ID! @primaryKey(sortKeyFields: [\"when\"])\n}",
            "2:38: @primaryKey sort key `when` is not a field of `Post`"),
        c(
            "sort key is list",
            "type Post @model"
                + AUTH
                + " {\n  a: ID! @primaryKey(sortKeyFields: [\"b\"])\n  b: [String]!\n}",
            "2:38: @primaryKey sort key `b` must be a scalar or enum field"),
        c(
            "key on embedded",
            "type Geo { lat: Float }\ntype Post @model"
                + AUTH
                + " {\n  id: ID!\n  geo: Geo @index(name: \"byGeo\")\n}",
            "4:3: @index on field `geo` of `Post` needs a scalar or enum field"),
        c(
            "index without name",
            "type Post @model" + AUTH + " {\n  id: ID!\n  title: String @index\n}",
            "3:17: @index needs a `name`"),
        c(
            "index name twice",
            "type Post @model"
                + AUTH
                + " {\n  id: ID!\n  a: String @index(name: \"x\")\n  b: String @index(name: \"x\")\n}",
            "4:26: model `Post` already has an index named `x`"),
        c(
            "bad queryField",
            "type Post @model"
                + AUTH
                + " {\n  id: ID!\n  a: String @index(name: \"byA\", queryField: \"Bad\")\n}",
            "3:45: `queryField: \"Bad\"` must start with a lower-case letter"),
        c(
            "default wrong scalar",
            "type Post @model" + AUTH + " {\n  id: ID!\n  n: Int @default(value: \"many\")\n}",
            "3:26: @default on field `n` of `Post`: `many` is not a valid Int"),
        c(
            "default not a string",
            "type Post @model" + AUTH + " {\n  id: ID!\n  n: Int @default(value: 5)\n}",
            "3:26: @default `value` (always a string"),
        c(
            "default enum value",
            "enum S { A }\ntype Post @model"
                + AUTH
                + " {\n  id: ID!\n  s: S @default(value: \"B\")\n}",
            "4:24: @default value `B` is not a value of enum `S`"),
        c(
            "default on list",
            "type Post @model" + AUTH + " {\n  id: ID!\n  s: [String] @default(value: \"a\")\n}",
            "3:3: @default on field `s` of `Post` needs a scalar or enum field"),
        c(
            "default bad date",
            "type Post @model"
                + AUTH
                + " {\n  id: ID!\n  d: AWSDate @default(value: \"31/05/2024\")\n}",
            "3:30: `31/05/2024` is not a valid AWSDate"),
        c(
            "conflict unknown policy",
            "type Post @model" + AUTH + " {\n  id: ID!\n  n: Int @conflict(policy: SUM)\n}",
            "3:28: @conflict policy `SUM` is unknown"),
        c(
            "counter on string",
            "type Post @model" + AUTH + " {\n  id: ID!\n  s: String @conflict(policy: COUNTER)\n}",
            "3:31: @conflict on field `s` of `Post` (`String`): COUNTER needs an Int or Float field"),
        c(
            "list append on scalar",
            "type Post @model"
                + AUTH
                + " {\n  id: ID!\n  s: String @conflict(policy: LIST_APPEND)\n}",
            "3:31: LIST_APPEND needs a list field"),
        c(
            "max on boolean",
            "type Post @model" + AUTH + " {\n  id: ID!\n  b: Boolean @conflict(policy: MAX)\n}",
            "3:32: MAX needs a number or an AWS date/time field"),
        c(
            "conflict without policy",
            "type Post @model" + AUTH + " {\n  id: ID!\n  n: Int @conflict\n}",
            "3:10: @conflict needs `policy`"),
        c(
            "generated type collision",
            "type Post @model" + AUTH + " { id: ID! }\nenum ModelPostConnection { A }",
            "2:6: declared type `ModelPostConnection` collides with the type Cairn generates for `Post`"
                + " (line 1); rename `ModelPostConnection`"),
        c(
            "embedded input collision",
            "type Geo { lat: Float }\nenum GeoInput { A }\ntype Post @model"
                + AUTH
                + " { id: ID! geo: Geo }",
            "2:6: declared type `GeoInput` collides with the type Cairn generates for `Geo` (line 1)"),
        c(
            "two generated types collide",
            "type Post @model" + AUTH + " { id: ID! f: PostFilter }\nenum PostFilter { A }",
            "1:6: generated type `ModelPostFilterInput` (for `Post`) collides with the type generated"
                + " for `PostFilter` (line 2); rename `Post`"),
        c(
            "root field collision",
            "type Person @model"
                + AUTH
                + " { id: ID! }\ntype People @model"
                + AUTH
                + " { id: ID! }",
            "2:6: root field `listPeople` of `People` is also generated for `Person` (line 1)"),
        c(
            "queryField collision",
            "type Post @model"
                + AUTH
                + " {\n  id: ID!\n  a: String @index(name: \"byA\", queryField: \"getPost\")\n}",
            "3:45: root field `getPost` of `Post` is also generated for `Post` (line 1)"),
        c(
            "cairnFlag without key",
            "type Post @model @cairnFlag" + AUTH + " {\n  id: ID!\n}",
            "1:18: @cairnFlag needs `key`, the boolean flag that gates it"),
        c(
            "cairnFlag key not a string",
            "type Post @model @cairnFlag(key: 5)" + AUTH + " {\n  id: ID!\n}",
            "1:34: @cairnFlag `key` must be a string in double quotes, got 5"),
        c(
            "cairnFlag key badly spelled",
            "type Post @model @cairnFlag(key: \"new inbox\")" + AUTH + " {\n  id: ID!\n}",
            "1:34: @cairnFlag key `new inbox` is not a flag key"),
        c(
            "cairnFlag unknown argument",
            "type Post @model @cairnFlag(key: \"a\", on: true)" + AUTH + " {\n  id: ID!\n}",
            "1:39: @cairnFlag has no argument `on`; use `key`"),
        c(
            "cairnFlag twice on a model",
            "type Post @model @cairnFlag(key: \"a\") @cairnFlag(key: \"b\")"
                + AUTH
                + " {\n  id: ID!\n}",
            "1:39: @cairnFlag is used twice on type `Post`"),
        c(
            "cairnFlag on a required field",
            "type Post @model" + AUTH + " {\n  id: ID!\n  body: String! @cairnFlag(key: \"a\")\n}",
            "3:17: @cairnFlag on field `body` of `Post`: `String!` is required, but callers without"
                + " the flag read the field as null; make it nullable (`String`)"),
        c(
            "cairnFlag on the primary key",
            "type Post @model" + AUTH + " {\n  id: ID! @cairnFlag(key: \"a\")\n}",
            "2:11: @cairnFlag on field `id` of `Post`: a primary key field cannot be gated"),
        c(
            "cairnFlag on an owner field",
            "type Post @model @auth(rules: [{ allow: owner }]) {\n  id: ID!\n  owner: String"
                + " @cairnFlag(key: \"a\")\n}",
            "3:17: @cairnFlag on field `owner` of `Post`: it is named by an @auth rule"),
        c(
            "cairnFlag on an index key",
            "type Post @model"
                + AUTH
                + " {\n  id: ID!\n  tag: String @index(name: \"byTag\") @cairnFlag(key: \"a\")\n}",
            "3:37: @cairnFlag on field `tag` of `Post`: it is a key of index `byTag`"),
        c(
            "cairnFlag on a relation",
            "type Post @model"
                + AUTH
                + " {\n  id: ID!\n  comments: [Comment] @hasMany @cairnFlag(key: \"a\")\n}\n"
                + "type Comment @model"
                + AUTH
                + " {\n  id: ID!\n}",
            "3:32: @cairnFlag on field `comments` of `Post`: relation fields cannot be gated"),
        c(
            "cairnFlag repeating the model's gate",
            "type Post @model @cairnFlag(key: \"a\")"
                + AUTH
                + " {\n  id: ID!\n  body: String @cairnFlag(key: \"a\")\n}",
            "3:16: @cairnFlag on field `body` of `Post` repeats the model's gate `a`"),
        c(
            "cairnFlag on an embedded type",
            "type Geo @cairnFlag(key: \"a\") { lat: Float }",
            "1:10: @cairnFlag cannot be used on type `Geo`, which has no @model; @cairnFlag may be"
                + " used on @model types and fields of @model types"),
        c(
            "cairnFlag on an enum",
            "enum Size @cairnFlag(key: \"a\") { S }",
            "1:11: @cairnFlag cannot be used on enum `Size`"),
        c(
            "unknown directive on an enum",
            "enum Size @upper { S }",
            "1:11: unknown directive @upper on enum `Size`; allowed here: `deprecated`"));
  }

  /** A directive where its definition does not allow it, at the {@code @directive} token. */
  static Stream<Arguments> directiveLocationCases() {
    return Stream.of(
        c(
            "@model on an enum",
            "enum Size @model { S M }",
            "1:11: @model cannot be used on enum `Size`; @model may be used on object types"
                + " (`type Post @model { ... }`)"),
        c(
            "@model on an input",
            "input PostInput @model { a: String }",
            "1:17: @model cannot be used on input `PostInput`; @model may be used on object types"),
        c(
            "@model on an interface",
            "interface Node @model { id: ID! }",
            "1:16: @model cannot be used on interface `Node`; @model may be used on object types"),
        c(
            "@model on a field",
            "type Post @model" + AUTH + " {\n  id: ID! @model\n}",
            "2:11: @model cannot be used on field `id` of `Post`; @model may be used on object"
                + " types"),
        c(
            "@primaryKey on a type",
            "type Post @model @primaryKey" + AUTH + " {\n  id: ID!\n}",
            "1:18: @primaryKey cannot be used on type `Post`; @primaryKey may be used on fields of"
                + " @model types"),
        c(
            "@auth on an enum",
            "enum Size @auth(rules: [{ allow: public }]) { S }",
            "1:11: @auth cannot be used on enum `Size`; @auth may be used on @model types and"
                + " fields of @model types"),
        c(
            "@auth on an enum value",
            "enum Size {\n  S\n  M @auth(rules: [{ allow: public }])\n}",
            "3:5: @auth cannot be used on value `M` of enum `Size`; @auth may be used on @model"
                + " types and fields of @model types"),
        c(
            "@auth on a type without @model",
            "type Geo @auth(rules: [{ allow: public }]) { lat: Float }",
            "1:10: @auth cannot be used on type `Geo`, which has no @model; @auth may be used on"
                + " @model types and fields of @model types"),
        c(
            "@deprecated on a type",
            "type Post @model @deprecated" + AUTH + " {\n  id: ID!\n}",
            "1:18: @deprecated cannot be used on type `Post`; @deprecated may be used on fields of"
                + " @model types, fields of types without @model, enums and enum values"),
        c(
            "a directive used twice",
            "type Post @model"
                + AUTH
                + " {\n  id: ID!\n  n: Int @default(value: \"1\") @default(value: \"2\")\n}",
            "3:31: @default is used twice on field `n` of `Post`; keep one"),
        c(
            "@model used twice",
            "type Post @model @model(queries: null)" + AUTH + " {\n  id: ID!\n}",
            "1:18: @model is used twice on type `Post`; keep one"),
        c(
            "@deprecated with a reason that is not a string",
            "type Post @model" + AUTH + " {\n  id: ID!\n  t: String @deprecated(reason: 1)\n}",
            "3:33: `reason` must be a string in double quotes, got 1"),
        c(
            "relation directive on a scalar field",
            "type Post @model" + AUTH + " {\n  id: ID!\n  authorId: ID @hasOne\n}",
            "3:16: @hasOne on field `authorId` of `Post` needs a model type"));
  }

  /** An owner field that is part of the primary key, at the key field's name or sort key. */
  static Stream<Arguments> ownerKeyCases() {
    return Stream.of(
        c(
            "owner field is the primary key",
            "type Profile @model @auth(rules: [{ allow: owner, ownerField: \"userId\" }]) {\n"
                + "  userId: ID! @primaryKey\n  name: String\n}",
            "2:3: owner field `userId` of `Profile` is its primary key; the owner would be part of"
                + " the record's identity and a change of owner a new record; key `Profile` by"
                + " another field (e.g. `id: ID!`) and look records up by owner with"
                + " @index(name: \"byUserId\") on `userId`"),
        c(
            "default owner field is a sort key",
            "type Vote @model @auth(rules: [{ allow: owner }]) {\n"
                + "  pollId: ID! @primaryKey(sortKeyFields: [\"owner\"])\n  owner: String!\n}",
            "2:43: owner field `owner` of `Vote` is a sort key of its primary key"),
        c(
            "owner field of a field-level rule is the primary key",
            "type Doc @model @auth(rules: [{ allow: private }]) {\n"
                + "  author: String! @primaryKey\n"
                + "  body: String @auth(rules: [{ allow: owner, ownerField: \"author\" }])\n}",
            "2:3: owner field `author` of `Doc` is its primary key"),
        c(
            "owner field is the declared id",
            "type Post @model @auth(rules: [{ allow: owner, ownerField: \"id\" }]) {\n  id: ID!\n}",
            "2:3: owner field `id` of `Post` is its primary key; the owner would be part of the"
                + " record's identity and a change of owner a new record; name another field as the"
                + " owner field, e.g. `ownerField: \"owner\"`"),
        c(
            "owner field is the implicit id",
            "type Post @model @auth(rules: [{ allow: owner, ownerField: \"id\" }]) {\n"
                + "  title: String\n}",
            "1:6: owner field `id` of `Post` is its primary key"));
  }

  /**
   * Values inside directive arguments written over several lines, and names after descriptions and
   * comments: each error is at the token itself.
   */
  static Stream<Arguments> multiLineCases() {
    return Stream.of(
        c(
            "groupsField in a multi-line rule names no field",
            """
            type Post
              @model
              @auth(
                rules: [
                  { allow: owner }
                  {
                    allow: groups
                    groupsField: "editors"
                  }
                ]
              ) {
              id: ID!
            }
            """,
            "8:22: `groupsField: \"editors\"` of model `Post` names no field"),
        c(
            "unknown sort key in a multi-line list",
            """
            type Reading @model @auth(rules: [{ allow: public }]) {
              sensorId: ID!
                @primaryKey(
                  sortKeyFields: [
                    "takenAt",
                    "seq"
                  ]
                )
              takenAt: AWSDateTime!
            }
            """,
            "6:9: @primaryKey sort key `seq` is not a field of `Reading`"),
        c(
            "unknown field in a multi-line belongsTo",
            """
            type Comment @model @auth(rules: [{ allow: public }]) {
              id: ID!
              postId: ID
              post: Post
                @belongsTo(
                  fields: [
                    "postID"
                  ]
                )
            }
            type Post @model @auth(rules: [{ allow: public }]) { id: ID! }
            """,
            "7:9: `postID` is not a field of `Comment`; declare it or fix the name; did you mean"
                + " `postId`?"),
        c(
            "unknown operation in a multi-line list",
            """
            type Post @model @auth(rules: [
              {
                allow: owner,
                operations: [
                  read,
                  write
                ]
              }
            ]) {
              id: ID!
            }
            """,
            "6:7: `operations` has unknown value `write`"),
        c(
            "unknown key in a multi-line rule",
            """
            type Post @model @auth(rules: [
              {
                allow: owner
                ownr: "x"
              }
            ]) {
              id: ID!
            }
            """,
            "4:5: an @auth rule has no key `ownr`"),
        c(
            "default not in the enum, on its own line",
            """
            enum Status { DRAFT LIVE }
            type Post @model @auth(rules: [{ allow: public }]) {
              id: ID!
              status: Status
                @default(
                  value: "ARCHIVED"
                )
            }
            """,
            "6:14: @default value `ARCHIVED` is not a value of enum `Status`"),
        c(
            "duplicate type after a block description",
            "enum A { X }\n\"\"\"\nSecond declaration.\n\"\"\"\nenum A { Y }",
            "5:6: type `A` is declared twice (first at line 1)"),
        c(
            "field after a description",
            "type Post @model" + AUTH + " {\n  \"The key.\"\n  id: String!\n}",
            "3:3: field `id` of `Post` must be `ID!`"),
        c(
            "duplicate type in a file with CRLF line ends",
            "enum A { X }\r\n\"\"\"doc\"\"\"\r\nenum A { Y }",
            "3:6: type `A` is declared twice (first at line 1)"),
        c(
            "type name after a description holding quotes and a hash",
            "\"\"\"\nSays \\\"\"\" and # not a comment\n\"\"\" type Post @model {\n  id: ID!\n}",
            "3:10: model `Post` has no @auth rules"),
        c(
            "type name after a comment",
            "type # the posts\n  Post @model {\n  id: ID!\n}",
            "2:3: model `Post` has no @auth rules"));
  }

  /** The remaining kinds: wrong shapes of arguments, relations and keys. */
  static Stream<Arguments> shapeCases() {
    String post = "type Post @model" + AUTH + " {\n  id: ID!\n";
    String tag = "\ntype Tag @model" + AUTH + " {\n  id: ID!\n";
    return Stream.of(
        c(
            "auth with an empty rule list",
            "type Post @model @auth(rules: []) {\n  id: ID!\n}",
            "1:31: @auth has an empty `rules` list"),
        c(
            "auth rule that is not an object",
            "type Post @model @auth(rules: [{ allow: public }, owner]) {\n  id: ID!\n}",
            "1:51: each @auth rule must be an object such as { allow: owner }"),
        c(
            "allow that is not a name",
            "type Post @model @auth(rules: [{ allow: 1 }]) {\n  id: ID!\n}",
            "1:41: `allow` must be a name such as `owner`, got 1"),
        c(
            "empty operations",
            "type Post @model @auth(rules: [{ allow: owner, operations: [] }]) {\n  id: ID!\n}",
            "1:60: `operations` is empty"),
        c(
            "argument given twice",
            post + "  a: String @index(name: \"x\", name: \"y\")\n}",
            "3:31: argument `name` is given twice"),
        c(
            "string argument that is not a string",
            post + "  a: String @index(name: byA)\n}",
            "3:26: `name` must be a string in double quotes, got byA"),
        c(
            "list of strings holding a number",
            "type Post @model"
                + AUTH
                + " {\n  a: ID! @primaryKey(sortKeyFields: [\"b\", 2])\n  b: ID!\n}",
            "2:43: `sortKeyFields` must be a list of strings, got 2"),
        c(
            "operation names that are not an object",
            "type Post @model(queries: true)" + AUTH + " {\n  id: ID!\n}",
            "1:27: `queries` must be null or an object such as"),
        c(
            "operation name that is not a name",
            "type Post @model(mutations: { create: \"new-post\" })" + AUTH + " {\n  id: ID!\n}",
            "1:39: `new-post` is not a valid name"),
        c("enum without values", "enum Size {\n}", "1:6: enum `Size` has no values"),
        c(
            "type implementing an interface",
            "type Post implements Node @model" + AUTH + " {\n  id: ID!\n}",
            "1:22: `Post` implements an interface"),
        c(
            "AMPLIFY input with another field",
            "input AMPLIFY {\n  globalAuthRule: AuthRule = { allow: public }\n  other: Int\n}",
            "3:3: `input AMPLIFY` may only hold `globalAuthRule"),
        c(
            "two relation directives",
            post + "  t: Tag @hasOne @belongsTo\n}" + tag + "}",
            "3:18: field `t` of `Post` has two relation directives; keep one"),
        c(
            "hasOne on a list",
            post + "  t: [Tag] @hasOne\n}" + tag + "}",
            "3:3: @hasOne on field `t` of `Post` needs a single model, not a list"),
        c(
            "belongsTo on a list",
            post + "  t: [Tag] @belongsTo\n}" + tag + "}",
            "3:3: @belongsTo on field `t` of `Post` needs a single model, not a list"),
        c(
            "hasMany with more fields than the key",
            post + "  a: ID\n  t: [Tag] @hasMany(fields: [\"id\", \"a\"])\n}" + tag + "}",
            "4:29: @hasMany on field `t` of `Post` matches 2 field(s) against a key of 1"),
        c(
            "ambiguous belongsTo",
            post + "  a: Tag @hasOne\n  b: Tag @hasOne\n}" + tag + "  post: Post @belongsTo\n}",
            "8:14: @belongsTo on field `post` of `Tag` is ambiguous"),
        c(
            "manyToMany on a single model",
            post + "  t: Tag @manyToMany(relationName: \"PostTag\")\n}" + tag + "}",
            "3:3: @manyToMany on field `t` of `Post` needs a list type"),
        c(
            "manyToMany to itself",
            post + "  p: [Post] @manyToMany(relationName: \"PostPost\")\n}",
            "3:3: @manyToMany on field `p` of `Post` relates `Post` to itself"),
        c(
            "manyToMany named like an enum",
            post
                + "  t: [Tag] @manyToMany(relationName: \"Kind\")\n}"
                + tag
                + "  p: [Post] @manyToMany(relationName: \"Kind\")\n}\nenum Kind { A }",
            "3:38: relationName `Kind` is also the name of a declared type"),
        c(
            "sort key named twice",
            "type Post @model"
                + AUTH
                + " {\n  a: ID! @primaryKey(sortKeyFields: [\"b\", \"b\"])\n  b: ID!\n}",
            "2:43: @primaryKey names `b` twice as a key field"),
        c(
            "nullable primary-key sort key",
            "type Post @model"
                + AUTH
                + " {\n  a: ID! @primaryKey(sortKeyFields: [\"b\"])\n  b: ID\n}",
            "2:38: @primaryKey sort key `b` of `Post` must be required"));
  }

  static Stream<Arguments> allCases() {
    return Stream.of(
            cases(), directiveLocationCases(), ownerKeyCases(), multiLineCases(), shapeCases())
        .flatMap(s -> s);
  }

  private static Arguments c(String name, String sdl, String expected) {
    return Arguments.of(name, sdl, expected);
  }

  private static Arguments c(String name, String sdl, String expected, String extra) {
    return Arguments.of(name, sdl + "\n" + extra, expected.strip());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allCases")
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
        .containsExactly("3:6", "4:26", "5:31", "7:6");
  }

  @Test
  void errorsPrintAsFileLineColumnMessage() {
    SchemaError error =
        ModelSchemaParser.parse("tenant/schema.graphql", "type Post @model { id: ID! }")
            .errors()
            .get(0);

    assertThat(error.toString())
        .startsWith("tenant/schema.graphql:1:6: model `Post` has no @auth rules");
  }
}
